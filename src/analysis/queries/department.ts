// One department: its forms year by year, its findings, its score against its peers, the department
// pickers, and the CLI's summary per department and year (forms, full marks, money).
import type { Engine } from '../../db/engine';
import { raw, sql, type SqlFragment } from '../../db/sql';
import { FORM_RULES_CTE } from '../derived/form-rule-hits';
import type { Severity } from '../rules/index';
import { integerMeanSql, meanSql, ratioSql } from '../rules/sql';
import { cacheFacts } from './cache-state';
import { decimalOf, decimalText, yearList, yearsOf } from './compact';
import { formsOf } from './execution';
import type { Filters } from './filters';
import { factsWhere } from './findings';
import { SEVERITY_RANK } from './order';

/** A department is its name within a region (two counties may both have a 财政局); region null = not given. */
export interface DepartmentKey {
  department: string;
  region: string | null;
}

/** The shared filters that select one department (a null region selects by name only). */
export function departmentFilters(key: DepartmentKey, years: number[] = []): Filters {
  return { departments: [key.department], regions: key.region == null ? [] : [key.region], years };
}

/** The rows (of `alias`, when given) of one department: by name, and by region when the key has one. */
function ofDepartment(key: DepartmentKey, alias?: string): SqlFragment {
  const p = raw(alias ? `${alias}.` : '');
  return sql`${p}department = ${key.department} AND (${key.region}::VARCHAR IS NULL OR ${p}region = ${key.region}::VARCHAR)`;
}

export interface DepartmentChoice {
  region: string | null;
  department: string;
  dept_kind: string;
  forms: number;
  years: number[];
  score: string | null;
}

/** Departments (within the filters) whose name contains `text`, with their forms, years and mean score. */
export async function departmentList(engine: Engine, filters: Filters, text = ''): Promise<DepartmentChoice[]> {
  const cache = await cacheFacts(engine);
  const q = sql`
    SELECT any_value(e.region) AS region, any_value(e.department) AS department, any_value(e.dept_kind) AS dept_kind,
      CAST(count(*) AS INTEGER) AS forms, ${yearList(cache)} AS years,
      ${raw(decimalText(`CAST(${integerMeanSql('e.fs_score')} AS DECIMAL(5,2))`))} AS score
    FROM form_facts e
    WHERE ${factsWhere(filters)} AND (${text} = '' OR contains(lower(e.department), lower(${text})))
    GROUP BY e.dept_id
    ORDER BY department, region NULLS FIRST`;
  const rows = await engine.query<Omit<DepartmentChoice, 'years'> & { years: number | string }>(q.sql, q.params);
  return rows.map((r) => ({ ...r, years: yearsOf(cache, r.years), score: decimalOf(r.score) }));
}

/**
 * The distinct department names of the forms within the filters, sorted: what the findings view's
 * department select lists (the names of departmentList, in its order), at a fraction of its cost.
 */
export async function departmentNames(engine: Engine, filters: Filters): Promise<string[]> {
  const q = sql`
    SELECT list(department ORDER BY department) AS names
    FROM (SELECT DISTINCT e.department FROM form_facts e WHERE ${factsWhere(filters)})`;
  const [row] = await engine.query<{ names: string[] | null }>(q.sql, q.params);
  return row?.names ?? [];
}

export interface DepartmentFormRow {
  eval_id: string;
  year: number;
  kind: string;
  project: string | null;
  total_score: string | null;
  budget_full: string | null;
  executed: string | null;
  /** executed / budget_full, 6 places (NULL when budget_full is 0 or blank or executed blank). */
  rate: string | null;
  score: number | null;
  findings: number;
}

