import { describe, expect, it } from 'vitest';
import { runRules } from '../../../src/analysis/findings';
import { BOILERPLATE_POINTS, departmentBoilerplate, explainBoilerplate, formBoilerplate } from '../../../src/analysis/boilerplate';
import { RULES } from '../../../src/analysis/rules/index';
import { cleanForm, fullMarks, insertForm, useEngine } from './fixture';
import { insertSeed, seedEvalId } from './seed-fixture';

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
    await insertSeed(db.e);
    await runRules(db.e);
    const forms = await formBoilerplate(db.e);
    for (const f of forms) {
      expect(f.score).toBeGreaterThanOrEqual(60);
      const hits = await explainBoilerplate(db.e, f.eval_id);
      expect(hits.map((h) => h.rule).sort()).toEqual([...f.hits].sort());
      expect(hits.reduce((s, h) => s + h.points, 0)).toBe(f.raw);
      expect(f.score).toBe(Math.min(100, f.raw));
    }
    const bb = forms.find((f) => f.eval_id === seedEvalId('编办专项'))!;
    expect(bb.hits).toEqual(expect.arrayContaining(['full-marks', 'always-full-marks', 'copied-indicators', 'goal-missing']));
    expect(bb.score).toBe(100);
    const depts = await departmentBoilerplate(db.e);
    expect(depts.map((d) => d.year)).toEqual([2023, null]);
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
});
