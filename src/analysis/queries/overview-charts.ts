// The numbers the overview, execution and 三公 views need beyond execution.ts / sangong.ts: the
// filter choices present in the data, forms flagged at a severity, execution totals over all groups,
// the most boilerplate departments under the filters, and the 三公 year-on-year change. Same
// definitions as the queries they sit beside (formsSql, ratioSql, spendingWhere); values travel as `?`.
import type { Engine } from '../../db/engine';
import { DEPARTMENT_KINDS } from '../../db/schema';
import { withViewCache } from './cache-state';
import { BELOW_THRESHOLD_SQL, execQuantiles, execRateDistribution, overviewKpis, ratioSql, withForms } from './execution';
import { filterWhere, spendingWhere, type Filters } from './filters';
import { meanSql } from '../rules/sql';
import { SANGONG, sangongFactsWhere, sangongTrend } from './sangong';

export interface FilterOptions {
  years: number[];
  regions: string[];
  /** Department kinds present, in the order of DEPARTMENT_KINDS. */
  deptKinds: string[];
}

/** The filter choices as rows (k, v): k is year, region or kind. The view cache keeps them as `filter_choices`. */
export const FILTER_OPTIONS_SQL = `
    WITH d AS (SELECT year, region, department FROM evaluations UNION SELECT year, region, department FROM spending)
    SELECT DISTINCT 'year' AS k, CAST(year AS VARCHAR) AS v FROM d WHERE year IS NOT NULL
    UNION SELECT DISTINCT 'region', region FROM d WHERE region IS NOT NULL AND region <> ''
    UNION SELECT DISTINCT 'kind', department_kind(department) FROM d WHERE department IS NOT NULL`;

/** Distinct years, regions and department kinds over the forms and the 附件1 spending lines. */
export async function filterOptions(engine: Engine): Promise<FilterOptions> {
  const rows = await withViewCache(
    engine,
    () => engine.query<{ k: string; v: string }>(`SELECT k, v FROM filter_choices`),
    () => engine.query<{ k: string; v: string }>(FILTER_OPTIONS_SQL),
  );
  const of = (k: string) => rows.filter((r) => r.k === k).map((r) => r.v);
  const kinds = new Set(of('kind'));
  return {
    years: of('year').map(Number).sort((a, b) => a - b),
    regions: of('region').sort(),
    deptKinds: DEPARTMENT_KINDS.filter((k) => kinds.has(k)),
  };
}

export interface FlaggedForms {
  forms: number;
  /** Filtered forms with at least one finding of the severity on the form itself (findings.eval_id). */
  flagged: number;
  /** flagged / forms, 6 places; NULL when there are no forms. */
  share: string | null;
}

/** How many of the filtered forms have a finding of `severity` (high by default). */
export async function flaggedForms(engine: Engine, filters: Filters, severity = 'high'): Promise<FlaggedForms> {
  return withViewCache(
    engine,
    async () => {
      // own_sevs: the severities of the form's own findings (findings.eval_id).
      const w = filterWhere(filters, { alias: 'e', deptKindColumn: 'dept_kind' });
      const sql = `
        WITH c AS (
          SELECT count(*) AS forms, count(*) FILTER (WHERE list_contains(e.own_sevs, ?)) AS flagged
          FROM form_facts e
          WHERE ${w.sql}
        )
        SELECT forms, flagged, ${ratioSql('flagged', 'forms')} AS share FROM c`;
      const [row] = await engine.query<FlaggedForms>(sql, [severity, ...w.params]);
      return row;
    },
    async () => {
      const w = filterWhere(filters, { alias: 'e' });
      const sql = `
        WITH fl AS (SELECT DISTINCT eval_id FROM findings WHERE severity = ? AND eval_id IS NOT NULL),
        c AS (
          SELECT count(*) AS forms, count(fl.eval_id) AS flagged
          FROM evaluations e LEFT JOIN fl ON fl.eval_id = e.eval_id
          WHERE ${w.sql}
        )
        SELECT forms, flagged, ${ratioSql('flagged', 'forms')} AS share FROM c`;
      const [row] = await engine.query<FlaggedForms>(sql, [severity, ...w.params]);
      return row;
    },
  );
}

export interface ExecTotals {
  forms: number;
  /** Forms with an execution rate (budget_full > 0, executed present). */
  rated: number;
  /** Rated forms whose executed equals budget_full exactly, and their share of `rated`, 6 places. */
  exact100: number;
  share_exact100: string | null;
  /** Rated forms below `lowThreshold` (default 90%). */
  low_executors: number;
}

