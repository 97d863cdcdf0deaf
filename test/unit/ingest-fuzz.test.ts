// Property: whatever is done to a valid file — lines cut, encodings swapped, junk bytes, columns
// shuffled — the loader never throws, and rows read = rows loaded + rows rejected.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import type { Engine } from '../../src/db/engine';
import { openNodeEngine } from '../../src/db/node';
import { clearAll } from '../../src/db/schema';
import { loadFiles } from '../../src/ingest/load';

const seedFiles = ['evaluations', 'indicators', 'spending', 'staffing'].map((t) => fs.readFileSync(`data/seed/${t}.csv`, 'utf8'));

type Mutation =
  | { kind: 'cut'; at: number; len: number }
  | { kind: 'junk'; at: number; bytes: number[] }
  | { kind: 'shuffle'; seed: number }
  | { kind: 'latin1' }
  | { kind: 'dropLine'; at: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('cut' as const), at: fc.nat(), len: fc.integer({ min: 1, max: 200 }) }),
  fc.record({ kind: fc.constant('junk' as const), at: fc.nat(), bytes: fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 40 }) }),
  fc.record({ kind: fc.constant('shuffle' as const), seed: fc.nat() }),
  fc.record({ kind: fc.constant('latin1' as const) }),
  fc.record({ kind: fc.constant('dropLine' as const), at: fc.nat() }),
);

function apply(text: string, bytes: Uint8Array, m: Mutation): Uint8Array {
  switch (m.kind) {
    case 'cut': {
      const at = m.at % Math.max(1, bytes.length);
      return new Uint8Array([...bytes.subarray(0, at), ...bytes.subarray(at + m.len)]);
    }
    case 'junk': {
      const at = m.at % Math.max(1, bytes.length);
      return new Uint8Array([...bytes.subarray(0, at), ...m.bytes, ...bytes.subarray(at)]);
    }
    case 'latin1':
      // Each UTF-16 unit as one byte: what a wrong "save as ANSI" does to a file.
      return Uint8Array.from(text, (c) => c.charCodeAt(0) & 0xff);
    case 'dropLine': {
      const lines = text.split('\n');
      lines.splice(m.at % lines.length, 1);
      return new TextEncoder().encode(lines.join('\n'));
    }
    case 'shuffle': {
      // Columns in another order: the same header permutation applied to every line.
      const lines = text.split('\n').map((l) => l.split(','));
      const width = lines[0].length;
      const order = [...Array(width).keys()].sort((a, b) => ((a * 7919 + m.seed) % 101) - ((b * 7919 + m.seed) % 101));
      return new TextEncoder().encode(lines.map((l) => order.map((i) => l[i] ?? '').join(',')).join('\n'));
    }
  }
}

let engine: Engine;
beforeAll(async () => {
  engine = await openNodeEngine();
});
afterAll(() => engine.close());

describe('mutated files', () => {
  it('never throw and always account for every row', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: seedFiles.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 3 }), async (which, ms) => {
        const text = seedFiles[which];
        let bytes: Uint8Array = new TextEncoder().encode(text);
        for (const m of ms) bytes = apply(new TextDecoder().decode(bytes), bytes, m);
        await clearAll(engine);
        const report = await loadFiles(engine, [{ name: 'm.csv', bytes, origin: 'own' }]);
        const f = report.files[0];
        expect(f.rowsRead).toBe(f.rowsLoaded + f.rowsRejected);
        const inDb = await engine.query<{ n: number }>(`SELECT (SELECT count(*) FROM evaluations) + (SELECT count(*) FROM indicators) + (SELECT count(*) FROM spending) + (SELECT count(*) FROM staffing) AS n`);
        expect(Number(inDb[0].n)).toBe(f.rowsLoaded);
        const rejectedRows = report.rejected.filter((r) => r.line != null).length;
        expect(rejectedRows).toBe(f.rowsRejected);
      }),
      { numRuns: 150, seed: 20231 },
    );
  }, 120_000);
});
