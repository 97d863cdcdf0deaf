// Hand-made cases written from each threshold rule's documented condition (its 条件), not from the
// generator: a form just inside the bound must stay quiet, one just past it must fire — at the
// default and at a province's own setting. Complements evaluate.test.ts, whose sample plants exactly
// what the rules look for.
import { describe, expect, it } from 'vitest';
import { ruleText } from '../../../src/analysis/rule-text';
import { ruleById } from '../../../src/analysis/rules/index';
import type { RuleSettings } from '../../../src/analysis/settings';
import { cleanForm, fullMarks, indicator, insertForm, run, useEngine, type Form } from './fixture';

const db = useEngine();

interface Case {
  /** What the form does, in the condition's words. */
  name: string;
  fires: boolean;
  change: (f: Form) => void;
}

/** Loads one clean form per case (each its own project) and checks exactly the firing ones are found. */
async function check(rule: string, cases: Case[], settings: Partial<RuleSettings> = {}, base: () => Form = cleanForm): Promise<void> {
  const forms = cases.map((c, i) => {
    const f = base();
    Object.assign(f.form, { project: `项目${i}`, eval_id: `T-${i}` });
    c.change(f);
    return f;
  });
  await insertForm(db.e, ...forms);
  const found = new Set((await run(db.e, rule, settings)).map((x) => x.eval_id));
  expect(cases.map((c, i) => [c.name, found.has(`T-${i}`)])).toEqual(cases.map((c) => [c.name, c.fires]));
}

const form = (o: Partial<Form['form']>) => (f: Form) => void Object.assign(f.form, o);