/** execQuantiles' counts over all the filtered forms together (not per group). */
export async function execTotals(engine: Engine, filters: Filters, lowThreshold = '0.9'): Promise<ExecTotals> {
  if (!/^\d+(\.\d+)?$/.test(lowThreshold)) throw new Error(`bad threshold: ${lowThreshold}`);
  return withForms(engine, filters, async ({ f }) => {
    const exact = 'count(*) FILTER (WHERE f.rated AND f.executed = f.budget_full)';
    const sql = `
      WITH f AS (${f.sql})
      SELECT count(*) AS forms, count(*) FILTER (WHERE f.rated) AS rated,
        ${exact} AS exact100,
        ${ratioSql(exact, 'count(*) FILTER (WHERE f.rated)')} AS share_exact100,
        count(*) FILTER (WHERE ${BELOW_THRESHOLD_SQL}) AS low_executors
      FROM f`;
    const [row] = await engine.query<ExecTotals>(sql, [...f.params, lowThreshold]);
    return row;
  });
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
 */
export async function topBoilerplateDepartments(engine: Engine, filters: Filters, limit = 10): Promise<BoilerplateDepartment[]> {
  if (!Number.isInteger(limit) || limit < 0) throw new Error(`bad limit: ${limit}`);
  return withViewCache(
    engine,
    () => {
      // form_facts is both tables in one: `scored` = the form has a row in form_scores; dept_id
      // numbers the (region, department) pairs.
      const w = filterWhere(filters, { alias: 'e', deptKindColumn: 'dept_kind' });
      return engine.query<BoilerplateDepartment>(
        `SELECT any_value(e.region) AS region, any_value(e.department) AS department, CAST(count(*) AS INTEGER) AS forms,
          CAST(${meanSql('e.fs_score')} AS DECIMAL(5,2)) AS score, CAST(max(e.fs_score) AS INTEGER) AS max_score,
          CAST(${meanSql('e.fs_raw')} AS DECIMAL(7,2)) AS raw
        FROM form_facts e
        WHERE e.scored AND ${w.sql}
        GROUP BY e.dept_id
        ORDER BY score DESC, raw DESC, forms DESC, region NULLS FIRST, department
        LIMIT ?`,
        [...w.params, limit],
      );
    },
    () => {
      const w = filterWhere(filters, { alias: 'e' });
      return engine.query<BoilerplateDepartment>(
        `SELECT e.region, s.department, CAST(count(*) AS INTEGER) AS forms,
          CAST(${meanSql('s.score')} AS DECIMAL(5,2)) AS score, CAST(max(s.score) AS INTEGER) AS max_score,
          CAST(${meanSql('s.raw')} AS DECIMAL(7,2)) AS raw
        FROM form_scores s JOIN evaluations e ON e.eval_id = s.eval_id
        WHERE ${w.sql}
        GROUP BY e.region, s.department
        ORDER BY score DESC, raw DESC, forms DESC, e.region NULLS FIRST, s.department
        LIMIT ?`,
        [...w.params, limit],
      );
    },
  );
}

export interface SangongChangeRow {
  year: number;
  /** Σ 三公经费 本年决算数 and Σ 上年决算数 over the departments reporting that year (as sangongTrend). */
  final: string | null;
  prior_final: string | null;
  /** final − prior_final over departments reporting both; NULL when none does. */
  change: string | null;
  /** change / Σ prior_final of those departments, 6 places. */
  change_ratio: string | null;
}

/**
 * Year-on-year change of the 三公经费 total. The change compares like with like: only lines with both
 * a final and a prior final count towards `change` and `change_ratio`.
 */
export async function sangongChange(engine: Engine, filters: Filters): Promise<SangongChangeRow[]> {
  return withViewCache(
    engine,
    () => {
      // sangong_facts keeps, per department and year, Σ(final − prior_final) and Σ prior_final over
      // the 三公经费 lines with a final: the sums of those sums are the sums over the lines.
      const w = sangongFactsWhere(filters);
      return engine.query<SangongChangeRow>(
        `SELECT s.year, sum(s.final) AS final, sum(s.prior_final) AS prior_final,
          sum(s.total_change) AS change,
          ${ratioSql('sum(s.total_change)', 'sum(s.total_prior_both)')} AS change_ratio
        FROM sangong_facts s
        WHERE s.has_total AND ${w.sql}
        GROUP BY s.year
        ORDER BY s.year`,
        w.params,
      );
    },
    () => {
      const w = spendingWhere(filters, 's');
      const both = 'sum(s.final - s.prior_final)';
      const base = 'sum(s.prior_final) FILTER (WHERE s.final IS NOT NULL)';
      const sql = `
        SELECT s.year, sum(s.final) AS final, sum(s.prior_final) AS prior_final,
          ${both} AS change,
          ${ratioSql(both, base)} AS change_ratio
        FROM spending s
        WHERE s.item = '${SANGONG}' AND ${w.sql}
        GROUP BY s.year
        ORDER BY s.year`;
      return engine.query<SangongChangeRow>(sql, w.params);
    },
  );
}

/**
 * Everything the overview draws for `filters`, in one call: the KPI cards (all forms, and project
 * forms for the money), the high-risk share, the execution-rate histogram, the yearly quantiles, the
 * 三公 trend and the ten most boilerplate departments.
 */
export async function overviewData(engine: Engine, filters: Filters) {
  const [all, projects, high, bins, byYear, sangong, boilerplate] = await Promise.all([
    overviewKpis(engine, filters),
    overviewKpis(engine, { ...filters, kinds: ['项目'] }),
    flaggedForms(engine, filters, 'high'),
    execRateDistribution(engine, filters),
    execQuantiles(engine, filters, 'year'),
    sangongTrend(engine, filters),
    topBoilerplateDepartments(engine, filters, 10),
  ]);
  return { all, projects, high, bins, byYear, sangong, boilerplate };
}