/** The department's forms, year by year, with the boilerplate score and the findings counted on each. */
export function departmentForms(engine: Engine, key: DepartmentKey): Promise<DepartmentFormRow[]> {
  const q = sql`
    WITH ${raw(FORM_RULES_CTE)}
    SELECT e.eval_id, e.year, e.kind, e.project, e.total_score, e.budget_full, e.executed,
      ${ratioSql('e.executed', 'e.budget_full')} AS rate,
      CAST(fs.score AS INTEGER) AS score,
      CAST(coalesce((SELECT sum(n) FROM fr WHERE fr.eval_id = e.eval_id), 0) AS INTEGER) AS findings
    FROM evaluations e LEFT JOIN form_scores fs ON fs.eval_id = e.eval_id
    WHERE ${ofDepartment(key, 'e')}
    ORDER BY e.year, e.kind = '项目', e.project NULLS FIRST, e.eval_id`;
  return engine.query<DepartmentFormRow>(q.sql, q.params);
}

export interface DepartmentFlagRow {
  /** NULL for department-wide findings that belong to no one year. */
  year: number | null;
  severity: Severity;
  findings: number;
}

/** The department's findings (附件1 included) per year and severity. */
export function departmentFlags(engine: Engine, key: DepartmentKey): Promise<DepartmentFlagRow[]> {
  const q = sql`
    SELECT f.year, f.severity, CAST(count(*) AS INTEGER) AS findings FROM findings f
    WHERE ${ofDepartment(key, 'f')}
    GROUP BY f.year, f.severity
    ORDER BY f.year NULLS LAST, ${raw(SEVERITY_RANK)}`;
  return engine.query<DepartmentFlagRow>(q.sql, q.params);
}

export interface DepartmentFindingRow {
  rule: string;
  severity: Severity;
  year: number | null;
  eval_id: string | null;
  item: string | null;
  field: string;
  detail: string;
  detail_en: string;
}

/** The department's findings that are not on a form: department-wide ones and 附件1 spending lines. */
export function departmentLevelFindings(engine: Engine, key: DepartmentKey): Promise<DepartmentFindingRow[]> {
  const q = sql`
    SELECT f.rule, f.severity, f.year, f.eval_id, f.item, f.field, f.detail, f.detail_en FROM findings f
    WHERE ${ofDepartment(key, 'f')} AND f.eval_id IS NULL
    ORDER BY f.year NULLS FIRST, ${raw(SEVERITY_RANK)}, f.rule, f.item NULLS FIRST, f.field, f.detail`;
  return engine.query<DepartmentFindingRow>(q.sql, q.params);
}

export interface PeerRow {
  year: number;
  /** The department's mean form score that year, 2 places. */
  score: string;
  /** Median of the peers' yearly means (same region, same department_kind, other departments); NULL without peers. */
  peers_median: string | null;
  peers: number;
}

/** The department's boilerplate score per year against the median of its peers. */
export function departmentVsPeers(engine: Engine, key: DepartmentKey): Promise<PeerRow[]> {
  const q = sql`
    WITH d AS (
      SELECT e.region, e.department, e.year, ${integerMeanSql('fs.score', 6)} AS score
      FROM evaluations e JOIN form_scores fs ON fs.eval_id = e.eval_id
      GROUP BY e.region, e.department, e.year
    ),
    me AS (SELECT * FROM d WHERE ${ofDepartment(key)})
    SELECT me.year, CAST(${meanSql('me.score')} AS DECIMAL(5,2)) AS score,
      CAST(round(median(p.score), 2) AS DECIMAL(5,2)) AS peers_median,
      CAST(count(p.department) AS INTEGER) AS peers
    FROM me LEFT JOIN d p ON p.year = me.year AND p.region IS NOT DISTINCT FROM me.region
      AND department_kind(p.department) = department_kind(me.department) AND p.department <> me.department
    GROUP BY me.year ORDER BY me.year`;
  return engine.query<PeerRow>(q.sql, q.params);
}

// ---------------------------------------------------------------------------------------------
// Per department and year

type Money = string | null;

export interface DepartmentSummaryRow {
  year: number;
  region: string | null;
  department: string;
  forms: number;
  /** Forms at full marks (full_marks_forms). */
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

export function departmentSummary(engine: Engine, filters: Filters): Promise<DepartmentSummaryRow[]> {
  const q = sql`
    WITH f AS (${formsOf(filters)})
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
  return engine.query<DepartmentSummaryRow>(q.sql, q.params);
}
