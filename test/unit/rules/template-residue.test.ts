import { describe, expect, it } from 'vitest';
import { cleanForm, insertForm, run, useEngine } from './fixture';

const db = useEngine();

describe('template-residue', () => {
  it('fires on template instructions and numbered indicator names', async () => {
    const f = cleanForm();
    f.form.goal_actual = '说明年度总体目标的完成情况（200字以内）';
    f.indicators[0].level3 = '指标1';
    f.indicators[1].target = '请填写指标值，如：≥95%';
    await insertForm(db.e, f);
    const found = await run(db.e, 'template-residue');
    expect(found.map((x) => [x.seq, x.field])).toEqual([
      [null, 'goal_actual'],
      [1, 'level3'],
      [2, 'target'],
    ]);
    expect(found[0].detail).toContain('实际完成情况仍为填表说明');
  });

  it('is quiet on filled-in text, including indicator names that merely contain 指标', async () => {
    const f = cleanForm();
    f.indicators[0].level3 = '指标体系建设完成率';
    await insertForm(db.e, f);
    expect(await run(db.e, 'template-residue')).toEqual([]);
  });
});
