import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Engine } from '../../../src/db/engine';
import { openNativeEngine } from '../../../src/db/native';
import { clearAll } from '../../../src/db/schema';
import { cleanForm, indicator, insertForm, run, useEngine, type Form } from './fixture';

const db = useEngine();

/** Give `to` the indicator names and targets of `from` on the given rows (actuals stay its own). */
function copyRows(from: Form, to: Form, rows: number[]) {
  for (const r of rows) Object.assign(to.indicators[r], { level3: from.indicators[r].level3, target: from.indicators[r].target });
}
const extra = (f: Form, name: string) => {
  f.indicators.push(indicator('产出指标', '数量指标', name + '宣传册', '≥1000份', '1200份', 0, 0));
};

describe('copied-indicators', () => {
  it('fires when half the indicators stand on two other forms of the same department and year', async () => {
    const [a, b, c] = ['A', 'B', 'C'].map((p, i) => cleanForm({ project: p, variant: i }));
    copyRows(a, b, [0, 1, 2, 3]);
    copyRows(a, c, [0, 1, 2, 3]);
    await insertForm(db.e, a, b, c);
    const found = await run(db.e, 'copied-indicators');
    expect(found.map((x) => x.eval_id)).toEqual([a.form.eval_id, b.form.eval_id, c.form.eval_id]);
    expect(found[0]).toMatchObject({ field: 'level3' });
    expect(found[0].detail).toMatch(/^4\/8 个指标与本部门本年度其他至少两张表相同（「A[^」]+」「A[^」]+」「A[^」]+」等）/);
    expect(found[0].detail).toContain('见「B」「C」');
    // the rows it names are the copied ones, the forms it names those it shares them with
    expect(found[0].seqs).toEqual([1, 2, 3, 4]);
    expect(found[0].related).toEqual([b.form.eval_id, c.form.eval_id].sort());
  });

  it('does not take the same-named department of another region for the same department', async () => {
    const [a, b, c] = [['甲县', 'A'], ['乙县', 'B'], ['乙县', 'C']].map(([region, p], i) =>
      cleanForm({ region, department: '财政局', project: p, variant: i }));
    copyRows(a, b, [0, 1, 2, 3]);
    copyRows(a, c, [0, 1, 2, 3]);
    await insertForm(db.e, a, b, c);
    expect(await run(db.e, 'copied-indicators')).toEqual([]);
  });

  it('is quiet when the shared indicators stand on only one other form', async () => {
    const [a, b] = ['A', 'B'].map((p, i) => cleanForm({ project: p, variant: i }));
    copyRows(a, b, [0, 1, 2, 3]);
    await insertForm(db.e, a, b);
    expect(await run(db.e, 'copied-indicators')).toEqual([]);
  });

  it('fires across departments at Jaccard ≥ 0.8, found through shared keys', async () => {
    const x = cleanForm({ department: '甲局', project: 'P' });
    const y = cleanForm({ department: '乙局', project: 'Q', variant: 1 });
    extra(x, 'x1'); extra(x, 'x2'); extra(y, 'y1'); extra(y, 'y2');
    copyRows(x, y, [0, 1, 2, 3, 4, 5, 6, 7, 8]); // 9 of 10 shared: 9 / 11 = 0.82
    const z = cleanForm({ department: '丙局', project: 'R', variant: 2 });
    copyRows(x, z, [0, 1, 2, 3, 4, 5, 6]); // 7 of 8: 7 / 11 — not a copy
    await insertForm(db.e, x, y, z);
    const found = await run(db.e, 'copied-indicators');
    expect(found.map((f) => f.eval_id)).toEqual([y.form.eval_id, x.form.eval_id]); // ordered by department
    expect(found[0].detail).toContain('最高 82%');
    expect(found[0].detail).toContain('「甲局·P（2023）」');
    expect(found[0].related).toEqual([x.form.eval_id]);
    expect(found[0].seqs).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]); // the 9 rows y shares with x, not its own y1
  });

  it('finds identical indicator sets even when no key may seed a pair, but not within one project over years', async () => {
    const x = cleanForm({ department: '甲局', project: 'P' });
    const y = cleanForm({ department: '乙局', project: 'Q', variant: 1 });
    copyRows(x, y, [0, 1, 2, 3, 4, 5, 6, 7]);
    const later = cleanForm({ department: '丙局', project: 'R', year: 2023 });
    const again = cleanForm({ department: '丙局', project: 'R', year: 2024 });
    copyRows(later, again, [0, 1, 2, 3, 4, 5, 6, 7]);
    await insertForm(db.e, x, y, later, again);
    const found = await run(db.e, 'copied-indicators', { copiedMaxKeyForms: 1 });
    expect(found.map((f) => f.eval_id)).toEqual([y.form.eval_id, x.form.eval_id]);
    expect(found[0].detail).toContain('完全相同');
  });

  it('pairs the same project of the same-named department across regions, naming the region', async () => {
    const x = cleanForm({ region: '甲县', department: '财政局', project: 'P' });
    const y = cleanForm({ region: '乙县', department: '财政局', project: 'P', variant: 1 });
    copyRows(x, y, [0, 1, 2, 3, 4, 5, 6, 7]);
    await insertForm(db.e, x, y);
    const found = await run(db.e, 'copied-indicators');
    expect(found.map((f) => [f.region, f.eval_id])).toEqual([['乙县', y.form.eval_id], ['甲县', x.form.eval_id]]);
    expect(found[0].detail).toContain('「甲县财政局·P（2023）」');
  });

  it('finds one template copied by two counties, on DuckDB-WASM and native DuckDB alike', async () => {
    const native = await openNativeEngine();
    try {
      for (const e of [db.e, native]) {
        await clearAll(e);
        // Two counties' 民政局 fill in the province's template; a third county writes its own.
        const x = cleanForm({ region: '甲县', department: '民政局', project: '最低生活保障' });
        const y = cleanForm({ region: '乙县', department: '民政局', project: '城乡低保资金', variant: 1 });
        copyRows(x, y, [0, 1, 2, 3, 4, 5, 6, 7]);
        const z = cleanForm({ region: '丙县', department: '民政局', project: '临时救助', variant: 2 });
        await insertForm(e, x, y, z);
        const found = await run(e, 'copied-indicators');
        expect(found.map((f) => [f.region, f.eval_id])).toEqual([['乙县', y.form.eval_id], ['甲县', x.form.eval_id]]);
        expect(found[0].detail).toContain('「甲县民政局·最低生活保障（2023）」');
        expect(found[0].detail_en).toContain('identical');
        // the form view links the other county's form
        expect(found[0].related).toEqual([x.form.eval_id]);
        expect(found[1].related).toEqual([y.form.eval_id]);
        expect(found[0].seqs).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
      }
    } finally {
      await native.close();
    }
  });
});

