import { describe, expect, it } from 'vitest';
import { cleanForm, fullMarks, insertForm, run, useEngine } from './fixture';

const db = useEngine();

describe('full-despite-shortfall', () => {
  it('fires on full marks with execution below 90% or a written deviation', async () => {
    const a = fullMarks(cleanForm({ project: 'A' }));
    Object.assign(a.form, { executed: 85, exec_rate: 0.85 }); // exec score left at 10
    const b = fullMarks(cleanForm({ project: 'B' }));
    b.indicators[2].deviation = '受汛期影响，部分培训延期';
    await insertForm(db.e, a, b);
    const found = await run(db.e, 'full-despite-shortfall');
    expect(found.map((x) => [x.eval_id, x.field, x.detail])).toEqual([
      [a.form.eval_id, 'exec_rate', '执行率 85%，仍全部满分'],
      [b.form.eval_id, 'deviation', '1 个指标写有偏差说明（「受汛期影响，部分培训延期」），仍全部满分'],
    ]);
  });

  it('is quiet at 90% or more with only placeholder deviations', async () => {
    const f = fullMarks(cleanForm());
    Object.assign(f.form, { executed: 95, exec_rate: null });
    f.indicators[2].deviation = '无';
    await insertForm(db.e, f);
    expect(await run(db.e, 'full-despite-shortfall')).toEqual([]);
  });
});
