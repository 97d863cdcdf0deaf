// form_rule_hits: every finding counted on a form — the form's own findings (findings.eval_id) and
// the department-wide ones (eval_id NULL, no 附件1 item: always-full-marks, satisfaction-constant) of
// its department, for every form of that department (same region and name, rules/sql.ts
// sameDepartment: the 财政局 of two counties are two departments) and year (when the finding has one).
// `scope` says which: 'form' or 'department'. The boilerplate score, the ranking's hits, the form view
// and the CLI's flags all read it. A view, never materialised: the analysis keeps what is built from
// it (form_scores, form_facts).
// Columns: eval_id, rule, severity, seq, field, detail, detail_en, seqs, related, scope.
import { sameDepartment } from '../rules/sql';
import type { Derived } from './objects';

/**
 * form_rule_hits of `findings`: the table, or some of its rows (the findings counted under a review
 * state, queries/counted.ts).
 */
export function formRuleHitsSql(findings = 'findings'): string {
  return `
SELECT f.eval_id, f.rule, f.severity, f.seq, f.field, f.detail, f.detail_en, f.seqs, f.related, 'form' AS scope
FROM ${findings} f WHERE f.eval_id IS NOT NULL
UNION ALL
SELECT e.eval_id, f.rule, f.severity, f.seq, f.field, f.detail, f.detail_en, f.seqs, f.related, 'department'
FROM ${findings} f JOIN evaluations e ON ${sameDepartment('e', 'f')} AND (f.year IS NULL OR f.year = e.year)
WHERE f.eval_id IS NULL AND f.item IS NULL`;
}

export const FORM_RULE_HITS: Derived = { name: 'form_rule_hits', sql: formRuleHitsSql() };

/**
 * CTE `fr`: one row per (form, rule) that hit it, with the finding count and whether one of them is
 * the form's own (`own`: scope 'form'): what the ranking lists as a form's hits; over form_rule_hits,
 * or rows of its shape (`hits`).
 */
export const formRulesCte = (hits = 'form_rule_hits') => `fr AS (
  SELECT eval_id, rule, any_value(severity) AS severity, count(*) AS n, bool_or(scope = 'form') AS own FROM ${hits} GROUP BY eval_id, rule
)`;
export const FORM_RULES_CTE = formRulesCte();
