import { describe, expect, it } from 'vitest';
import { cleanForm, insertForm, run, useEngine } from './fixture';

const db = useEngine();

describe('fund-subtotal', () => {
  it('fires on the column where the sources do not add up to the total', async () => {
    const f = cleanForm();
    Object.assign(f.form, { appropriation_full: 80, carryover_full: 10, other_full: null });
    await insertForm(db.e, f);
    const found = await run(db.e, 'fund-subtotal');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      eval_id: f.form.eval_id,
      field: 'budget_full',
      detail: '全年预算数：年度资金总额 100 ≠ 当年财政拨款 80 + 上年结转 10 + 其他资金 空 = 90',
    });
  });

  it('is quiet when the parts add up or are not given', async () => {
    const a = cleanForm({ project: 'A' });
    const b = cleanForm({ project: 'B' });
    for (const k of Object.keys(b.form)) if (/^(appropriation|carryover|other)_/.test(k)) (b.form as never as Record<string, null>)[k] = null;
    await insertForm(db.e, a, b);
    expect(await run(db.e, 'fund-subtotal')).toEqual([]);
  });
});
