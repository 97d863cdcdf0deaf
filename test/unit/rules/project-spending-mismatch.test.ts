import { describe, expect, it } from 'vitest';
import { runRules } from '../../../src/analysis/findings';
import { BOILERPLATE_POINTS, formBoilerplate } from '../../../src/analysis/boilerplate';
import { cleanForm, insertForm, insertSpending, run, useEngine } from './fixture';

const db = useEngine();

describe('project-spending-mismatch', () => {
  it('fires when 附件1 gives a project another final than its form\'s executed', async () => {
    const f = cleanForm({ project: '优化政务环境、最多跑一次改革' });
    await insertForm(db.e, f);
    await insertSpending(db.e, { year: 2023, department: '测试局', item: '优化政务环境，最多跑一次改革', parent: '项目支出', final: 90 });
    const found = await run(db.e, 'project-spending-mismatch');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ eval_id: f.form.eval_id, item: '优化政务环境，最多跑一次改革', field: 'final', year: 2023 });
    expect(found[0].detail).toContain('本年决算数 90 ≠ 项目自评表全年执行数 100');
  });

  it('compares a project with its own region\'s 附件1 only', async () => {
    const f = cleanForm({ region: '甲县', project: '培训项目' });
    await insertForm(db.e, f, cleanForm({ region: '乙县', project: '培训项目', variant: 1 }));
    await insertSpending(
      db.e,
      { year: 2023, region: '甲县', department: '测试局', item: '培训项目', final: 80 },
      { year: 2023, region: '乙县', department: '测试局', item: '培训项目', final: 100 },
    );
    const found = await run(db.e, 'project-spending-mismatch');
    expect(found.map((x) => [x.region, x.eval_id])).toEqual([['甲县', f.form.eval_id]]);
  });

  it('gives the form no boilerplate points', async () => {
    expect(BOILERPLATE_POINTS).not.toHaveProperty('project-spending-mismatch');
    const f = cleanForm({ project: '培训项目' });
    await insertForm(db.e, f);
    await insertSpending(db.e, { year: 2023, department: '测试局', item: '培训项目', final: 80 });
    await runRules(db.e);
    expect(await formBoilerplate(db.e)).toEqual([expect.objectContaining({ eval_id: f.form.eval_id, score: 0, hits: [] })]);
  });

  it('is quiet when they agree, and ignores other departments and years', async () => {
    await insertForm(db.e, cleanForm({ project: '培训项目' }));
    await insertSpending(
      db.e,
      { year: 2023, department: '测试局', item: '培训项目', final: 100 },
      { year: 2023, department: '别的局', item: '培训项目', final: 50 },
      { year: 2022, department: '测试局', item: '培训项目', final: 50 },
    );
    expect(await run(db.e, 'project-spending-mismatch')).toEqual([]);
  });
});
