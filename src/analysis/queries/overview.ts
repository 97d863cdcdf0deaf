// The overview: the KPI cards, the forms flagged at a severity, the most boilerplate departments and
// the filter choices present in the data, and everything the overview draws in one call. Every query
// reads the views' cache (cache.ts); values travel as `?`.
import type { Engine } from '../../db/engine';
import { DEPARTMENT_KINDS } from '../../db/schema';
import { raw, sql } from '../../db/sql';
import { integerMeanSql, ratioSql } from '../rules/sql';
import { countedCache, type FindingCount } from './counted';
import { execQuantiles, execRateDistribution, formsOf } from './execution';
import { filterWhere, type Filters } from './filters';
import { sangongTrend } from './sangong';

export interface FilterOptions {
  years: number[];
  regions: string[];
  /** Department kinds present, in the order of DEPARTMENT_KINDS. */
  deptKinds: string[];
}

/** Distinct years, regions and department kinds over the forms and the 附件1 spending lines (filter_choices). */
export async function filterOptions(engine: Engine): Promise<FilterOptions> {
  const rows = await engine.query<{ k: string; v: string }>(`SELECT k, v FROM filter_choices`);
  const of = (k: string) => rows.filter((r) => r.k === k).map((r) => r.v);
  const kinds = new Set(of('kind'));
  return {
    years: of('year').map(Number).sort((a, b) => a - b),
    regions: of('region').sort(),
    deptKinds: DEPARTMENT_KINDS.filter((k) => kinds.has(k)),
  };
}

export interface OverviewKpis {
  /** Distinct (region, department) pairs among the filtered forms. */
  departments: number;
  forms: number;
  /**
   * Σ budget_full and Σ executed over the filtered forms, exact. With both kinds selected this adds a
   * department's 部门整体 form to its project forms, which the former already contains: filter by kind,
   * or use the per-kind sums below.
   */
  budget_full: string | null;
  executed: string | null;
  dept_budget_full: string | null;
  dept_executed: string | null;
  project_budget_full: string | null;
  project_executed: string | null;
  /** Σ executed / Σ budget_full over rated forms (budget_full > 0, executed present), 6 places. */
  exec_rate: string | null;
  /** Forms at full marks (full_marks_forms). */
  full_marks: number;
  /** Forms at full marks / forms, 6 places. */
  share_full_marks: string | null;
}

export async function overviewKpis(engine: Engine, filters: Filters): Promise<OverviewKpis> {
  // dept_id numbers the distinct (region, department) pairs.
  const q = sql`
    WITH f AS (${formsOf(filters)})
    SELECT count(DISTINCT f.dept_id) AS departments,
      count(*) AS forms,
      sum(f.budget_full) AS budget_full, sum(f.executed) AS executed,
      sum(f.budget_full) FILTER (WHERE f.kind = '部门整体') AS dept_budget_full,
      sum(f.executed) FILTER (WHERE f.kind = '部门整体') AS dept_executed,
      sum(f.budget_full) FILTER (WHERE f.kind = '项目') AS project_budget_full,
      sum(f.executed) FILTER (WHERE f.kind = '项目') AS project_executed,
      ${ratioSql('sum(f.executed) FILTER (WHERE f.rated)', 'sum(f.budget_full) FILTER (WHERE f.rated)')} AS exec_rate,
      count(*) FILTER (WHERE f.full_marks) AS full_marks,
      ${ratioSql('count(*) FILTER (WHERE f.full_marks)', 'count(*)')} AS share_full_marks
    FROM f`;
  const [row] = await engine.query<OverviewKpis>(q.sql, q.params);
  return row;
}

/**
 * How many findings within the filters `count` counts: every finding of the filtered years, regions
 * and departments (finding_groups: department-wide and 附件1 ones included), as the rule catalogue
 * adds them up.
 */
export async function findingsCounted(engine: Engine, filters: Filters, count: FindingCount = 'all'): Promise<number> {
  const cc = await countedCache(engine, count);
  const q = sql`
    WITH ${cc.defs} g AS (SELECT g.n FROM ${cc.groups} g WHERE ${filterWhere(filters, { alias: 'g', hasKind: false, deptKindColumn: 'dept_kind' })})
    SELECT CAST(coalesce(sum(g.n), 0) AS INTEGER) AS n FROM g`;
  const [row] = await engine.query<{ n: number }>(q.sql, q.params);
  return row.n;
}

