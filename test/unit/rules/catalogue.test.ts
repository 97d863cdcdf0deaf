import { describe, expect, it } from 'vitest';
import { tableFromIPC } from 'apache-arrow';
import { RULES } from '../../../src/analysis/rules/index';
import { FINDING_COLUMNS } from '../../../src/analysis/rules/rule';
import { DEFAULT_SETTINGS } from '../../../src/analysis/settings';
import { runRules, ruleHits } from '../../../src/analysis/findings';
import { prepareTables } from '../../../src/analysis/prepare';
import { cleanForm, insertForm, insertSpending, useEngine } from './fixture';

const IDS = [
  'weights-sum', 'total-sum', 'score-bounds', 'exec-rate', 'exec-score', 'report-mismatch', 'budget-adjusted',
  'fund-subtotal', 'incomplete-form', 'overspent',
  'shortfall-full-marks', 'deduction-no-reason', 'overachieved-no-note',
  'vague-targets', 'actual-equals-target', 'goal-missing', 'goal-restated', 'template-residue', 'copied-indicators',
  'generic-indicator', 'year-copy',
  'full-marks', 'always-full-marks', 'full-despite-shortfall', 'satisfaction-constant',
  'sangong-parts', 'sangong-over-budget', 'project-spending-mismatch',
];

const db = useEngine();

describe('rule catalogue', () => {
  it('has exactly the agreed ids, unique, in order', () => {
    expect(RULES.map((r) => r.id)).toEqual(IDS);
    expect(new Set(RULES.map((r) => r.id)).size).toBe(RULES.length);
  });

  it('documents every rule in both languages', () => {
    for (const r of RULES) {
      for (const k of ['titleZh', 'titleEn', 'whyZh', 'whyEn', 'conditionZh', 'conditionEn'] as const) {
        expect(r[k].trim().length, `${r.id}.${k}`).toBeGreaterThan(k.startsWith('title') ? 3 : 10);
      }
      expect(r.whyZh, r.id).toMatch(/[\u4e00-\u9fff]/);
      expect(['high', 'medium', 'low', 'info']).toContain(r.severity);
      expect(['form', 'indicator', 'department', 'spending']).toContain(r.target);
    }
  });

  it('every rule returns the shared finding columns, and takes as many parameters as it declares', async () => {
    await prepareTables(db.e, RULES.map((r) => r.sql));
    for (const r of RULES) {
      const params = r.params(DEFAULT_SETTINGS);
      const placeholders = r.sql.replace(/'(?:[^']|'')*'/g, '').match(/\?/g) ?? []; // outside string literals
      expect(placeholders.length, r.id).toBe(params.length);
      const ipc = await db.e.queryIPC(`SELECT * FROM (${r.sql}) AS r LIMIT 0`, params);
      expect(tableFromIPC(ipc).schema.fields.map((f) => f.name), r.id).toEqual([...FINDING_COLUMNS]);
    }
  });

  it('a careful department fires no rule at all', async () => {
    const forms = [2023, 2024].flatMap((year) => [
      cleanForm({ year, project: null, variant: 3 }),
      cleanForm({ year, project: '培训项目', variant: 0 }),
      cleanForm({ year, project: '宣传项目', variant: 1 }),
      cleanForm({ year, project: '信息化项目', variant: 2 }),
    ]);
    await insertForm(db.e, ...forms);
    await insertSpending(
      db.e,
      { year: 2023, department: '测试局', item: '三公经费', prior_final: 3, budget: 3, final: 2.5 },
      { year: 2023, department: '测试局', item: '公务用车购置和维护经费', prior_final: 1, budget: 1, final: 1 },
      { year: 2023, department: '测试局', item: '公务接待', prior_final: 2, budget: 2, final: 1.5 },
      { year: 2023, department: '测试局', item: '培训项目', parent: '项目支出', prior_final: 90, budget: 100, final: 100 },
    );
    const findings = await runRules(db.e);
    expect(findings).toEqual([]);
    expect(Object.values(ruleHits(findings)).every((n) => n === 0)).toBe(true);
    expect(Object.keys(ruleHits(findings))).toEqual(IDS);
  });

  it('rejects an unknown rule id', async () => {
    await expect(runRules(db.e, undefined, ['no-such-rule'])).rejects.toThrow(/unknown rule/);
  });
});
