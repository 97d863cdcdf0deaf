import { describe, expect, it } from 'vitest';
import { runRules, ruleHits } from '../../../src/analysis/findings';
import { formBoilerplate } from '../../../src/analysis/boilerplate';
import { insertSeed, seedEvalId, SEED_DEPARTMENT, SEED_PROJECTS } from './seed-fixture';
import { useEngine } from './fixture';

const db = useEngine();
const DEPT = seedEvalId(null);
const ALL = [DEPT, ...SEED_PROJECTS.map(seedEvalId)].sort();
const PROJECTS = SEED_PROJECTS.map(seedEvalId).sort();

// The seed department as ingest may store it: whether "2023年全年" parses as a number must not matter.
describe.each([true, false])('the seed department (2023年全年 parsed: %s)', (parseYear) => {
  it('gets the findings its oddities call for, and none of the others', async () => {
    await insertSeed(db.e, parseYear);
    const findings = await runRules(db.e);
    const forms = (rule: string) => [...new Set(findings.filter((f) => f.rule === rule).map((f) => f.eval_id))].sort();
    expect(forms('weights-sum')).toEqual([DEPT]);
    expect(forms('total-sum')).toEqual([DEPT]);
    expect(forms('full-marks')).toEqual(ALL);
    expect(findings.filter((f) => f.rule === 'always-full-marks')).toEqual([
      expect.objectContaining({ department: SEED_DEPARTMENT, eval_id: null, year: null }),
    ]);
    expect(forms('report-mismatch')).toEqual(PROJECTS);
    expect(forms('goal-missing')).toEqual([seedEvalId('编办专项')]);
    expect(forms('copied-indicators')).toEqual(ALL);
    expect(forms('budget-adjusted')).toEqual([DEPT, seedEvalId('编办专项')].sort());
    const hits = ruleHits(findings);
    for (const quiet of ['sangong-parts', 'exec-rate', 'score-bounds', 'deduction-no-reason', 'exec-score', 'fund-subtotal',
      'project-spending-mismatch', 'sangong-over-budget', 'shortfall-full-marks', 'overspent', 'incomplete-form']) {
      expect(hits[quiet], quiet).toBe(0);
    }
    const scores = await formBoilerplate(db.e);
    expect(scores).toHaveLength(6);
    for (const s of scores) expect(s.score, s.eval_id).toBeGreaterThanOrEqual(60);
  });
});