export interface FlaggedForms {
  forms: number;
  /** Filtered forms with at least one finding of the severity on the form itself (findings.eval_id). */
  flagged: number;
  /** flagged / forms, 6 places; NULL when there are no forms. */
  share: string | null;
}

/** How many of the filtered forms have a finding of `severity` (high by default), as `count` counts findings. */
export async function flaggedForms(engine: Engine, filters: Filters, severity = 'high', count: FindingCount = 'all'): Promise<FlaggedForms> {
  const cc = await countedCache(engine, count);
  // own_sevs: the severities of the form's own findings (findings.eval_id).
  const q = sql`
    WITH ${cc.defs} c AS (
      SELECT count(*) AS forms, count(*) FILTER (WHERE list_contains(e.own_sevs, ${severity})) AS flagged
      FROM ${cc.facts} e
      WHERE ${filterWhere(filters, { alias: 'e', deptKindColumn: 'dept_kind' })}
    )
    SELECT forms, flagged, ${ratioSql('flagged', 'forms')} AS share FROM c`;
  const [row] = await engine.query<FlaggedForms>(q.sql, q.params);
  return row;
}

export interface BoilerplateDepartment {
  region: string | null;
  department: string;
  forms: number;
  /** Mean boilerplate score of the department's filtered forms, 2 places (as department_scores). */
  score: string;
  max_score: number;
  /** Mean of the forms' uncapped scores: tells apart departments that all sit at 100. */
  raw: string;
}

/**
 * The departments whose filtered forms score highest on boilerplate (form_scores, the per-form basis
 * of department_scores): with no filter this is department_scores' all-years row; with years (and
 * regions, kinds) chosen, the same mean over just those forms. Highest first, then more forms, name.
 * The scores are of the findings `count` counts.
 */
export async function topBoilerplateDepartments(engine: Engine, filters: Filters, limit = 10, count: FindingCount = 'all'): Promise<BoilerplateDepartment[]> {
  if (!Number.isInteger(limit) || limit < 0) throw new Error(`bad limit: ${limit}`);
  const cc = await countedCache(engine, count);
  // form_facts holds form_scores too: `scored` = the form has a row there; dept_id numbers the
  // (region, department) pairs.
  const q = sql`
    WITH ${cc.defs} d AS (
      SELECT any_value(e.region) AS region, any_value(e.department) AS department, CAST(count(*) AS INTEGER) AS forms,
        CAST(${integerMeanSql('e.fs_score')} AS DECIMAL(5,2)) AS score, CAST(max(e.fs_score) AS INTEGER) AS max_score,
        CAST(${integerMeanSql('e.fs_raw')} AS DECIMAL(7,2)) AS raw
      FROM ${cc.facts} e
      WHERE e.scored AND ${filterWhere(filters, { alias: 'e', deptKindColumn: 'dept_kind' })}
      GROUP BY e.dept_id
    )
    SELECT * FROM d
    ORDER BY score DESC, raw DESC, forms DESC, region NULLS FIRST, department
    LIMIT ${limit}`;
  return engine.query<BoilerplateDepartment>(q.sql, q.params);
}

/**
 * Everything the overview draws for `filters`, in one call: the KPI cards (all forms, and project
 * forms for the money), the findings and the high-risk share as `count` counts findings, the execution-rate histogram, the yearly quantiles, the
 * 三公 trend and the ten most boilerplate departments.
 */
export async function overviewData(engine: Engine, filters: Filters, count: FindingCount = 'all') {
  const [all, projects, findings, high, bins, byYear, sangong, boilerplate] = await Promise.all([
    overviewKpis(engine, filters),
    overviewKpis(engine, { ...filters, kinds: ['项目'] }),
    findingsCounted(engine, filters, count),
    flaggedForms(engine, filters, 'high', count),
    execRateDistribution(engine, filters),
    execQuantiles(engine, filters, 'year'),
    sangongTrend(engine, filters),
    topBoilerplateDepartments(engine, filters, 10, count),
  ]);
  return { all, projects, findings, high, bins, byYear, sangong, boilerplate, count };
}
