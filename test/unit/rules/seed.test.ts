// The real seed department (data/seed), loaded through the real ingest: the rules must find the
// oddities it really has, and none it has not. The seed is the truth: when this fails, fix the rule.
import { describe, expect, it } from 'vitest';
import { runRules, ruleHits } from '../../../src/analysis/findings';
import { formBoilerplate } from '../../../src/analysis/boilerplate';
import { loadSeed, SEED_DEPARTMENT, SEED_DEPARTMENT_FORM, SEED_PROJECT_FORMS, useEngine } from './fixture';

const db = useEngine();
const DEPT = SEED_DEPARTMENT_FORM;
const PROJECTS = SEED_PROJECT_FORMS;
const ALL = [DEPT, ...PROJECTS];
const BB = PROJECTS[0]; // 编办专项

describe('the seed department', () => {
  it('gets the findings its oddities call for, and none of the others', async () => {
    await loadSeed(db.e);
    const findings = await runRules(db.e);
    const forms = (rule: string) => [...new Set(findings.filter((f) => f.rule === rule).map((f) => f.eval_id))].sort();
    expect(forms('weights-sum')).toEqual([DEPT]);
    expect(forms('total-sum')).toEqual([DEPT]);
    expect(forms('full-marks')).toEqual(ALL);
    expect(findings.filter((f) => f.rule === 'always-full-marks')).toEqual([
      expect.objectContaining({ region: '汨罗市', department: SEED_DEPARTMENT, eval_id: null, year: null }),
    ]);
    expect(forms('report-mismatch')).toEqual(PROJECTS);
    expect(forms('goal-missing')).toEqual([BB]);
    expect(forms('copied-indicators')).toEqual(ALL);
    expect(forms('budget-adjusted')).toEqual([DEPT, BB]);
    const hits = ruleHits(findings);
    for (const quiet of ['sangong-parts', 'exec-rate', 'score-bounds', 'deduction-no-reason', 'exec-score', 'fund-subtotal',
      'project-spending-mismatch', 'sangong-over-budget', 'shortfall-full-marks', 'overspent', 'incomplete-form']) {
      expect(hits[quiet], quiet).toBe(0);
    }
    const scores = await formBoilerplate(db.e);
    expect(scores.map((s) => s.eval_id).sort()).toEqual(ALL);
    for (const s of scores) expect(s.score, s.eval_id).toBeGreaterThanOrEqual(60);
  });
});
