// A rule's words by language, with the thresholds in force (issue: 条件 still said "> 20%" after
// adjustmentBound=0.5 was set).
import { describe, expect, it } from 'vitest';
import { ruleText, ruleTitle } from '../../src/analysis/rule-text';
import { ruleById } from '../../src/analysis/rules/index';
import { number, percent } from '../../src/analysis/rules/words';

const rule = (id: string) => ruleById(id)!;

describe('ruleText', () => {
  it('picks the title, why and condition of the language', () => {
    const r = rule('weights-sum');
    expect(ruleText(r, 'zh')).toEqual({ title: r.titleZh, why: r.whyZh, condition: expect.stringContaining('±0.01') });
    expect(ruleText(r, 'en')).toEqual({ title: r.titleEn, why: r.whyEn, condition: expect.stringContaining('±0.01') });
  });

  it('writes the threshold in force into the condition, in both languages', () => {
    const r = rule('budget-adjusted');
    expect(ruleText(r, 'zh').condition).toContain('> 20% × 年初预算数');
    expect(ruleText(r, 'zh', { adjustmentBound: 0.5 }).condition).toContain('> 50% × 年初预算数');
    expect(ruleText(r, 'zh', { adjustmentBound: 0.5 }).condition).not.toContain('20%');
    expect(ruleText(r, 'en', { adjustmentBound: 0.5 }).condition).toContain('> 50% of the initial budget');
    expect(ruleText(rule('exec-rate'), 'zh', { execRateTolerancePoints: 1.25 }).condition).toContain('超过 1.25 个百分点');
    expect(ruleText(rule('generic-indicator'), 'en', { genericMinDepartments: 7, genericMinShare: 0.1 }).condition)
      .toMatch(/at least 7 departments .* and at least 10% of all departments/);
    expect(ruleText(rule('vague-targets'), 'zh', { vaguePhrases: ['大幅改善', '显著'] }).condition).toContain('大幅改善、显著');
  });

  it('a rule\'s title by id, and the id for a rule it does not know', () => {
    expect(ruleTitle('full-marks', 'zh')).toBe('全部指标满分');
    expect(ruleTitle('full-marks', 'en')).toBe('Full marks on every line');
    expect(ruleTitle('retired-rule', 'zh')).toBe('retired-rule');
  });
});

describe('thresholds as a condition writes them', () => {
  it('exactly, not as binary floats', () => {
    expect(percent(0.07)).toBe('7%'); // 0.07 × 100 = 7.000000000000001 in a double
    expect(percent(0.2)).toBe('20%');
    expect(percent(0.055)).toBe('5.5%');
    expect(number(0.1)).toBe('0.1');
    expect(number(200)).toBe('200');
  });
});
