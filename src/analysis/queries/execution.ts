// Budget execution: how much of the full-year budget each form says was spent, as the forms' own
// numbers computed again (never the 执行率 the form claims). Money stays DECIMAL end to end; ratios are
// computed exactly (integer arithmetic on the unscaled amounts) and rounded half away from zero.
import Decimal from 'decimal.js';
import type { Engine } from '../../db/engine';
import { withViewCache } from './cache-state';
import { filterWhere, type Filters, type SqlFragment } from './filters';
import type { FormIdentity } from './forms';
import { ratioSql } from '../rules/sql';

export { ratioSql }; // the queries' exact division; it lives with the SQL fragments the rules share

/**
 * One row per filtered form with what the execution measures need:
 * - `rated`: the form has an execution rate (budget_full > 0 and executed present);
 * - `rate`: executed / budget_full, exact to 12 places (NULL when not rated);
 * - `full_marks`: every indicator scores its weight (at least one indicator) and exec_score = exec_weight.
 * Use as `WITH f AS (<sql>)`.
 */
export function formsSql(filters: Filters): SqlFragment {
  const where = filterWhere(filters, { alias: 'e' });
  return {
    sql: `
    SELECT e.eval_id, e.year, e.region, e.department, e.kind, e.project, e.unit,
           e.budget_initial, e.budget_full, e.executed, e.exec_weight, e.exec_rate, e.exec_score, e.total_score,
           (e.budget_full > 0 AND e.executed IS NOT NULL) AS rated,
           CASE WHEN e.budget_full > 0 THEN ${ratioSql('e.executed', 'e.budget_full', 12)} END AS rate,
           coalesce(e.exec_score = e.exec_weight AND i.all_full, false) AS full_marks
    FROM evaluations e
    LEFT JOIN (
      SELECT eval_id, bool_and(score IS NOT NULL AND weight IS NOT NULL AND score = weight) AS all_full
      FROM indicators GROUP BY eval_id
    ) i ON i.eval_id = e.eval_id
    WHERE ${where.sql}`,
    params: where.params,
  };
}

/** formsSql's rows and columns read from the view cache (cache.ts form_facts), plus `dept_kind`, `dept_id` and `rate_micro`. */
export function cachedFormsSql(filters: Filters): SqlFragment {
  const where = filterWhere(filters, { alias: 'e', deptKindColumn: 'dept_kind' });
  return {
    sql: `
    SELECT e.eval_id, e.year, e.region, e.department, e.kind, e.project, e.unit,
           e.budget_initial, e.budget_full, e.executed, e.exec_weight, e.exec_rate, e.exec_score, e.total_score,
           e.rated, e.rate, e.full_marks, e.dept_kind, e.dept_id, e.rate_micro
    FROM form_facts e
    WHERE ${where.sql}`,
    params: where.params,
  };
}

/** How a query sees the filtered forms `f`: from the view cache or from formsSql. */
export interface FormsSource {
  f: SqlFragment;
  cached: boolean;
}

/**
 * Runs `run` over the filtered forms: from the view cache when the engine has one (analyse() builds
 * it), else from formsSql over evaluations and indicators. Both give the same rows.
 */
export function withForms<T>(engine: Engine, filters: Filters, run: (src: FormsSource) => Promise<T>): Promise<T> {
  return withViewCache(
    engine,
    () => run({ f: cachedFormsSql(filters), cached: true }),
    () => run({ f: formsSql(filters), cached: false }),
  );
}

/**
 * The forms `f` whose rate is below a threshold (one `?`: a ratio such as '0.9'), compared without a
 * division: executed < budget_full × threshold. The threshold is a DECIMAL(18,6); times a MONEY
 * DECIMAL(38,6) it is DECIMAL(38,12), exact for any budget below 10²⁶ 万元.
 */
export const BELOW_THRESHOLD_SQL = 'f.rated AND f.executed < f.budget_full * CAST(? AS DECIMAL(18,6))';

