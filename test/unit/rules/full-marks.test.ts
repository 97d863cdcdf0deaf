import { describe, expect, it } from 'vitest';
import { cleanForm, fullMarks, insertForm, run, useEngine } from './fixture';

const db = useEngine();

describe('full-marks', () => {
  it('fires when every indicator and the execution score are at full marks', async () => {
    const f = fullMarks(cleanForm());
    await insertForm(db.e, f);
    const found = await run(db.e, 'full-marks');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ eval_id: f.form.eval_id, field: 'total_score', detail: '全部 8 个指标得满分，执行率得分 10 = 分值 10' });
  });

  it('is quiet with one deduction, a blank score, or execution below full', async () => {
    const a = cleanForm({ project: 'A' }); // one indicator at 8/10
    const b = fullMarks(cleanForm({ project: 'B' }));
    b.indicators[0].score = null;
    const c = fullMarks(cleanForm({ project: 'C' }));
    Object.assign(c.form, { executed: 95, exec_rate: 0.95, exec_score: 9.5 });
    await insertForm(db.e, a, b, c);
    expect(await run(db.e, 'full-marks')).toEqual([]);
  });
});
