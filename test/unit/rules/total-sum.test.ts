import { describe, expect, it } from 'vitest';
import { cleanForm, insertForm, run, useEngine } from './fixture';

const db = useEngine();

describe('total-sum', () => {
  it('fires when the claimed total is not execution score + Σ scores', async () => {
    const f = cleanForm();
    f.form.total_score = 100; // parts give 98
    await insertForm(db.e, f);
    const found = await run(db.e, 'total-sum');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ eval_id: f.form.eval_id, field: 'total_score' });
    expect(found[0].detail).toBe('执行率得分 10 + 指标得分合计 88 = 98 ≠ 总分 100');
  });

  it('accepts a total within ±0.1 and leaves a blank total alone', async () => {
    const a = cleanForm({ project: 'A' });
    a.form.total_score = 98.05;
    const b = cleanForm({ project: 'B' });
    b.form.total_score = null;
    await insertForm(db.e, a, b);
    expect(await run(db.e, 'total-sum')).toEqual([]);
  });
});
