import { describe, expect, it } from 'vitest';
import { cleanForm, insertForm, run, useEngine } from './fixture';

const db = useEngine();

describe('goal-missing', () => {
  it('fires on a blank goal and a placeholder result', async () => {
    const f = cleanForm();
    f.form.goal_target = null;
    f.form.goal_actual = '无';
    await insertForm(db.e, f);
    const found = await run(db.e, 'goal-missing');
    expect(found.map((x) => [x.field, x.detail])).toEqual([
      ['goal_actual', '实际完成情况仅为「无」'],
      ['goal_target', '预期目标空白'],
    ]);
  });

  it('fires on content-free placeholders only: 无 空 0 / - — and spaces', async () => {
    const texts = ['/', '—', ' - ', '空', '０', '  ', '无。'];
    await insertForm(db.e, ...texts.map((t, i) => {
      const f = cleanForm({ project: `P${i}`, variant: i });
      f.form.goal_actual = t;
      return f;
    }));
    const found = await run(db.e, 'goal-missing');
    expect(found.map((x) => x.field)).toEqual(texts.map(() => 'goal_actual'));
  });

  it('takes 已完成, 按时完成, 圆满完成 as a (poor) report, not a blank', async () => {
    await insertForm(db.e, ...['已完成', '按时完成', '圆满完成'].map((t, i) => {
      const f = cleanForm({ project: `P${i}`, variant: i });
      f.form.goal_actual = t;
      return f;
    }));
    expect(await run(db.e, 'goal-missing')).toEqual([]);
  });

  it('is quiet when both are written', async () => {
    await insertForm(db.e, cleanForm());
    expect(await run(db.e, 'goal-missing')).toEqual([]);
  });
});
