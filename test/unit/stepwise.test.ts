// A stepwise query (db/sql.ts withSteps) is one WITH statement on DuckDB-WASM and its steps built
// as TEMP tables on native DuckDB (Engine.stepsAsTables), which is how copied-indicators fits the
// national run's memory. Both ways must give the same findings, and a failing step must leave
// nothing behind.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Engine } from '../../src/db/engine';
import { openNativeEngine } from '../../src/db/native';
import { openNodeEngine } from '../../src/db/node';
import { sql, withSteps } from '../../src/db/sql';
import { readFindings, writeFindings } from '../../src/analysis/findings';
import { RULES } from '../../src/analysis/rules/index';
import { defineRule, numberSetting } from '../../src/analysis/rules/rule';

/** Forms 0…n−1 in groups of x % m; a finding per pair of groups of the same size (the last step read twice). */
const pairsRule = (failAt?: number) =>
  defineRule({
    ...RULES[0],
    id: 'stepwise-pairs',
    settings: { n: numberSetting(10, 'n', 'n'), m: numberSetting(3, 'm', 'm') },
    detail: { zh: '组 {v}', en: 'groups {v}' },
    query: (s) =>
      withSteps(
        [
          { name: 'xs', query: sql`SELECT range AS x FROM range(CAST(${s.n as number} AS BIGINT))` },
          // -- a comment as a step's last line must not swallow what follows
          { name: 'gs', query: sql`SELECT CASE WHEN x = ${failAt ?? -1} THEN CAST(error('boom') AS BIGINT) ELSE x % CAST(${s.m as number} AS BIGINT) END AS g FROM xs\n-- the groups` },
          { name: 'sizes', query: sql`SELECT g, count(*) AS c FROM gs GROUP BY g` },
        ],
        sql`SELECT 'x' AS field, a.g || '~' || b.g AS v FROM sizes a JOIN sizes b ON a.c = b.c AND a.g < b.g`,
      ),
  });

/** What pairsRule finds, computed here. */
function expectedPairs(n: number, m: number): string[] {
  const sizes = new Map<number, number>();
  for (let x = 0; x < n; x++) sizes.set(x % m, (sizes.get(x % m) ?? 0) + 1);
  const out: string[] = [];
  for (const [a, ca] of sizes) for (const [b, cb] of sizes) if (ca === cb && a < b) out.push(`组 ${a}~${b}`);
  return out.sort();
}

const temporaryTables = async (e: Engine) => (await e.query<{ name: string }>('SELECT table_name AS name FROM duckdb_tables() WHERE temporary ORDER BY 1')).map((r) => r.name);

describe('stepwise rule queries', () => {
  let wasm: Engine;
  let native: Engine;
  beforeAll(async () => {
    [wasm, native] = await Promise.all([openNodeEngine(), openNativeEngine({ threads: 2 })]);
  });
  afterAll(async () => {
    await wasm?.close();
    await native?.close();
  });

  it('are one statement in DuckDB-WASM and TEMP tables in native DuckDB', () => {
    expect(wasm.stepsAsTables).toBeFalsy();
    expect(native.stepsAsTables).toBe(true);
    const q = pairsRule().query({ n: 10, m: 3 });
    expect(q.sql).toMatch(/^WITH xs AS \(/);
    expect(q.params).toEqual([10, -1, 3]);
  });

  it('give the same findings both ways, for any sizes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 60 }), fc.integer({ min: 1, max: 12 }), async (n, m) => {
        const want = expectedPairs(n, m);
        for (const e of [wasm, native]) {
          expect(await writeFindings(e, { n, m } as never, [pairsRule()])).toEqual([]);
          expect((await readFindings(e)).map((f) => f.detail).sort()).toEqual(want);
          expect(await temporaryTables(e)).toEqual([]);
        }
      }),
      { numRuns: 25 },
    );
  }, 120_000);

  it('drop the steps already built when a later one fails, and report the rule', async () => {
    for (const e of [wasm, native]) {
      const failures = await writeFindings(e, { n: 10, m: 3 } as never, [pairsRule(4), RULES[0]]);
      expect(failures).toEqual([{ rule: 'stepwise-pairs', message: expect.stringContaining('boom') }]);
      expect(await temporaryTables(e)).toEqual([]);
      // the rule runs again on the same connection
      expect(await writeFindings(e, { n: 10, m: 3 } as never, [pairsRule()])).toEqual([]);
    }
  }, 60_000);
});
