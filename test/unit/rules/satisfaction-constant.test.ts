import { describe, expect, it } from 'vitest';
import { cleanForm, indicator, insertForm, run, useEngine, type Form } from './fixture';

const db = useEngine();

const withSatisfaction = (f: Form, actual: string) => {
  f.indicators[7] = indicator('满意度指标', '服务对象满意度指标', '服务对象满意度', '≥90%', actual, 10, 10);
  // level1 and level2 left blank under the merged cells: they carry over from the row above
  f.indicators.push(indicator(null, null, '社会公众满意度', '≥85%', '90%', 0, 0));
  return f;
};

describe('satisfaction-constant', () => {
  it('fires when ≥ 3 forms of a department report the same satisfaction', async () => {
    await insertForm(db.e, ...['A', 'B', 'C'].map((p) => withSatisfaction(cleanForm({ project: p }), p === 'B' ? '95.0%' : '95%')));
    const found = await run(db.e, 'satisfaction-constant');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ eval_id: null, year: null, department: '测试局', field: 'actual' });
    expect(found[0].detail).toMatch(/^全部 3 张表的满意度实际完成值均为「95(\.0)?%；90%」$/);
  });

  it('counts a department\'s forms within its region', async () => {
    await insertForm(db.e, ...[['甲县', 'A'], ['甲县', 'B'], ['乙县', 'C']].map(([region, p]) =>
      withSatisfaction(cleanForm({ region, project: p }), '95%')));
    expect(await run(db.e, 'satisfaction-constant')).toEqual([]);
  });

  it('is quiet when results differ, or fewer than 3 forms have them', async () => {
    await insertForm(db.e, ...['A', 'B', 'C'].map((p, i) => cleanForm({ project: p, variant: i })));
    await insertForm(db.e, ...['D', 'E'].map((p) => withSatisfaction(cleanForm({ department: '两表局', project: p }), '95%')));
    expect(await run(db.e, 'satisfaction-constant')).toEqual([]);
  });
});
