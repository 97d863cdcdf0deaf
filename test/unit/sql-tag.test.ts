import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ident, integer, join, list, literal, raw, sql } from '../../src/db/sql';
import { filterWhere } from '../../src/analysis/queries/filters';
import { openNativeEngine } from '../../src/db/native';
import { openNodeEngine } from '../../src/db/node';

describe('sql tagged template', () => {
  it('turns values into parameters, in order, and splices fragments with theirs', () => {
    const where = sql`region = ${'湘阴县'} AND year IN (${list([2022, 2023])})`;
    const q = sql`SELECT * FROM ${ident('my "table"')} WHERE ${where} AND kind = ${'项目'} LIMIT ${raw('10')}`;
    expect(q.sql).toBe('SELECT * FROM "my ""table""" WHERE region = ? AND year IN (?, ?) AND kind = ? LIMIT 10');
    expect(q.params).toEqual(['湘阴县', 2022, 2023, '项目']);
  });

  // A column's name becomes a key of a plain row object: names that are also Object.prototype's
  // (__proto__ above all, which an assignment would swallow) must come back as own properties.
  const PROTOTYPE_NAMES = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'].map((n) => [n] as [string]);
  for (const [label, open] of [['DuckDB-WASM', openNodeEngine], ['native DuckDB', openNativeEngine]] as const) {
    it(`quotes identifiers and literals so that any text round-trips through ${label}, as a column name too`, async () => {
      const engine = await open();
      try {
        await fc.assert(
          fc.asyncProperty(fc.string({ minLength: 1, maxLength: 12 }).filter((s) => !s.includes('\0')), async (text) => {
            const q = sql`SELECT ${literal(text)} AS ${ident(text)}, ${text} AS p`;
            const [row] = await engine.query(q.sql, q.params);
            expect(Object.hasOwn(row, text)).toBe(true);
            expect(row[text]).toBe(text);
            expect(row.p).toBe(text);
          }),
          { numRuns: 60, examples: PROTOTYPE_NAMES },
        );
      } finally {
        await engine.close();
      }
    });
  }

  // DuckDB-WASM binds a JS number as a DOUBLE: compared with one, an INTEGER column is cast on every row.
  it('integer() travels as an INTEGER: any 32-bit integer comes back as itself, and a year filter casts no row', async () => {
    const engine = await openNodeEngine();
    try {
      await engine.exec('CREATE TEMP TABLE e AS SELECT CAST(i AS INTEGER) AS year FROM range(2000, 2030) r(i)');
      await fc.assert(
        fc.asyncProperty(fc.array(fc.oneof(fc.integer({ min: 1990, max: 2040 }), fc.integer({ min: -(2 ** 31 - 1), max: 2 ** 31 - 1 })), { minLength: 1, maxLength: 5 }), async (years) => {
          const q = sql`SELECT (SELECT count(*) FROM e WHERE ${filterWhere({ years })})::INTEGER AS n, ${join(years.map((y) => sql`typeof(${integer(y)}) || ' ' || ${integer(y)}`))}`;
          const [n, ...back] = Object.values((await engine.query(q.sql, q.params))[0]);
          expect(n).toBe(new Set(years.filter((y) => y >= 2000 && y < 2030)).size);
          expect(back).toEqual(years.map((y) => `INTEGER ${y}`));
        }),
        { numRuns: 60, examples: [[[2023]], [[2 ** 31 - 1, -(2 ** 31 - 1)]]] },
      );
      const filter = sql`SELECT count(*) FROM e WHERE ${filterWhere({ years: [2021, 2022] })}`;
      const [plan] = await engine.query<{ explain_value: string }>(`EXPLAIN ${filter.sql}`, filter.params);
      expect(plan.explain_value).toMatch(/year/);
      expect(plan.explain_value).not.toMatch(/DOUBLE/);
      expect(() => integer(2023.5)).toThrow();
      expect(() => integer(2 ** 31)).toThrow();
    } finally {
      await engine.close();
    }
  });

  it('refuses what is neither a value nor a fragment', () => {
    expect(() => sql`SELECT ${Number.NaN as unknown as string}`).toThrow();
    expect(() => sql`SELECT ${{} as unknown as string}`).toThrow();
    expect(join([]).sql).toBe('');
  });
});