function decimalParam(x: number | string, what: string): string {
  let d: Decimal;
  try {
    d = new Decimal(x);
  } catch {
    throw new Error(`${what} is not a number: ${x}`);
  }
  if (!d.isFinite()) throw new Error(`${what} is not finite: ${x}`);
  return d.toFixed();
}

// ---------------------------------------------------------------------------------------------
// Histogram

export type RateBin = 'negative' | 'range' | 'exact100' | 'over100' | 'none';

export interface RateBinRow {
  /** The year when asked per year; null for all years together. */
  year: number | null;
  /** Order of the bin: -1 negative, 0…n-1 the ranges, n exactly 100%, n+1 over 100%, n+2 no rate. */
  ord: number;
  bin: RateBin;
  /** Lower bound (inclusive) and upper bound (exclusive) of a range bin as ratios, e.g. "0.95" and "1". */
  lo: string | null;
  hi: string | null;
  /** `0–5%`, `95–100%`, `100%`, `>100%`, `<0%`, `—` (no rate: budget_full 0/blank or executed blank). */
  label: string;
  count: number;
}

/**
 * Histogram of the computed execution rate: ranges of `binWidth` from 0 up to (not including) 100%,
 * then exactly 100%, over 100%, and — so that no form silently disappears — below 0% and no rate.
 * Every bin is returned, with zero counts, for every year present when `byYear`.
 */
export async function execRateDistribution(
  engine: Engine,
  filters: Filters,
  binWidth: number | string = 0.05,
  byYear = false,
): Promise<RateBinRow[]> {
  const w = new Decimal(decimalParam(binWidth, 'binWidth'));
  if (w.lte(0) || w.gt(1) || !new Decimal(1).mod(w).isZero()) throw new Error(`binWidth must divide 1: ${binWidth}`);
  const n = new Decimal(1).div(w).toNumber();
  return withForms(engine, filters, async ({ f, cached }) => {
    const yearOf = byYear ? 'f.year' : 'CAST(NULL AS INTEGER)';
    // c: the forms per group and bin (n). A form in a range bin has 0 <= executed < budget_full, so its
    // bin is floor(executed / (budget_full × w)); the cache keeps floor(10⁶ × executed / budget_full)
    // (rate_micro), which makes it rate_micro // (10⁶ × w), exactly, counted before meeting the bins.
    const c = cached
      ? `SELECT s.g, coalesce(s.sp, CAST(s.rate_micro // CAST(p.w * 1000000 AS BIGINT) AS INTEGER)) AS ord, count(*) AS n
        FROM special s, p
        GROUP BY ALL`
      : `SELECT s.g, coalesce(s.sp, b.ord) AS ord, 1 AS n
        FROM special s
        LEFT JOIN b ON s.sp IS NULL AND b.bin = 'range'
          AND s.executed >= s.budget_full * b.lo AND s.executed < s.budget_full * b.hi`;
    const count = cached ? 'CAST(coalesce(sum(c.n), 0) AS BIGINT)' : 'count(c.ord)';
    const sql = `
      WITH f AS (${f.sql}),
      -- Bin bounds are ratios (≤ 1, 6 places): budget_full × bound is DECIMAL(38,12), exact.
      p AS (SELECT CAST(? AS DECIMAL(18,6)) AS w, CAST(? AS INTEGER) AS n),
      b AS (
        SELECT -1 AS ord, 'negative' AS bin, CAST(NULL AS DECIMAL(18,6)) AS lo, CAST(0 AS DECIMAL(18,6)) AS hi FROM p
        UNION ALL
        SELECT CAST(r.k AS INTEGER), 'range', CAST(CAST(r.k AS DECIMAL(18,0)) * p.w AS DECIMAL(18,6)),
               CAST(CAST(r.k + 1 AS DECIMAL(18,0)) * p.w AS DECIMAL(18,6))
        FROM p, range(0, (SELECT n FROM p)) r(k)
        UNION ALL SELECT p.n, 'exact100', CAST(1 AS DECIMAL(18,6)), CAST(1 AS DECIMAL(18,6)) FROM p
        UNION ALL SELECT p.n + 1, 'over100', CAST(1 AS DECIMAL(18,6)), NULL FROM p
        UNION ALL SELECT p.n + 2, 'none', NULL, NULL FROM p
      ),
      special AS (
        SELECT f.*, ${yearOf} AS g,
          CASE WHEN NOT f.rated THEN p.n + 2
               WHEN f.executed < 0 THEN -1
               WHEN f.executed = f.budget_full THEN p.n
               WHEN f.executed > f.budget_full THEN p.n + 1 END AS sp
        FROM f, p
      ),
      c AS (
        ${c}
      ),
      y AS (${byYear ? 'SELECT DISTINCT g FROM special' : 'SELECT CAST(NULL AS INTEGER) AS g'})
      SELECT y.g AS year, b.ord, b.bin, b.lo, b.hi, ${count} AS count
      FROM y CROSS JOIN b
      LEFT JOIN c ON c.ord = b.ord AND c.g IS NOT DISTINCT FROM y.g
      GROUP BY y.g, b.ord, b.bin, b.lo, b.hi
      ORDER BY y.g NULLS FIRST, b.ord`;
    const rows = await engine.query<Omit<RateBinRow, 'label'>>(sql, [...f.params, w.toFixed(), n]);
    return rows.map((r) => ({ ...r, label: binLabel(r) }));
  });
}

