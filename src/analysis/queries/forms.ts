// One row per form with its own figures and the sums of its indicator rows — the basis of the
// CLI's `evaluations` and of the form lists in the app.
import type { Engine } from '../../db/engine';
import { FORM_HITS_CTE } from '../boilerplate';

/** Which form a row is about: its id and the columns of `evaluations` that name it. */
export interface FormIdentity {
  eval_id: string;
  year: number;
  region: string | null;
  department: string;
  kind: string;
  project: string | null;
}

/** The figures a form states about itself, as written (DECIMAL strings; null = not given). */
export interface FormFigures {
  budget_initial: string | null;
  budget_full: string | null;
  executed: string | null;
  exec_weight: string | null;
  exec_rate: string | null;
  exec_score: string | null;
  total_score: string | null;
  report_score: string | null;
}

export interface FormSummary extends FormIdentity, FormFigures {
  n_indicators: number;
  /** Σ of the indicator rows only. */
  sum_weight: string | null;
  sum_score: string | null;
}

const FORM_SUMMARY_SQL = `
SELECT e.eval_id, e.year, e.region, e.department, e.kind, e.project,
       e.budget_initial, e.budget_full, e.executed, e.exec_weight, e.exec_rate, e.exec_score,
       e.total_score, e.report_score,
       coalesce(i.n_indicators, 0)::INTEGER AS n_indicators, i.sum_weight, i.sum_score
FROM evaluations e
LEFT JOIN (
  SELECT eval_id, count(*) AS n_indicators, sum(weight) AS sum_weight, sum(score) AS sum_score
  FROM indicators GROUP BY eval_id
) i USING (eval_id)
`;
/** Forms as people list them: by region, department, year, the department form first. */
const FORM_ORDER = `ORDER BY region NULLS FIRST, department, year, kind = '项目', project NULLS FIRST, eval_id`;

export interface FormReport extends FormSummary {
  /** Every rule that hit the form, directly or through a department-wide finding. */
  flags: string[];
  boilerplate_score: number | null;
}

/** FORM_SUMMARY_SQL with each form's rule hits and boilerplate score (after analyse()). */
export function formReports(engine: Engine): Promise<FormReport[]> {
  return engine.query<FormReport>(`
    WITH ${FORM_HITS_CTE},
    flags AS (SELECT eval_id, list(DISTINCT rule ORDER BY rule) AS flags FROM raw GROUP BY eval_id),
    summary AS (${FORM_SUMMARY_SQL})
    SELECT * FROM (
      SELECT summary.*, coalesce(flags.flags, []) AS flags, fs.score AS boilerplate_score
      FROM summary LEFT JOIN flags USING (eval_id) LEFT JOIN form_scores fs USING (eval_id)
    ) ${FORM_ORDER}`);
}

/** Rows loaded per table. */
export async function tableCounts(engine: Engine): Promise<Record<string, number>> {
  const rows = await engine.query<{ t: string; n: number }>(`
    SELECT 'evaluations' AS t, count(*)::INTEGER AS n FROM evaluations
    UNION ALL SELECT 'indicators', count(*)::INTEGER FROM indicators
    UNION ALL SELECT 'spending', count(*)::INTEGER FROM spending
    UNION ALL SELECT 'staffing', count(*)::INTEGER FROM staffing`);
  return Object.fromEntries(rows.map((r) => [r.t, r.n]));
}
