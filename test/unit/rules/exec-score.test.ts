import { describe, expect, it } from 'vitest';
import { cleanForm, insertForm, run, useEngine } from './fixture';

const db = useEngine();

describe('exec-score', () => {
  it('fires when the execution score is not min(rate, 1) × weight', async () => {
    const a = cleanForm({ project: 'A' });
    Object.assign(a.form, { executed: 80, exec_rate: 0.8, exec_score: 10 });
    const b = cleanForm({ project: 'B' });
    Object.assign(b.form, { executed: 120, exec_rate: 1.2, exec_score: 12 }); // rate above 100% is capped
    await insertForm(db.e, a, b);
    const found = await run(db.e, 'exec-score');
    expect(found.map((x) => x.eval_id)).toEqual([a.form.eval_id, b.form.eval_id]);
    expect(found[0]).toMatchObject({ field: 'exec_score', detail: '执行率得分 10 ≠ min(执行率 80%, 100%) × 分值 10 = 8' });
    expect(found[1].detail).toContain('= 10');
  });

  it('accepts a capped score, and derives the rate from the money when it is blank', async () => {
    const a = cleanForm({ project: 'A' });
    Object.assign(a.form, { executed: 120, exec_rate: 1.2, exec_score: 10 });
    const b = cleanForm({ project: 'B' });
    Object.assign(b.form, { executed: 80, exec_rate: null, exec_score: 8 });
    await insertForm(db.e, a, b);
    expect(await run(db.e, 'exec-score')).toEqual([]);
    await db.e.exec("UPDATE evaluations SET exec_score = 10 WHERE project = 'B'");
    expect((await run(db.e, 'exec-score')).map((x) => x.eval_id)).toEqual([b.form.eval_id]);
  });
});
