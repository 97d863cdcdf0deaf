// Property: huge or odd numbers in any cell of a valid file, and Parquet columns of the wrong type,
// never fail a load. Per file, rows read = loaded + rejected; every row is either loaded or rejected
// at its own line; every row the mutation did not touch loads with its values.
import Decimal from 'decimal.js';
import fc from 'fast-check';
import { Binary, DateDay, Float32, Float64, Int64, TimestampMillisecond, Utf8, vectorFromArray, type DataType, type Vector } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/db/engine';
import { openNodeEngine } from '../../src/db/node';
import { clearAll, type DataTable } from '../../src/db/schema';
import { TABLE_COLUMNS } from '../../src/ingest/headers';
import { csvOf, loadOne, parquetOf, rowsByLine, rowsInDb, TABLES, validRow, written, type Cell } from './ingest-values-fixtures';

let engine: Engine;
beforeAll(async () => {
  engine = await openNodeEngine();
});
afterAll(() => engine.close());

const digits = (min: number, max: number) => fc.stringMatching(new RegExp(`^[1-9][0-9]{${min - 1},${max - 1}}$`));
const fullWidth = (s: string) => s.replace(/[0-9.,%]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));

/** Numbers no column can hold, or written so that reading them would mean guessing. */
const oddNumber: fc.Arbitrary<string> = fc.oneof(
  digits(9, 40),
  digits(9, 40).map((d) => `-${d}`),
  digits(7, 25).map((d) => `0.${d}`),
  fc.tuple(digits(1, 6), fc.oneof(digits(1, 2), digits(4, 6))).map(([a, b]) => `${a},${b}`),
  fc.tuple(digits(1, 3), digits(1, 3), digits(1, 2)).map(([a, b, c]) => `${a},${b},${c}`),
  fc.tuple(digits(9, 30), fc.constantFrom('元', '万元', '万', '%', '分', '人', '年')).map(([d, u]) => d + u),
  fc.integer({ min: 10, max: 400 }).map((e) => `1e${e}`),
  digits(13, 30).map(fullWidth),
  digits(15, 30).map((d) => `按合同编号${d}执行`),
  digits(7, 12).map((d) => `100.${d}%`),
);

type CellEdit = { row: number; column: number; value: string };
const edit = fc.record({ row: fc.nat(), column: fc.nat(), value: oddNumber });

/** Every row either loaded or rejected at its line, none both; rows read = loaded + rejected; as many rows in DuckDB. */
async function expectAccounted(file: { rowsRead: number; rowsLoaded: number; rowsRejected: number }, rejected: { line: number | null }[], table: DataTable, n: number) {
  expect(file.rowsRead).toBe(n);
  expect(file.rowsRead).toBe(file.rowsLoaded + file.rowsRejected);
  expect(await rowsInDb(engine)).toBe(file.rowsLoaded);
  const loaded = await rowsByLine(engine, table);
  const lines = [...loaded.keys(), ...rejected.map((r) => r.line)].sort((a, b) => Number(a) - Number(b));
  expect(lines).toEqual(Array.from({ length: n }, (_, i) => i + 2));
  return loaded;
}

function expectStored(row: Record<string, unknown> | undefined, cells: Record<string, Cell>, line: number) {
  const stored = Object.fromEntries(Object.entries(cells).map(([k, c]) => [k, c.stored]));
  expect({ line, row: row && Object.fromEntries(Object.keys(stored).map((k) => [k, row[k]])) }).toEqual({ line, row: stored });
}

describe('huge numbers in any cell of a CSV', () => {
  it('never fail the load; untouched rows load with their values', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...TABLES), fc.integer({ min: 2, max: 8 }), fc.array(edit, { minLength: 1, maxLength: 4 }), async (table, n, edits: CellEdit[]) => {
        const names = TABLE_COLUMNS[table].map((s) => s.name);
        const rows = Array.from({ length: n }, (_, i) => validRow(table, i));
        const texts = rows.map(written);
        const touched = new Set<number>();
        for (const e of edits) {
          texts[e.row % n][names[e.column % names.length]] = e.value;
          touched.add(e.row % n);
        }
        await clearAll(engine);
        const { file, rejected } = await loadOne(engine, 'huge.csv', csvOf(table, texts));
        const loaded = await expectAccounted(file, rejected, table, n);
        for (let i = 0; i < n; i++) if (!touched.has(i)) expectStored(loaded.get(i + 2), rows[i], i + 2);
        for (const r of rejected) expect(r.reason).not.toBe('');
      }),
      { numRuns: 120, seed: 20240610 },
    );
  }, 240_000);
});