describe('threshold rules at their bounds', () => {
  it('weights-sum: Σ weights + execution weight off 100 by more than the tolerance', async () => {
    await check('weights-sum', [
      { name: '100.01 (within ±0.01)', fires: false, change: form({ exec_weight: 10.01 }) },
      { name: '100.02', fires: true, change: form({ exec_weight: 10.02 }) },
      { name: '99.99', fires: false, change: form({ exec_weight: 9.99 }) },
      { name: '99.98', fires: true, change: form({ exec_weight: 9.98 }) },
    ]);
    await check('weights-sum', [
      { name: '100.5 (within ±0.5)', fires: false, change: form({ exec_weight: 10.5 }) },
      { name: '100.51', fires: true, change: form({ exec_weight: 10.51 }) },
    ], { weightTolerance: 0.5 });
  });

  it('total-sum and report-mismatch: a total off by more than the tolerance', async () => {
    // the clean form's parts add up to 98
    await check('total-sum', [
      { name: '98.1', fires: false, change: form({ total_score: 98.1 }) },
      { name: '98.11', fires: true, change: form({ total_score: 98.11 }) },
      { name: '97.9', fires: false, change: form({ total_score: 97.9 }) },
    ]);
    await check('report-mismatch', [
      { name: 'report 98.1', fires: false, change: form({ report_score: 98.1 }) },
      { name: 'report 97.89', fires: true, change: form({ report_score: 97.89 }) },
      { name: 'no report score', fires: false, change: form({ report_score: null }) },
    ]);
    await check('report-mismatch', [
      { name: 'report 99 (within ±1)', fires: false, change: form({ report_score: 99 }) },
      { name: 'report 99.01', fires: true, change: form({ report_score: 99.01 }) },
    ], { totalTolerance: 1 });
  });

  it('exec-rate: the stated rate off executed ÷ budget by more than the tolerance in points', async () => {
    // executed 100 of a budget of 100: 100%
    await check('exec-rate', [
      { name: '99.5% (0.5 points off)', fires: false, change: form({ exec_rate: 0.995 }) },
      { name: '99.49%', fires: true, change: form({ exec_rate: 0.9949 }) },
      { name: 'no budget, nothing executed', fires: false, change: form({ budget_full: 0, executed: 0, exec_rate: null }) },
      { name: 'no budget, money executed', fires: true, change: form({ budget_full: 0, exec_rate: null }) },
    ]);
    await check('exec-rate', [
      { name: '99% (within 1 point)', fires: false, change: form({ exec_rate: 0.99 }) },
      { name: '98.99%', fires: true, change: form({ exec_rate: 0.9899 }) },
    ], { execRateTolerancePoints: 1 });
  });

  it('exec-score: the execution score off min(rate, 1) × weight by more than the tolerance', async () => {
    await check('exec-score', [
      { name: '9.9 of 10', fires: false, change: form({ exec_score: 9.9 }) },
      { name: '9.89 of 10', fires: true, change: form({ exec_score: 9.89 }) },
      { name: 'rate 120% capped: 10', fires: false, change: form({ exec_rate: 1.2, executed: 120 }) },
    ]);
  });

  it('budget-adjusted: the full-year budget more than the bound away from the initial budget', async () => {
    await check('budget-adjusted', [
      { name: '+20%', fires: false, change: form({ budget_initial: 100, budget_full: 120 }) },
      { name: '+20.01%', fires: true, change: form({ budget_initial: 100, budget_full: 120.01 }) },
      { name: '−20%', fires: false, change: form({ budget_initial: 100, budget_full: 80 }) },
      { name: '−20.01%', fires: true, change: form({ budget_initial: 100, budget_full: 79.99 }) },
      { name: 'added to an initial 0', fires: true, change: form({ budget_initial: 0, budget_full: 5 }) },
      { name: 'initial not reported', fires: false, change: form({ budget_initial: null, budget_full: 500 }) },
    ]);
    await check('budget-adjusted', [
      { name: '+50% (bound 0.5)', fires: false, change: form({ budget_initial: 100, budget_full: 150 }) },
      { name: '+50.01%', fires: true, change: form({ budget_initial: 100, budget_full: 150.01 }) },
      { name: '+30%', fires: false, change: form({ budget_initial: 100, budget_full: 130 }) },
    ], { adjustmentBound: 0.5 });
    expect(ruleText(ruleById('budget-adjusted')!, 'zh', { adjustmentBound: 0.5 }).condition).toContain('> 50%');
  });

  it('overachieved-no-note: the actual at least the ratio × the target, and no note', async () => {
    const actual = (a: string, deviation: string | null = null) => (f: Form) => {
      f.indicators[0] = indicator('产出指标', '数量指标', '培训人次', '≥200人次', a, 15, 15, deviation);
    };
    await check('overachieved-no-note', [
      { name: '260 of ≥200 (1.3×)', fires: true, change: actual('260人次') },
      { name: '259 of ≥200', fires: false, change: actual('259人次') },
      { name: '260 with a placeholder note', fires: true, change: actual('260人次', '无') },
      { name: '260 with a real note', fires: false, change: actual('260人次', '新增线上班次') },
      { name: '260 in another unit', fires: false, change: actual('260人') },
    ]);
    await check('overachieved-no-note', [
      { name: '400 of ≥200 (2×)', fires: true, change: actual('400人次') },
      { name: '399 of ≥200', fires: false, change: actual('399人次') },
    ], { overachieveRatio: 2 });
  });

  it('full-despite-shortfall: full marks with the execution rate below the threshold', async () => {
    const full = () => fullMarks(cleanForm());
    await check('full-despite-shortfall', [
      { name: '90%', fires: false, change: form({ exec_rate: 0.9 }) },
      { name: '89.99%', fires: true, change: form({ exec_rate: 0.8999 }) },
      { name: 'rate blank, 89 of 100 executed', fires: true, change: form({ exec_rate: null, executed: 89 }) },
      { name: 'rate blank, 90 of 100 executed', fires: false, change: form({ exec_rate: null, executed: 90 }) },
    ], {}, full);
    await check('full-despite-shortfall', [
      { name: '95%', fires: false, change: form({ exec_rate: 0.95 }) },
      { name: '94.99%', fires: true, change: form({ exec_rate: 0.9499 }) },
    ], { fullExecThreshold: 0.95 }, full);
  });

  it('deduction-no-reason: the placeholders in force count as no reason', async () => {
    const reason = (text: string) => (f: Form) => void (f.indicators[2].deviation = text);
    const cases = (fires: boolean) => [
      { name: '见附件', fires, change: reason('见附件') },
      { name: 'a real reason', fires: false, change: reason('两个批次因场地检修推迟') },
      { name: '无', fires: true, change: reason('无') },
    ];
    await check('deduction-no-reason', cases(false));
    await check('deduction-no-reason', cases(true), { placeholders: ['见附件', '无'] });
  });
});
