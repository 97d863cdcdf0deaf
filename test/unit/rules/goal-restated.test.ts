import { describe, expect, it } from 'vitest';
import { cleanForm, insertForm, run, useEngine } from './fixture';

const db = useEngine();

describe('goal-restated', () => {
  it('fires when the result repeats the goal (spaces and punctuation aside)', async () => {
    const f = cleanForm();
    f.form.goal_target = '全年完成培训200人次，验收合格率95%以上。';
    f.form.goal_actual = '全年完成培训 200 人次；验收合格率95%以上';
    await insertForm(db.e, f);
    const found = await run(db.e, 'goal-restated');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ eval_id: f.form.eval_id, field: 'goal_actual' });
  });

  it('is quiet when the result says what was done', async () => {
    await insertForm(db.e, cleanForm());
    expect(await run(db.e, 'goal-restated')).toEqual([]);
  });
});
