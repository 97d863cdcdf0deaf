// One row per form with its own figures and the sums of its indicator rows — the basis of the
// CLI's `evaluations` and of the form lists in the app.
import type { Engine } from '../../db/engine';

export interface FormSummary {
  eval_id: string;
  year: number;
  region: string | null;
  department: string;
  kind: string;
  project: string | null;
  budget_initial: string | null;
  budget_full: string | null;
  executed: string | null;
  exec_weight: string | null;
  exec_rate: string | null;
  exec_score: string | null;
  total_score: string | null;
  report_score: string | null;
  n_indicators: number;
  sum_weight: string | null;
  sum_score: string | null;
}

export const FORM_SUMMARY_SQL = `
SELECT e.eval_id, e.year, e.region, e.department, e.kind, e.project,
       e.budget_initial, e.budget_full, e.executed, e.exec_weight, e.exec_rate, e.exec_score,
       e.total_score, e.report_score,
       coalesce(i.n_indicators, 0)::INTEGER AS n_indicators, i.sum_weight, i.sum_score
FROM evaluations e
LEFT JOIN (
  SELECT eval_id, count(*) AS n_indicators, sum(weight) AS sum_weight, sum(score) AS sum_score
  FROM indicators GROUP BY eval_id
) i USING (eval_id)
ORDER BY e.region NULLS FIRST, e.department, e.year, e.kind = '项目', e.project NULLS FIRST, e.eval_id`;

export function formSummaries(engine: Engine): Promise<FormSummary[]> {
  return engine.query<FormSummary>(FORM_SUMMARY_SQL);
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
