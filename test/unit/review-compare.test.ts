// The side-by-side comparison's core: word-level differences (a property over any two texts, and the
// Chinese cases people meet), and on the seed loaded again as last year's the year-copied form found
// as the form to compare with, its cells all identical.
import fc from 'fast-check';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyse } from '../../src/analysis/analyse';
import type { Engine } from '../../src/db/engine';
import { openNodeEngine } from '../../src/db/node';
import { loadFiles } from '../../src/ingest/load';
import { compareCandidates, compareForms, pairIndicatorRows } from '../../src/review/compare';
import { tokens, wordDiff, type DiffPart } from '../../src/review/diff';

const side = (parts: DiffPart[], drop: DiffPart['kind']) => parts.filter((p) => p.kind !== drop).map((p) => p.text).join('');

describe('wordDiff', () => {
  it('gives back both texts, never two parts of one kind in a row, and nothing but same for equal texts', () => {
    const text = fc.oneof(fc.string({ unit: 'grapheme', maxLength: 30 }), fc.array(fc.constantFrom('完成', '率', '95', '%', '≥', ' ', 'a', '。', '100'), { maxLength: 12 }).map((a) => a.join('')));
    fc.assert(
      fc.property(text, text, (a, b) => {
        const parts = wordDiff(a, b);
        expect(side(parts, 'added')).toBe(a);
        expect(side(parts, 'removed')).toBe(b);
        for (let i = 1; i < parts.length; i++) expect(parts[i].kind).not.toBe(parts[i - 1].kind);
        if (a === b) expect(parts.every((p) => p.kind === 'same')).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('shows just the changed number of a copied sentence, a number and a Latin word as one word', () => {
    expect(tokens('完成率95.5%以上abc')).toEqual(['完', '成', '率', '95.5%', '以', '上', 'abc']);
    expect(wordDiff('办文及时率≥95%', '办文及时率≥98%')).toEqual([
      { kind: 'same', text: '办文及时率≥' }, { kind: 'removed', text: '95%' }, { kind: 'added', text: '98%' },
    ]);
  });
});

describe('comparing forms', () => {
  let engine: Engine;
  const SEED = path.resolve(__dirname, '../../data/seed');
  const asLastYear = (t: string) => t.replaceAll('MLS-BB-2023', 'MLS-BB-2022').replace(/^([^,\n]*MLS-BB-2022[^,]*),2023,/gm, '$1,2022,');
  beforeAll(async () => {
    engine = await openNodeEngine();
    const file = (name: string, edit = (t: string) => t) => ({ name, bytes: new TextEncoder().encode(edit(fs.readFileSync(path.join(SEED, name), 'utf8'))), origin: 'real' as const });
    await loadFiles(engine, [file('evaluations.csv'), file('indicators.csv')]);
    await loadFiles(engine, [file('evaluations.csv', asLastYear), file('indicators.csv', asLastYear)].map((f) => ({ ...f, name: `2022/${f.name}` })));
    await analyse(engine);
  }, 120_000);
  afterAll(() => engine?.close());

  it('finds last year’s form of a year-copy first and pairs every cell as identical', async () => {
    const [hit] = await engine.query<{ eval_id: string; detail: string }>(`SELECT eval_id, detail FROM findings WHERE rule = 'year-copy' ORDER BY eval_id LIMIT 1`);
    expect(hit.eval_id).toMatch(/^MLS-BB-2023/);
    const candidates = await compareCandidates(engine, hit.eval_id);
    const last = hit.eval_id.replace('2023', '2022');
    expect(candidates[0]).toMatchObject({ eval_id: last, why: 'previous-year', year: 2022 });
    expect(hit.detail).toContain(last);
    const [a, b] = await compareForms(engine, hit.eval_id, last);
    const rows = pairIndicatorRows(a!.indicators, b!.indicators);
    expect(rows.length).toBe(a!.indicators.length);
    expect(rows.every((r) => Object.values(r).every((c) => c.same))).toBe(true);
    // another of the department's forms: shared indicators, some cells differ
    const other = candidates.find((c) => c.why === 'shared' && c.year === 2023)!;
    const [, c] = await compareForms(engine, hit.eval_id, other.eval_id);
    expect(pairIndicatorRows(a!.indicators, c!.indicators).some((r) => Object.values(r).some((x) => !x.same))).toBe(true);
  });
});
