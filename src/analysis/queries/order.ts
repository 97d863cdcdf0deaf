// Orders the views share: findings by severity, forms by boilerplate score.

/** A finding's severity as a rank, most severe first (over a `severity` column). */
export const SEVERITY_RANK = `CASE severity WHEN 'high' THEN 0 WHEN 'medium' THEN 1 WHEN 'low' THEN 2 ELSE 3 END`;

/**
 * The findings view's ranking of forms, over columns named as rankedForms returns them: highest
 * score first, then — for the many forms capped at 100 — the uncapped score, more high-severity
 * findings, more findings, and the form's name (the eval_id last, so the order is total).
 * form_facts.rank_pos is this order, computed once.
 */
export const RANK_ORDER = `ORDER BY score DESC, raw DESC, high DESC, findings DESC, department, region NULLS FIRST, year, kind = '项目', project NULLS FIRST, eval_id`;

/** Over form_rule_hits rows grouped by form (`fr`): how many of the findings are of high severity (a ranking's tie-break). */
export const HIGH_FINDINGS = `sum(fr.n) FILTER (WHERE fr.severity = 'high')`;

/**
 * The department ranking: highest mean score first; departments tied there (many at the cap of 100)
 * by the mean uncapped score, then by more high-severity findings, the highest form, the name.
 */
export const DEPARTMENT_RANK_ORDER = 'ORDER BY d.score DESC, d.raw DESC, high DESC, d.max_score DESC, d.department, d.region NULLS FIRST';
