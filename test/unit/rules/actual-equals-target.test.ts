import { describe, expect, it } from 'vitest';
import { cleanForm, indicator, insertForm, run, useEngine } from './fixture';

const db = useEngine();

describe('actual-equals-target', () => {
  it('fires on a qualitative actual copied from the target, and on plan wording in an actual', async () => {
    const f = cleanForm();
    f.indicators[4] = indicator('效益指标', '社会效益指标', '促进经济发展', '有所提升', ' 有所提升。', 10, 10);
    f.indicators[1] = indicator(null, '质量指标', '验收合格率', '≥95%', '≧95%', 15, 15);
    await insertForm(db.e, f);
    const found = await run(db.e, 'actual-equals-target');
    expect(found.map((x) => [x.seq, x.field])).toEqual([[2, 'actual'], [5, 'actual']]);
    expect(found[0].detail).toContain('仍是计划用语');
    expect(found[1].detail).toBe('「促进经济发展」实际完成值与指标值同为「有所提升。」'); // ingest trims the cell
  });

  it('is quiet on a quantified target met exactly', async () => {
    const f = cleanForm();
    f.indicators[2] = indicator(null, '时效指标', '按期完成率', '100%', '100%', 10, 10);
    await insertForm(db.e, f);
    expect(await run(db.e, 'actual-equals-target')).toEqual([]);
  });
});
