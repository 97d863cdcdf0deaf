import { describe, expect, it } from 'vitest';
import { cleanForm, insertForm, run, useEngine } from './fixture';

const db = useEngine();

describe('report-mismatch', () => {
  it('fires when the narrative report states another score', async () => {
    const f = cleanForm();
    f.form.report_score = 90;
    await insertForm(db.e, f);
    const found = await run(db.e, 'report-mismatch');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ eval_id: f.form.eval_id, field: 'report_score', detail: '自评报告所述得分 90 ≠ 自评表总分 98' });
  });

  it('is quiet when the report agrees or states no score', async () => {
    const a = cleanForm({ project: 'A' });
    a.form.report_score = 98;
    const b = cleanForm({ project: 'B' });
    await insertForm(db.e, a, b);
    expect(await run(db.e, 'report-mismatch')).toEqual([]);
  });
});