function binLabel(r: Omit<RateBinRow, 'label'>): string {
  const pct = (x: string) => new Decimal(x).mul(100).toFixed();
  switch (r.bin) {
    case 'range':
      return `${pct(r.lo!)}–${pct(r.hi!)}%`;
    case 'exact100':
      return '100%';
    case 'over100':
      return '>100%';
    case 'negative':
      return '<0%';
    default:
      return '—';
  }
}

// ---------------------------------------------------------------------------------------------
// Quantiles and shares per group

export type ExecGroupBy = 'year' | 'region' | 'kind' | 'deptKind';
/** `kind` is the form's kind (部门整体/项目); `deptKind` the department's (党委部门, 乡镇街道 …). */
const GROUP_COLUMN: Record<ExecGroupBy, string> = { year: 'f.year', region: 'f.region', kind: 'f.kind', deptKind: 'department_kind(f.department)' };
/** The quantiles execQuantiles reports. */
const QUANTILES = [0.1, 0.25, 0.5, 0.75, 0.9];
/** The same, over the view cache, where the department kind is a column. */
const CACHED_GROUP_COLUMN: Record<ExecGroupBy, string> = { ...GROUP_COLUMN, deptKind: 'f.dept_kind' };

export interface ExecQuantileRow {
  /** The year, region, form kind (部门整体/项目) or department kind; null for forms without a region. */
  group: string | number | null;
  forms: number;
  /** Forms with an execution rate (budget_full > 0, executed present): the quantiles are over these. */
  rated: number;
  /** Quantiles of the rate (continuous interpolation), as ratios rounded to 4 places ("0.9876", "1"). */
  p10: string | null;
  p25: string | null;
  median: string | null;
  p75: string | null;
  p90: string | null;
  /** Forms whose executed equals budget_full, and their share of `rated` (6 places). */
  exact100: number;
  share_exact100: string | null;
  /** Forms at full marks, and their share of `forms` (6 places). */
  full_marks: number;
  share_full_marks: string | null;
  /** Forms whose rate is below `lowThreshold` (default 90%). */
  low_executors: number;
}

