import { describe, expect, it } from 'vitest';
import { cleanForm, fullMarks, insertForm, run, useEngine } from './fixture';

const db = useEngine();

describe('always-full-marks', () => {
  it('fires once for a department whose every form (across years) is at full marks', async () => {
    await insertForm(db.e, fullMarks(cleanForm({ year: 2023 })), fullMarks(cleanForm({ year: 2024, project: '宣传项目' })));
    const found = await run(db.e, 'always-full-marks');
    expect(found).toEqual([
      expect.objectContaining({ eval_id: null, year: null, department: '测试局', field: 'total_score', detail: '全部 2 张自评表（2023–2024 年）均为满分' }),
    ]);
  });

  it('tells the same-named department of two regions apart', async () => {
    const full = (region: string, project: string, variant: number) => fullMarks(cleanForm({ region, department: '财政局', project, variant }));
    await insertForm(db.e, full('甲县', 'A', 0), full('甲县', 'B', 1));
    await insertForm(db.e, full('乙县', 'A', 2), cleanForm({ region: '乙县', department: '财政局', project: 'B', variant: 3 }));
    const found = await run(db.e, 'always-full-marks');
    expect(found).toEqual([expect.objectContaining({ region: '甲县', department: '财政局', detail: '全部 2 张自评表（2023 年）均为满分' })]);
  });

  it('is quiet when one form lost points, or the department has a single form', async () => {
    await insertForm(db.e, fullMarks(cleanForm({ project: 'A' })), cleanForm({ project: 'B' }));
    await insertForm(db.e, fullMarks(cleanForm({ department: '单表局' })));
    expect(await run(db.e, 'always-full-marks')).toEqual([]);
  });
});