const cents = fc.integer({ min: -1e9, max: 1e9 });

/** The Parquet types a numeric column is wrongly stored as, with values of each. */
const WRONG: Record<string, { type: () => DataType; value: fc.Arbitrary<unknown> }> = {
  date: { type: () => new DateDay(), value: fc.date({ min: new Date('1900-01-01'), max: new Date('2100-12-31'), noInvalidDate: true }) },
  timestamp: { type: () => new TimestampMillisecond(), value: fc.date({ min: new Date('1900-01-01'), max: new Date('2100-12-31'), noInvalidDate: true }) },
  // Any float, and amounts as people type them (183.35) stored in a float: those must load at their short form.
  float: { type: () => new Float32(), value: fc.oneof(fc.float(), cents.map((c) => Math.fround(c / 100))) },
  double: { type: () => new Float64(), value: fc.oneof(fc.double(), cents.map((c) => c / 100)) },
  binary: { type: () => new Binary(), value: fc.uint8Array({ maxLength: 12 }) },
  int64: { type: () => new Int64(), value: fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }) },
  text: { type: () => new Utf8(), value: oddNumber },
};
const REFUSED = new Set(['date', 'timestamp', 'binary']);

const numericColumns = TABLES.flatMap((table) => TABLE_COLUMNS[table].filter((s) => s.type !== 'text').map((spec) => ({ table, spec })));

describe('Parquet columns of the wrong type', () => {
  it('never fail the load: refused types reject their rows, floats load at a decimal that reads back as the same float', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...numericColumns),
        fc.constantFrom(...Object.keys(WRONG)).chain((kind) =>
          fc.tuple(fc.constant(kind), fc.array(fc.option(WRONG[kind].value, { freq: 3 }), { minLength: 1, maxLength: 6 })),
        ),
        async ({ table, spec }, [kind, values]) => {
          const wrong = WRONG[kind];
          const n = values.length;
          const rows = Array.from({ length: n }, (_, i) => validRow(table, i));
          const columns: Record<string, Vector> = {};
          for (const s of TABLE_COLUMNS[table]) {
            columns[s.name] = s.name === spec.name ? vectorFromArray(values, wrong.type()) : vectorFromArray(rows.map((r) => r[s.name].written), new Utf8());
          }
          await clearAll(engine);
          const { file, rejected } = await loadOne(engine, 'wrong.parquet', await parquetOf(columns));
          const loaded = await expectAccounted(file, rejected, table, n);
          const pointsRead = file.notes.some((t) => t.includes(`（${spec.name}）`) && t.includes('百分点'));
          for (let i = 0; i < n; i++) {
            const line = i + 2;
            const v = values[i];
            const row = loaded.get(line);
            const reason = rejected.find((r) => r.line === line)?.reason;
            if (v == null) {
              if (spec.type === 'year') expect(reason).toBe('缺少年度');
              else expectStored(row, { ...rows[i], [spec.name]: { written: '', stored: null } }, line);
            } else if (REFUSED.has(kind)) {
              expect(reason).toContain(`（${spec.name}）：Parquet 列类型为`);
            } else if (row) {
              // What was stored, back in the file's own terms (a percentage-points column holds v / 100).
              const asWritten = new Decimal(String(row[spec.name])).times(pointsRead ? 100 : 1);
              // …and at its shortest: a FLOAT needs at most 9 significant digits, not the 17 of the double it widens to.
              if (kind === 'float') expect([Math.fround(asWritten.toNumber()), asWritten.sd() <= 9]).toEqual([v, true]);
              if (kind === 'double') expect(asWritten.toNumber()).toBe(v);
              if (kind === 'int64') expect(asWritten.toFixed()).toBe(String(v));
            }
          }
        },
      ),
      { numRuns: 150, seed: 20240611 },
    );
  }, 240_000);
});