export async function execQuantiles(
  engine: Engine,
  filters: Filters,
  groupBy: ExecGroupBy,
  lowThreshold: number | string = 0.9,
): Promise<ExecQuantileRow[]> {
  if (!GROUP_COLUMN[groupBy]) throw new Error(`bad groupBy: ${groupBy}`);
  const low = decimalParam(lowThreshold, 'lowThreshold');
  return withForms(engine, filters, ({ f, cached }) => {
    const col = (cached ? CACHED_GROUP_COLUMN : GROUP_COLUMN)[groupBy];
    // Cached, the five quantiles come from one list quantile_cont: one sort of the rates, same values.
    const q = (p: number) => (cached ? `round(a.qs[${QUANTILES.indexOf(p) + 1}], 4)` : `round(quantile_cont(f.rate, ${p}), 4)`);
    const quantiles = `${q(0.1)} AS p10, ${q(0.25)} AS p25, ${q(0.5)} AS median, ${q(0.75)} AS p75, ${q(0.9)} AS p90`;
    const shares = `count(*) FILTER (WHERE f.rated AND f.executed = f.budget_full) AS exact100,
        ${ratioSql('count(*) FILTER (WHERE f.rated AND f.executed = f.budget_full)', 'count(*) FILTER (WHERE f.rated)')} AS share_exact100,
        count(*) FILTER (WHERE f.full_marks) AS full_marks,
        ${ratioSql('count(*) FILTER (WHERE f.full_marks)', 'count(*)')} AS share_full_marks,
        count(*) FILTER (WHERE ${BELOW_THRESHOLD_SQL}) AS low_executors`;
    const sql = cached
      ? `
      WITH f AS (${f.sql}),
      a AS (
        SELECT ${col} AS "group", count(*) AS forms, count(*) FILTER (WHERE f.rated) AS rated,
          quantile_cont(f.rate, [${QUANTILES.join(', ')}]) AS qs,
          ${shares}
        FROM f
        GROUP BY ${col}
      )
      SELECT a."group", a.forms, a.rated, ${quantiles},
        a.exact100, a.share_exact100, a.full_marks, a.share_full_marks, a.low_executors
      FROM a
      ORDER BY a."group" NULLS LAST`
      : `
      WITH f AS (${f.sql})
      SELECT ${col} AS "group", count(*) AS forms, count(*) FILTER (WHERE f.rated) AS rated,
        ${quantiles},
        ${shares}
      FROM f
      GROUP BY ${col}
      ORDER BY ${col} NULLS LAST`;
    return engine.query<ExecQuantileRow>(sql, [...f.params, low]);
  });
}

// ---------------------------------------------------------------------------------------------
// Low executors

export interface LowExecutorRow extends FormIdentity {
  budget_full: string;
  executed: string;
  /** Computed rate, 6 places. */
  rate: string;
  /** The rate the form claims (as a ratio), for comparison. */
  exec_rate: string | null;
}

/** Forms whose computed rate is below `threshold`, lowest first. */
export async function lowExecutors(
  engine: Engine,
  filters: Filters,
  threshold: number | string = 0.9,
  limit = 100,
): Promise<LowExecutorRow[]> {
  if (!Number.isInteger(limit) || limit < 0) throw new Error(`bad limit: ${limit}`);
  const t = decimalParam(threshold, 'threshold');
  return withForms(engine, filters, ({ f }) => {
    const sql = `
      WITH f AS (${f.sql})
      SELECT f.eval_id, f.year, f.region, f.department, f.kind, f.project, f.budget_full, f.executed,
             CAST(round(f.rate, 6) AS DECIMAL(38,6)) AS rate, f.exec_rate
      FROM f
      WHERE ${BELOW_THRESHOLD_SQL}
      ORDER BY f.rate, f.department, f.eval_id
      LIMIT ?`;
    return engine.query<LowExecutorRow>(sql, [...f.params, t, limit]);
  });
}

// ---------------------------------------------------------------------------------------------
// Overview

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
  full_marks: number;
  /** Forms at full marks / forms, 6 places. */
  share_full_marks: string | null;
}

export async function overviewKpis(engine: Engine, filters: Filters): Promise<OverviewKpis> {
  return withForms(engine, filters, async ({ f, cached }) => {
    // dept_id numbers the distinct (region, department) pairs of the cache.
    const departments = cached ? 'count(DISTINCT f.dept_id)' : '(SELECT count(*) FROM (SELECT DISTINCT region, department FROM f))';
    const sql = `
      WITH f AS (${f.sql})
      SELECT ${departments} AS departments,
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
    const [row] = await engine.query<OverviewKpis>(sql, f.params);
    return row;
  });
}
