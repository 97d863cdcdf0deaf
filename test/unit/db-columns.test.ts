// The column reader behind rowsOf (src/db/columns.ts) gives exactly what Arrow's own Vector.get
// gives, for any text (well-formed or not), any chunking and slicing, and any column DuckDB returns.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Bool, Float64, Int32, Int64, Int8, Table, Utf8, Vector, tableFromIPC, vectorFromArray } from 'apache-arrow';
import { columnValues, utf8Text } from '../../src/db/columns';
import { literalText } from '../../src/db/sql';
import { openNodeEngine } from '../../src/db/node';

const byGet = (v: Vector) => Array.from({ length: v.length }, (_, i) => v.get(i));
// A LIST cell is a Vector of its own, a new object on each get(): compared by its items.
const plain = (cells: unknown[]) => cells.map((c) => (c instanceof Vector ? [...c] : c));
const decoder = new TextDecoder();

describe('utf8Text', () => {
  it('decodes any bytes as TextDecoder does, well-formed UTF-8 or not, short or long', () => {
    const text = fc.string({ unit: 'binary', maxLength: 40 }).map((s) => new TextEncoder().encode(s));
    // Bytes near the edges of the well-formed ranges: overlong forms, surrogates, past U+10FFFF, cut sequences.
    const edgy = fc.uint8Array({ maxLength: 24 }).map((b) => b.map((x) => [0x80, 0xbf, 0xc0, 0xc1, 0xc2, 0xdf, 0xe0, 0xed, 0xef, 0xf0, 0xf4, 0xf5, 0x9f, 0xa0, 0x8f, 0x90, 0x41][x % 17]));
    const bytes = fc.oneof(text, edgy, fc.uint8Array({ maxLength: 100 }));
    fc.assert(
      fc.property(bytes, fc.nat(), fc.nat(), (b, x, y) => {
        const [start, end] = [x % (b.length + 1), y % (b.length + 1)].sort((p, q) => p - q);
        expect(utf8Text(b, start, end)).toBe(decoder.decode(b.subarray(start, end)));
      }),
      { numRuns: 3000 },
    );
  });
});

describe('columnValues', () => {
  const cell = <T>(a: fc.Arbitrary<T>) => fc.option(a, { freq: 4 });
  const columns = {
    int8: [Int8, cell(fc.integer({ min: -128, max: 127 }))],
    int32: [Int32, cell(fc.integer())],
    int64: [Int64, cell(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }))],
    float64: [Float64, cell(fc.double())],
    utf8: [Utf8, cell(fc.string({ unit: 'grapheme', maxLength: 30 }))],
    long_utf8: [Utf8, cell(fc.string({ minLength: 60, maxLength: 120 }))],
    bool: [Bool, cell(fc.boolean())],
  } as const;

  it('reads every column of any chunked or sliced table as Vector.get does', () => {
    const chunks = fc.array(fc.array(fc.tuple(...Object.values(columns).map(([, a]) => a)), { minLength: 1, maxLength: 30 }), { minLength: 1, maxLength: 4 });
    fc.assert(
      fc.property(chunks, fc.nat(), fc.nat(), (parts, x, y) => {
        const tables = parts.map((rows) => new Table(Object.fromEntries(Object.entries(columns).map(([name, [Type]], c) => [name, vectorFromArray(rows.map((r) => r[c]), new Type())]))));
        const whole = tables.slice(1).reduce((t, u) => t.concat(u), tables[0]);
        const [from, to] = [x % (whole.numRows + 1), y % (whole.numRows + 1)].sort((p, q) => p - q);
        for (const table of [whole, whole.slice(from, to)]) {
          for (const name of Object.keys(columns)) {
            const v = table.getChild(name)!;
            expect(columnValues(v)).toEqual(byGet(v));
          }
        }
      }),
      { numRuns: 200 },
    );
  });

  it('reads what DuckDB-WASM returns (its chunks, validity bitmaps, every type it gives) as Vector.get does', async () => {
    const engine = await openNodeEngine();
    try {
      const text = fc.option(fc.string({ unit: 'binary', maxLength: 20 }).filter((s) => !s.includes('\0')), { freq: 3 });
      await fc.assert(
        fc.asyncProperty(fc.array(fc.tuple(text, fc.option(fc.integer(), { freq: 3 })), { minLength: 1, maxLength: 20 }), fc.integer({ min: 1, max: 300 }), async (rows, repeat) => {
          const values = rows.map(([s, n]) => `(${s === null ? 'NULL' : literalText(s)}, ${n ?? 'NULL'})`).join(', ');
          // Repeated past DuckDB's 2,048-row vectors, so the result comes in several chunks.
          const ipc = await engine.queryIPC(
            `SELECT s, n, CAST(n AS BIGINT) * 3 AS big, CAST(n AS DOUBLE) / 7 AS d, CAST(n AS DECIMAL(18,2)) AS dec, n > 0 AS b, [n, n] AS l, r
             FROM (VALUES ${values}) v(s, n), range(${repeat}) t(r)`,
          );
          const table = tableFromIPC(ipc);
          for (const f of table.schema.fields) {
            const v = table.getChild(f.name)!;
            expect(plain(columnValues(v))).toEqual(plain(byGet(v)));
          }
        }),
        { numRuns: 25 },
      );
    } finally {
      await engine.close();
    }
  });
});
