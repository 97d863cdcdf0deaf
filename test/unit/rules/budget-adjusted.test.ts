import { describe, expect, it } from 'vitest';
import { cleanForm, insertForm, run, useEngine } from './fixture';

const db = useEngine();

describe('budget-adjusted', () => {
  it('fires on an adjustment above 20%, and on money added to a 0 initial budget', async () => {
    const a = cleanForm({ project: 'A' });
    Object.assign(a.form, { budget_initial: 100, budget_full: 125.5 });
    const b = cleanForm({ project: 'B' });
    Object.assign(b.form, { budget_initial: 0, budget_full: 25 });
    await insertForm(db.e, a, b);
    const found = await run(db.e, 'budget-adjusted');
    expect(found.map((x) => [x.eval_id, x.field, x.detail])).toEqual([
      [a.form.eval_id, 'budget_full', '年初预算数 100 → 全年预算数 125.5（+25.5%）'],
      [b.form.eval_id, 'budget_full', '年初预算数 0，全年预算数 25：年中新增'],
    ]);
  });

  it('is quiet within 20% and when the initial budget is not reported', async () => {
    const a = cleanForm({ project: 'A' });
    Object.assign(a.form, { budget_initial: 100, budget_full: 120 });
    const b = cleanForm({ project: 'B' });
    Object.assign(b.form, { budget_initial: null, budget_full: 25 });
    await insertForm(db.e, a, b);
    expect(await run(db.e, 'budget-adjusted')).toEqual([]);
  });
});