/**
 * Prefix filtering over classes of forms is exact: with every key allowed to seed a pair, the forms
 * B flags, how many partners each has and its highest Jaccard are those of comparing every pair of
 * forms. Random forms draw their indicators from a small pool, across two counties, two departments
 * and a few projects and years, so near-copies, identical sets and same-project pairs all occur.
 */
describe('copied-indicators across forms equals all-pairs Jaccard', () => {
  let e: Engine;
  beforeAll(async () => {
    e = await openNativeEngine({ threads: 1 });
  });
  afterAll(async () => {
    await e?.close();
  });

  const formArb = fc.record({
    region: fc.constantFrom('甲县', '乙县'),
    department: fc.constantFrom('民政局', '财政局'),
    project: fc.constantFrom('P', 'Q', 'R'),
    year: fc.constantFrom(2023, 2024),
    // indicator names from a pool of 9 (duplicates fold into one key), 3 to 8 of them
    rows: fc.uniqueArray(fc.integer({ min: 0, max: 8 }), { minLength: 3, maxLength: 8 }),
  });

  it('on random small inputs', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(formArb, { minLength: 2, maxLength: 12, selector: (f) => `${f.region}/${f.department}/${f.project}/${f.year}` }), async (specs) => {
        await clearAll(e);
        const forms = specs.map((sp, i) => {
          const form = cleanForm({ region: sp.region, department: sp.department, project: sp.project, year: sp.year, variant: i });
          form.indicators = sp.rows.map((r) => indicator('产出指标', '数量指标', `通用指标${r}`, `≥${r}项`, `${r}项`, 10, 10));
          return form;
        });
        await insertForm(e, ...forms);
        const found = await run(e, 'copied-indicators', { copiedMaxKeyForms: 1000 });
        const got = new Map(found.filter((f) => /overlap/.test(f.detail_en ?? '')).map((f) => {
          const m = /overlap ≥ 80% with (\d+) forms .*\((identical|up to (\d+)%)\)/.exec(f.detail_en!)!;
          return [f.eval_id, { others: Number(m[1]), jmax: m[2] === 'identical' ? 100 : Number(m[3]) }];
        }));
        // brute force over every pair, on the keys ingest made
        const sets = await e.query<{ eval_id: string; proj: string; keys: string[] }>(`
          SELECT i.eval_id, concat_ws('/', e.region, e.department, e.project) AS proj, list(DISTINCT i.indicator_key) AS keys
          FROM form_indicators i JOIN evaluations e USING (eval_id) WHERE NOT i.is_sub AND i.indicator_key IS NOT NULL GROUP BY ALL`);
        const want = new Map<string, { others: number; jmax: number }>();
        for (const a of sets) {
          let others = 0;
          let jmax = 0;
          for (const b of sets) {
            if (b.proj === a.proj) continue;
            const shared = a.keys.filter((k) => b.keys.includes(k)).length;
            const j = shared / (a.keys.length + b.keys.length - shared);
            if (j >= 0.8) {
              others++;
              jmax = Math.max(jmax, j);
            }
          }
          if (others > 0) want.set(a.eval_id, { others, jmax: Math.round(jmax * 100) });
        }
        expect(Object.fromEntries(got)).toEqual(Object.fromEntries(want));
        // the forms a finding links are among its partners (or, for A, its department's forms)
        for (const f of found.filter((x) => got.has(x.eval_id))) expect(f.related!.length).toBeGreaterThan(0);
      }),
      { numRuns: 25 },
    );
  }, 300_000);
});
