import { describe, expect, it } from 'vitest';
import { cleanForm, insertForm, run, useEngine } from './fixture';

const db = useEngine();

describe('exec-rate', () => {
  it('fires when the stated rate is off by more than 0.5 points, or there is no budget', async () => {
    const a = cleanForm({ project: 'A' });
    Object.assign(a.form, { executed: 99.8, exec_rate: 0.992 }); // 99.8% computed, 99.2% stated
    const b = cleanForm({ project: 'B' });
    Object.assign(b.form, { budget_full: null, executed: 5 });
    await insertForm(db.e, a, b);
    const found = await run(db.e, 'exec-rate');
    expect(found.map((x) => [x.eval_id, x.field])).toEqual([
      [a.form.eval_id, 'exec_rate'],
      [b.form.eval_id, 'budget_full'],
    ]);
    expect(found[0].detail).toBe('执行率填报 99.2%，全年执行数 99.8 ÷ 全年预算数 100 = 99.8%');
    expect(found[1].detail).toContain('无预算却有执行');
  });

  it('accepts a rate within 0.5 points', async () => {
    const f = cleanForm();
    Object.assign(f.form, { executed: 99.8, exec_rate: 0.996 });
    await insertForm(db.e, f);
    expect(await run(db.e, 'exec-rate')).toEqual([]);
  });
});
