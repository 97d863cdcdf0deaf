import { describe, expect, it } from 'vitest';
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
});
