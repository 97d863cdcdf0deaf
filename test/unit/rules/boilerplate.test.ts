import { describe, expect, it } from 'vitest';
import { runRules } from '../../../src/analysis/findings';
import { BOILERPLATE_POINTS, departmentBoilerplate, explainBoilerplate, formBoilerplate } from '../../../src/analysis/boilerplate';
import { RULES } from '../../../src/analysis/rules/index';
import { cleanForm, fullMarks, insertForm, loadSeed, SEED_PROJECT_FORMS, useEngine } from './fixture';

const db = useEngine();

describe('boilerplate score', () => {
  it('gives points only for catalogue rules', () => {
    const ids = new Set(RULES.map((r) => r.id));
    for (const [id, p] of Object.entries(BOILERPLATE_POINTS)) {
      expect(ids.has(id), id).toBe(true);
      expect(Number.isInteger(p) && p > 0).toBe(true);
    }
  });

  it('scores the seed high (≥ 60) and explains each score as its hits', async () => {
    await loadSeed(db.e);
    await runRules(db.e);
    const forms = await formBoilerplate(db.e);
    for (const f of forms) {
      expect(f.score).toBeGreaterThanOrEqual(60);
      const hits = await explainBoilerplate(db.e, f.eval_id);
      expect(hits.map((h) => h.rule).sort()).toEqual([...f.hits].sort());
      expect(hits.reduce((s, h) => s + h.points, 0)).toBe(f.raw);
      expect(f.score).toBe(Math.min(100, f.raw));
    }
    const bb = forms.find((f) => f.eval_id === SEED_PROJECT_FORMS[0])!; // 编办专项
    expect(bb.hits).toEqual(expect.arrayContaining(['full-marks', 'always-full-marks', 'copied-indicators', 'goal-missing']));
    expect(bb.score).toBe(100);
    const depts = await departmentBoilerplate(db.e);
    expect(depts.map((d) => [d.region, d.year])).toEqual([['汨罗市', 2023], ['汨罗市', null]]);
    const mean = forms.reduce((s, f) => s + f.score, 0) / forms.length;
    expect(Number(depts[1].score)).toBeCloseTo(mean, 2);
    expect(depts[1].forms).toBe(6);
  });

  it('scores a careful department low (< 20), per year and overall', async () => {
    const forms = [2023, 2024].flatMap((year) => ['A', 'B', 'C'].map((p, i) => cleanForm({ year, project: p, variant: i })));
    await insertForm(db.e, ...forms);
    await runRules(db.e);
    for (const f of await formBoilerplate(db.e)) expect(f.score).toBeLessThan(20);
    const depts = await departmentBoilerplate(db.e);
    expect(depts.map((d) => [d.year, d.forms, d.score])).toEqual([[2023, 3, '0'], [2024, 3, '0'], [null, 6, '0']]);
  });

  it('counts a department-wide hit on every form of the department', async () => {
    await insertForm(db.e, fullMarks(cleanForm({ project: 'A' })), fullMarks(cleanForm({ project: 'B', variant: 1 })));
    await runRules(db.e);
    const forms = await formBoilerplate(db.e);
    expect(forms.map((f) => f.hits)).toEqual([
      ['full-marks', 'always-full-marks'],
      ['full-marks', 'always-full-marks'],
    ]);
    expect(forms.map((f) => f.score)).toEqual([40, 40]);
  });

  it('scores the same-named department of two regions separately', async () => {
    const form = (region: string, project: string, variant: number) => cleanForm({ region, department: '财政局', project, variant });
    await insertForm(db.e, fullMarks(form('甲县', 'A', 0)), fullMarks(form('甲县', 'B', 1)), form('乙县', 'C', 2), form('乙县', 'D', 3));
    await runRules(db.e);
    const forms = await formBoilerplate(db.e);
    expect(forms.map((f) => [f.region, f.hits])).toEqual([
      ['乙县', []],
      ['乙县', []],
      ['甲县', ['full-marks', 'always-full-marks']],
      ['甲县', ['full-marks', 'always-full-marks']],
    ]);
    const depts = await departmentBoilerplate(db.e);
    expect(depts.map((d) => [d.region, d.department, d.year, d.forms, d.score])).toEqual([
      ['乙县', '财政局', 2023, 2, '0'],
      ['乙县', '财政局', null, 2, '0'],
      ['甲县', '财政局', 2023, 2, '40'],
      ['甲县', '财政局', null, 2, '40'],
    ]);
  });
});
