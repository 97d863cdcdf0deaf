// One line per department and year: how many forms, how many at full marks, what they claim and
// what the money says.
import type { Engine } from '../../db/engine';
import { ratioSql, withForms } from './execution';
import type { Filters } from './filters';

type Money = string | null;

export interface DepartmentSummaryRow {
  year: number;
  region: string | null;
  department: string;
  forms: number;
  /** Forms whose every indicator scores its weight and whose exec_score = exec_weight. */
  full_marks: number;
  /** full_marks / forms, 6 places. */
  full_marks_share: string;
  /** Mean of the totals the forms claim, 4 places; NULL when no form states one. */
  mean_total_score: string | null;
  /**
   * Σ budget_full and Σ executed over the filtered forms. A 部门整体 form already contains the
   * department's projects: with both kinds selected these add them twice — see the per-kind sums.
   */
  budget_full: Money;
  executed: Money;
  dept_budget_full: Money;
  dept_executed: Money;
  project_budget_full: Money;
  project_executed: Money;
  /** Σ executed / Σ budget_full over forms with a rate (budget_full > 0, executed present), 6 places. */
  exec_rate: string | null;
}

export async function departmentSummary(engine: Engine, filters: Filters): Promise<DepartmentSummaryRow[]> {
  return withForms(engine, filters, ({ f }) => {
    const sql = `
      WITH f AS (${f.sql})
      SELECT f.year, f.region, f.department,
        count(*) AS forms,
        count(*) FILTER (WHERE f.full_marks) AS full_marks,
        ${ratioSql('count(*) FILTER (WHERE f.full_marks)', 'count(*)')} AS full_marks_share,
        ${ratioSql('sum(f.total_score)', 'count(f.total_score)', 4)} AS mean_total_score,
        sum(f.budget_full) AS budget_full, sum(f.executed) AS executed,
        sum(f.budget_full) FILTER (WHERE f.kind = '部门整体') AS dept_budget_full,
        sum(f.executed) FILTER (WHERE f.kind = '部门整体') AS dept_executed,
        sum(f.budget_full) FILTER (WHERE f.kind = '项目') AS project_budget_full,
        sum(f.executed) FILTER (WHERE f.kind = '项目') AS project_executed,
        ${ratioSql('sum(f.executed) FILTER (WHERE f.rated)', 'sum(f.budget_full) FILTER (WHERE f.rated)')} AS exec_rate
      FROM f
      GROUP BY f.year, f.region, f.department
      ORDER BY f.year, f.region NULLS FIRST, f.department`;
    return engine.query<DepartmentSummaryRow>(sql, f.params);
  });
}
