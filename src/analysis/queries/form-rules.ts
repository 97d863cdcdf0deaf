// SQL the findings queries and the view cache (cache.ts) share: which rules hit a form — its own
// findings and its department's department-wide ones — and the order forms are ranked in.
import { sameDepartment } from '../rules/sql';

export const SEVERITY_RANK = `CASE severity WHEN 'high' THEN 0 WHEN 'medium' THEN 1 WHEN 'low' THEN 2 ELSE 3 END`;

/**
 * CTE `fr`: one row per (form, rule) that hit it — the form's own findings and the department-wide
 * ones (eval_id NULL, no 附件1 item) of its department, region and year — with the finding count.
 */
export const FORM_RULES_CTE = `hit AS (
  SELECT f.eval_id, f.rule, f.severity FROM findings f WHERE f.eval_id IS NOT NULL
  UNION ALL
  SELECT e.eval_id, f.rule, f.severity
  FROM findings f JOIN evaluations e ON ${sameDepartment('e', 'f')} AND (f.year IS NULL OR f.year = e.year)
  WHERE f.eval_id IS NULL AND f.item IS NULL
),
fr AS (SELECT eval_id, rule, any_value(severity) AS severity, count(*) AS n FROM hit GROUP BY eval_id, rule)`;

/**
 * The findings view's ranking of forms, over columns named as rankedForms returns them: highest
 * score first, then — for the many forms capped at 100 — the uncapped score, more high-severity
 * findings, more findings, and the form's name (the eval_id last, so the order is total).
 */
export const RANK_ORDER = `ORDER BY score DESC, raw DESC, high DESC, findings DESC, department, region NULLS FIRST, year, kind = '项目', project NULLS FIRST, eval_id`;

/** Over `fr` rows: how many of the findings are of high severity (a ranking's tie-break). */
export const HIGH_FINDINGS = `sum(n) FILTER (WHERE severity = 'high')`;
