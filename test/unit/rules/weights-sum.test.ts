import { describe, expect, it } from 'vitest';
import { cleanForm, indicator, insertForm, run, useEngine } from './fixture';

const db = useEngine();

describe('weights-sum', () => {
  it('fires when Σ indicator weights + execution weight ≠ 100', async () => {
    const f = cleanForm();
    f.indicators[0].weight = 5; // 80 + 10
    await insertForm(db.e, f);
    const found = await run(db.e, 'weights-sum');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ eval_id: f.form.eval_id, seq: null, field: 'weight', year: 2023 });
    expect(found[0].detail).toBe('指标分值合计 80 + 执行率分值 10 = 90 ≠ 100');
  });

  it('ignores breakdown rows and differences within ±0.01', async () => {
    const f = cleanForm();
    f.indicators.splice(1, 0, indicator(null, null, '其中：线上培训人次', '≥50人次', '60人次', null, null));
    f.indicators[0].weight = 15.005;
    await insertForm(db.e, f);
    expect(await run(db.e, 'weights-sum')).toEqual([]);
  });
});
