import { describe, expect, it } from 'vitest';
import { cleanForm, insertForm, run, useEngine } from './fixture';

const db = useEngine();

const departments = (n: number, name = (i: number) => ({ department: `部门${i + 1}` })) =>
  Array.from({ length: n }, (_, i) => {
    const f = cleanForm({ ...name(i), project: `项目${i + 1}`, variant: i });
    f.indicators[4].level3 = i % 2 ? '促进经济发展。' : ' 促进经济发展';
    return f;
  });

describe('generic-indicator', () => {
  it('fires once per form carrying a name used by ≥ 5 departments', async () => {
    await insertForm(db.e, ...departments(5));
    const found = await run(db.e, 'generic-indicator');
    expect(found).toHaveLength(5);
    expect(found[0]).toMatchObject({ seq: 5, seqs: [5], field: 'level3' });
    expect(found[0].detail).toMatch(/^1 个指标为多部门通用模板：.*促进经济发展.*（5 个部门）$/);
  });

  it('names every template row of the form, in order (seqs), the first as seq', async () => {
    const forms = departments(5);
    for (const f of forms) f.indicators[1].level3 = '生态环境改善情况';
    await insertForm(db.e, ...forms);
    const found = await run(db.e, 'generic-indicator');
    expect(found.map((f) => [f.seq, f.seqs])).toEqual(forms.map(() => [2, [2, 5]]));
    expect(found[0].detail).toMatch(/^2 个指标/);
  });

  it('counts departments as (region, name): five counties\' 财政局 are five departments', async () => {
    await insertForm(db.e, ...departments(5, (i) => ({ region: `${i + 1}县`, department: '财政局' })));
    const found = await run(db.e, 'generic-indicator');
    expect(found.map((f) => f.region)).toEqual(['1县', '2县', '3县', '4县', '5县']);
    expect(found[0].detail).toContain('（5 个部门）');
  });

  it('does not count one department\'s five projects as five departments', async () => {
    await insertForm(db.e, ...departments(5, () => ({ region: '甲县', department: '财政局' })));
    expect(await run(db.e, 'generic-indicator')).toEqual([]);
  });

  it('is quiet below 5 departments, and below 5% of all departments', async () => {
    await insertForm(db.e, ...departments(4));
    expect(await run(db.e, 'generic-indicator')).toEqual([]);
    expect(await run(db.e, 'generic-indicator', { genericMinDepartments: 3 })).toHaveLength(4);
    // 77 more departments in the data: 4 of 81 is under 5%
    await db.e.exec(`INSERT INTO evaluations (eval_id, year, department, kind, source_file)
      SELECT 'other/' || i, 2023, '其他部门' || i, '部门整体', 'test.csv' FROM range(77) t(i)`);
    expect(await run(db.e, 'generic-indicator', { genericMinDepartments: 3 })).toEqual([]);
  });
});
