import { describe, expect, it } from 'vitest';
import { cleanForm, insertForm, run, useEngine } from './fixture';

const db = useEngine();

describe('overspent', () => {
  it('fires when more than the budget was spent and no deviation is written', async () => {
    const f = cleanForm();
    Object.assign(f.form, { executed: 110, exec_rate: 1.1 });
    f.indicators[2].deviation = '无';
    await insertForm(db.e, f);
    const found = await run(db.e, 'overspent');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      eval_id: f.form.eval_id,
      field: 'executed',
      detail: '全年执行数 110 > 全年预算数 100（执行率 110%），表内无偏差说明',
    });
  });

  it('is quiet when a deviation is explained, or nothing was overspent', async () => {
    const a = cleanForm({ project: 'A' });
    Object.assign(a.form, { executed: 110, exec_rate: 1.1 }); // row 3 keeps its explanation
    const b = cleanForm({ project: 'B' });
    b.indicators[2].deviation = null;
    await insertForm(db.e, a, b);
    expect(await run(db.e, 'overspent')).toEqual([]);
  });
});
