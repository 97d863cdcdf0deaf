// Properties: whatever is done to a valid file — lines cut, encodings swapped, junk bytes, columns
// shuffled — the loader never throws, and rows read = rows loaded + rows rejected. And when the
// damage is one of the text-level kinds real files have (mixed line ends, unterminated or stray
// quotes, GBK lines among UTF-8 ones, undecodable lines, ; and | inside cells), exactly the damaged
// lines are rejected, with their line numbers, and every other line loads with its values.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import type { Engine } from '../../src/db/engine';
import { openNodeEngine } from '../../src/db/node';
import { clearAll } from '../../src/db/schema';
import { encodeGbk } from '../../src/generate/gbk';
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

/** A seed file as its header and records (a record is one line, or several for a quoted multi-line cell). */
function records(text: string): string[] {
  const out: string[] = [];
  let open = '';
  for (const line of text.replace(/\n$/, '').split('\n')) {
    open = open === '' ? line : `${open}\n${line}`;
    // An even number of quotes so far closes every quoted cell the record opened.
    if ((open.match(/"/g)?.length ?? 0) % 2 === 0) {
      out.push(open);
      open = '';
    }
  }
  return out;
}

type LineMutation =
  | { kind: 'eol'; ends: number[] }
  | { kind: 'unterminated'; at: number; cell: number }
  | { kind: 'stray'; at: number; cell: number }
  | { kind: 'gbk'; at: number[] }
  | { kind: 'undecodable'; at: number };

const lineMutation: fc.Arbitrary<LineMutation> = fc.oneof(
  fc.record({ kind: fc.constant('eol' as const), ends: fc.array(fc.nat(2), { minLength: 1, maxLength: 12 }) }),
  fc.record({ kind: fc.constant('unterminated' as const), at: fc.nat(), cell: fc.nat() }),
  fc.record({ kind: fc.constant('stray' as const), at: fc.nat(), cell: fc.nat() }),
  fc.record({ kind: fc.constant('gbk' as const), at: fc.array(fc.nat(), { minLength: 1, maxLength: 8 }) }),
  fc.record({ kind: fc.constant('undecodable' as const), at: fc.nat() }),
);

/** Text cells each table has where real forms write "1.…;2.…|…" (a column no rule rejects). */
const TEXT_CELL: Record<string, number> = { evaluations: 14, indicators: 8, spending: 3, staffing: 2 };
const SUFFIX = ';2.第二项|备注;3.第三项';
const EOLS = ['\n', '\r', '\r\n'];

interface Built {
  bytes: Uint8Array;
  /** Editor line each record starts on. */
  lines: number[];
  touched: Set<number>;
}

function build(recs: string[], ms: LineMutation[]): Built {
  const text = recs.map((r) => r);
  const cells = (i: number) => text[i].split(',');
  // Damage goes to single-line data records, into a non-empty cell holding no quote.
  const single = recs.map((r, i) => i).filter((i) => i > 0 && !recs[i].includes('\n') && !recs[i].includes('"'));
  const touched = new Set<number>();
  const ends = recs.map(() => '\n');
  const gbk = new Set<number>();
  const broken = new Set<number>();
  const pickCell = (i: number, n: number) => {
    const filled = cells(i).map((c, k) => k).filter((k) => cells(i)[k] !== '');
    return filled[n % filled.length];
  };
  for (const m of ms) {
    if (m.kind === 'eol') recs.forEach((_, i) => (ends[i] = EOLS[m.ends[i % m.ends.length]]));
    else if (m.kind === 'gbk') for (const a of m.at) gbk.add(a % recs.length);
    else if (single.length > 0) {
      const i = single[m.at % single.length];
      touched.add(i);
      if (m.kind === 'undecodable') broken.add(i);
      else {
        const c = cells(i);
        const k = pickCell(i, m.cell);
        c[k] = m.kind === 'unterminated' ? `"${c[k]}` : `"${c[k]}"x`;
        text[i] = c.join(',');
      }
    }
  }
  const parts: Uint8Array[] = [];
  const lines: number[] = [];
  let line = 1;
  text.forEach((t, i) => {
    lines.push(line);
    line += t.split('\n').length;
    let b: Uint8Array;
    try {
      b = gbk.has(i) ? encodeGbk(t) : enc.encode(t);
    } catch {
      b = enc.encode(t); // a character GBK cannot hold: the line stays UTF-8
    }
    if (broken.has(i)) {
      // 0xFF begins no character in UTF-8 and none in GBK/GB18030.
      const at = b.indexOf(0x2c) + 1;
      b = new Uint8Array([...b.subarray(0, at), 0xff, 0x81, ...b.subarray(at)]);
    }
    parts.push(b, enc.encode(ends[i]));
  });
  const bytes = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    bytes.set(p, at);
    at += p.length;
  }
  return { bytes, lines, touched: new Set([...touched].map((i) => lines[i])) };
}

const enc = new TextEncoder();

/** Rows by the line they came from, without what depends on neighbouring rows (seq, filled-down levels). */
async function rowsByLine(table: string, raw: Map<number, string[]>): Promise<Map<number, Record<string, unknown>>> {
  const rows = await engine.query<Record<string, unknown>>(`SELECT * EXCLUDE (source_file) FROM ${table}`);
  return new Map(
    rows.map((r) => {
      const own = { ...r };
      if (table === 'indicators') {
        delete own.seq;
        const cells = raw.get(Number(r.source_line)) ?? [];
        if (!cells[1]) delete own.level1;
        if (!cells[2]) delete own.level2;
      }
      return [Number(r.source_line), own];
    }),
  );
}

describe('text-level damage costs only the damaged lines', () => {
  it('rejects exactly the damaged lines and loads every other one with its values', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: seedFiles.length - 1 }), fc.boolean(), fc.array(lineMutation, { minLength: 1, maxLength: 4 }), async (which, semicolons, ms) => {
        const table = ['evaluations', 'indicators', 'spending', 'staffing'][which];
        let recs = records(seedFiles[which]);
        // ; and | inside a text cell of every data line: the delimiter still comes from the header.
        if (semicolons) recs = recs.map((r, i) => (i === 0 || r.includes('"') ? r : r.split(',').map((c, k) => (k === TEXT_CELL[table] ? c + SUFFIX : c)).join(',')));
        const baseline = build(recs, []);
        const raw = new Map(baseline.lines.map((l, i) => [l, recs[i].split(',')]));
        await clearAll(engine);
        const base = await loadFiles(engine, [{ name: 'b.csv', bytes: baseline.bytes, origin: 'own' }]);
        expect(base.rejected).toEqual([]);
        expect(base.files[0].rowsLoaded).toBe(recs.length - 1);
        const expected = await rowsByLine(table, raw);

        const damaged = build(recs, ms);
        await clearAll(engine);
        const report = await loadFiles(engine, [{ name: 'm.csv', bytes: damaged.bytes, origin: 'own' }]);
        const f = report.files[0];
        expect(f.table).toBe(table);
        expect(f.rowsRead).toBe(recs.length - 1);
        expect(f.rowsRead).toBe(f.rowsLoaded + f.rowsRejected);
        expect(report.rejected.map((r) => r.line).sort((a, b) => a! - b!)).toEqual([...damaged.touched].sort((a, b) => a - b));
        const got = await rowsByLine(table, raw);
        for (const [line, row] of expected) {
          if (damaged.touched.has(line)) continue;
          expect(got.get(line)).toEqual(row);
        }
      }),
      { numRuns: 80, seed: 10_2023 },
    );
  }, 180_000);
});
