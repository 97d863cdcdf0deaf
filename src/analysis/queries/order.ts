// Orders the views share: findings by severity, forms by boilerplate score.

/** A finding's severity as a rank, most severe first (over a `severity` column). */
export const SEVERITY_RANK = `CASE severity WHEN 'high' THEN 0 WHEN 'medium' THEN 1 WHEN 'low' THEN 2 ELSE 3 END`;

/**
 * The findings view's ranking of forms, over columns named as rankedForms returns them: highest
 * score first, then the uncapped score, more findings, and the form's name (the eval_id last, so the
 * order is total). form_facts.rank_pos is this order, computed once.
 */
export const RANK_ORDER = `ORDER BY score DESC, raw DESC, findings DESC, department, region NULLS FIRST, year, kind = '项目', project NULLS FIRST, eval_id`;
