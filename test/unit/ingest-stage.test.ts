// Staging (src/ingest/stage.ts): the columns a file's rows are encoded into as they are taken hold,
// read back through Arrow, exactly the cells that went in: any text (CJK, astral characters, lone
// surrogates as TextEncoder writes them, short and long cells), nulls apart from empty text, and
// every source line — past the buffers' first growth.
import { tableFromIPC } from 'apache-arrow';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { StagedRows, columnsIPC } from '../../src/ingest/stage';

const viaTextEncoder = (s: string) => new TextDecoder().decode(new TextEncoder().encode(s));
const cell = fc.option(
  fc.oneof(
    fc.string({ unit: 'grapheme', maxLength: 20 }),
    fc.string({ unit: 'binary', maxLength: 20 }),
    fc.string({ unit: fc.constantFrom('财', '政', '局', '≥', '%', 'a', '1', '\ud800', '\udc00', '😀'), maxLength: 90 }),
  ),
  { nil: null, freq: 4 },
);

describe('staged rows', () => {
  it('read back as the cells and lines that were pushed, for any cells (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(cell, cell, fc.integer({ min: 1, max: 2 ** 31 - 1 })), { maxLength: 600 }), (rows) => {
        const staged = new StagedRows(['a', 'b']);
        for (const [a, b, line] of rows) staged.push([a, b], line);
        const t = tableFromIPC(staged.ipc());
        expect(t.numRows).toBe(rows.length);
        const back = (name: string) => [...t.getChild(name)!].map((v) => (v == null ? null : String(v)));
        expect(back('a')).toEqual(rows.map(([a]) => (a == null ? null : viaTextEncoder(a))));
        expect(back('b')).toEqual(rows.map(([, b]) => (b == null ? null : viaTextEncoder(b))));
        expect([...t.getChild('source_line')!]).toEqual(rows.map(([, , line]) => line));
      }),
      { numRuns: 300, examples: [[[]], [[['', null, 1], [null, '', 2]]], [[['\ud83d', '\ude00x', 3]]]] },
    );
  });

  it('columnsIPC keeps null integers apart from zero', () => {
    const t = tableFromIPC(columnsIPC({ file: ['a', 'b', 'c'] }, { line: [0, null, 7] }));
    expect([...t.getChild('line')!]).toEqual([0, null, 7]);
    expect([...t.getChild('file')!]).toEqual(['a', 'b', 'c']);
  });
});
