// full_marks_forms: the forms at full marks — every scored indicator row at its weight (a blank score
// is not full) and the execution score equal to the execution weight. A row with neither weight nor
// score (a 其中 breakdown line, form_indicators.is_sub) is no indicator and does not count either way;
// a form needs at least one scored row. The full-marks rules, the KPIs (form_facts.full_marks), the
// departments summary and the CLI all count these forms.
// Columns: eval_id, region, department, year, project, n (scored rows), exec_rate, executed,
// budget_full, exec_score, exec_weight.
import type { Derived } from './objects';

export const FULL_MARKS_FORMS: Derived = {
  name: 'full_marks_forms',
  sql: `
SELECT e.eval_id, e.region, e.department, e.year, e.project, s.n,
  e.exec_rate, e.executed, e.budget_full, e.exec_score, e.exec_weight
FROM evaluations e
JOIN (
  SELECT eval_id, count(*) AS n FROM indicators
  WHERE weight IS NOT NULL OR score IS NOT NULL
  GROUP BY eval_id HAVING bool_and(coalesce(score = weight, false))
) s ON s.eval_id = e.eval_id
WHERE e.exec_score IS NOT NULL AND e.exec_score = e.exec_weight`,
};
