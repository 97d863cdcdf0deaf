// Budget execution: how much of the full-year budget each form says was spent, as the forms' own
// numbers computed again (never the 执行率 the form claims). Money stays DECIMAL end to end; ratios are
// computed exactly (integer arithmetic on the unscaled amounts) and rounded half away from zero.
// Every query reads the filtered forms from form_facts (cache.ts), where rated, rate and full_marks
// are computed once.
import Decimal from 'decimal.js';
import type { Engine } from '../../db/engine';
import { raw, sql, type SqlFragment } from '../../db/sql';
import { ratioSql } from '../rules/sql';
import { filterWhere, type Filters } from './filters';
import type { FormIdentity } from './form';

/**
 * One row per filtered form (form_facts) with what the execution measures need:
 * - `rated`: the form has an execution rate (budget_full > 0 and executed present);
 * - `rate`: executed / budget_full, exact to 12 places (NULL when not rated);
 * - `full_marks`: the form is one of full_marks_forms;
 * - `dept_kind`, `dept_id` (numbering the (region, department) pairs) and `rate_micro` (the rate in
 *   millionths, rounded down, for a rate in [0, 1)).
 * Use as `WITH f AS (<sql>)`.
 */
export function formsOf(filters: Filters): SqlFragment {
  return sql`
    SELECT e.eval_id, e.year, e.region, e.department, e.kind, e.project, e.unit,
           e.budget_initial, e.budget_full, e.executed, e.exec_weight, e.exec_rate, e.exec_score, e.total_score,
           e.rated, e.rate, e.full_marks, e.dept_kind, e.dept_id, e.rate_micro
    FROM form_facts e
    WHERE ${filterWhere(filters, { alias: 'e', deptKindColumn: 'dept_kind' })}`;
}

/**
 * The forms `f` whose rate is below `threshold` (a ratio such as '0.9'), compared without a
 * division: executed < budget_full × threshold. The threshold is a DECIMAL(18,6); times a MONEY
 * DECIMAL(38,6) it is DECIMAL(38,12), exact for any budget below 10²⁶ 万元.
 */
const belowThreshold = (threshold: string) => sql`f.rated AND f.executed < f.budget_full * CAST(${threshold} AS DECIMAL(18,6))`;

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
  /** The bin as a link names it (`?bin=`): `95-100` for a range (percent bounds), else its `bin`. */
  key: string;
  count: number;
}

/** The bin width as a checked DECIMAL text and the number of range bins it makes below 100%. */
function binWidthOf(binWidth: number | string): { w: Decimal; n: number } {
  const w = new Decimal(decimalParam(binWidth, 'binWidth'));
  if (w.lte(0) || w.gt(1) || !new Decimal(1).mod(w).isZero()) throw new Error(`binWidth must divide 1: ${binWidth}`);
  return { w, n: new Decimal(1).div(w).toNumber() };
}

/**
 * The one definition of which bin a form falls in, for the histogram and for the forms of one bin:
 * the CTEs `f` (the filtered forms), `p` (the width and the number of range bins) and `binned`
 * (every form of f, its group `g` — the year when `byYear` — and `ord`, its bin's order as in
 * RateBinRow). A form in a range bin has 0 <= executed < budget_full, so its bin is
 * floor(executed / (budget_full × w)); form_facts keeps floor(10⁶ × executed / budget_full)
 * (rate_micro), which makes it rate_micro // (10⁶ × w), exactly.
 */
function binnedForms(filters: Filters, w: Decimal, n: number, byYear: boolean): SqlFragment {
  return sql`
    f AS (${formsOf(filters)}),
    -- Bin bounds are ratios (≤ 1, 6 places): budget_full × bound is DECIMAL(38,12), exact.
    p AS (SELECT CAST(${w.toFixed()} AS DECIMAL(18,6)) AS w, CAST(${n} AS INTEGER) AS n),
    binned AS (
      SELECT f.*, ${raw(byYear ? 'f.year' : 'CAST(NULL AS INTEGER)')} AS g,
        coalesce(
          CASE WHEN NOT f.rated THEN p.n + 2
               WHEN f.executed < 0 THEN -1
               WHEN f.executed = f.budget_full THEN p.n
               WHEN f.executed > f.budget_full THEN p.n + 1 END,
          CAST(f.rate_micro // CAST(p.w * 1000000 AS BIGINT) AS INTEGER)) AS ord
      FROM f, p
    )`;
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
  const { w, n } = binWidthOf(binWidth);
  // c: the forms per group and bin, counted before meeting the bins.
  const q = sql`
    WITH ${binnedForms(filters, w, n, byYear)},
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
    c AS (SELECT g, ord, count(*) AS n FROM binned GROUP BY ALL),
    y AS (${raw(byYear ? 'SELECT DISTINCT g FROM binned' : 'SELECT CAST(NULL AS INTEGER) AS g')})
    SELECT y.g AS year, b.ord, b.bin, b.lo, b.hi, CAST(coalesce(sum(c.n), 0) AS BIGINT) AS count
    FROM y CROSS JOIN b
    LEFT JOIN c ON c.ord = b.ord AND c.g IS NOT DISTINCT FROM y.g
    GROUP BY y.g, b.ord, b.bin, b.lo, b.hi
    ORDER BY y.g NULLS FIRST, b.ord`;
  const rows = await engine.query<Omit<RateBinRow, 'label' | 'key'>>(q.sql, q.params);
  return rows.map((r) => ({ ...r, label: binLabel(r), key: binKey(r) }));
}

const pct = (x: string) => new Decimal(x).mul(100).toFixed();

function binKey(r: Omit<RateBinRow, 'label' | 'key'>): string {
  return r.bin === 'range' ? `${pct(r.lo!)}-${pct(r.hi!)}` : r.bin;
}

/**
 * The order (RateBinRow.ord) of the bin a link names (`key` as binKey writes it) at `binWidth`;
 * an error naming the key when no bin of that width is called so.
 */
export function rateBinOrd(key: string, binWidth: number | string = 0.05): number {
  const { w, n } = binWidthOf(binWidth);
  const special: Record<string, number> = { negative: -1, exact100: n, over100: n + 1, none: n + 2 };
  if (Object.hasOwn(special, key)) return special[key];
  const m = /^(\d+(?:\.\d+)?)-(\d+(?:\.\d+)?)$/.exec(key);
  if (m) {
    const [lo, hi] = [new Decimal(m[1]).div(100), new Decimal(m[2]).div(100)];
    const k = lo.div(w);
    if (k.isInteger() && k.lt(n) && hi.minus(lo).eq(w)) return k.toNumber();
  }
  throw new Error(`没有这个执行率区间 / no execution-rate bin "${key}" (bins of ${w.mul(100).toFixed()}%)`);
}

function binLabel(r: Omit<RateBinRow, 'label' | 'key'>): string {
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
const GROUP_COLUMN: Record<ExecGroupBy, string> = { year: 'f.year', region: 'f.region', kind: 'f.kind', deptKind: 'f.dept_kind' };
/** The quantiles execQuantiles reports. */
const QUANTILES = [0.1, 0.25, 0.5, 0.75, 0.9];
const QUANTILE_NAMES = ['p10', 'p25', 'median', 'p75', 'p90'];

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
  if (!Object.hasOwn(GROUP_COLUMN, groupBy)) throw new Error(`bad groupBy: ${groupBy}`);
  const low = decimalParam(lowThreshold, 'lowThreshold');
  const col = raw(GROUP_COLUMN[groupBy]);
  // The five quantiles come from one list quantile_cont: one sort of the rates.
  const quantiles = raw(QUANTILES.map((p, i) => `round(a.qs[${i + 1}], 4) AS ${QUANTILE_NAMES[i]}`).join(', '));
  const exact = raw('count(*) FILTER (WHERE f.rated AND f.executed = f.budget_full)');
  const q = sql`
    WITH f AS (${formsOf(filters)}),
    a AS (
      SELECT ${col} AS "group", count(*) AS forms, count(*) FILTER (WHERE f.rated) AS rated,
        quantile_cont(f.rate, [${raw(QUANTILES.join(', '))}]) AS qs,
        ${exact} AS exact100,
        ${ratioSql(exact.sql, 'count(*) FILTER (WHERE f.rated)')} AS share_exact100,
        count(*) FILTER (WHERE f.full_marks) AS full_marks,
        ${ratioSql('count(*) FILTER (WHERE f.full_marks)', 'count(*)')} AS share_full_marks,
        count(*) FILTER (WHERE ${belowThreshold(low)}) AS low_executors
      FROM f
      GROUP BY ${col}
    )
    SELECT a."group", a.forms, a.rated, ${quantiles},
      a.exact100, a.share_exact100, a.full_marks, a.share_full_marks, a.low_executors
    FROM a
    ORDER BY a."group" NULLS LAST`;
  return engine.query<ExecQuantileRow>(q.sql, q.params);
}

// ---------------------------------------------------------------------------------------------
// Low executors

/** A form as the execution view lists it (low executors, the forms of one bin). */
export interface ExecFormRow extends FormIdentity {
  budget_full: string | null;
  executed: string | null;
  /** Computed rate, 6 places (NULL when the form has none). */
  rate: string | null;
  /** The rate the form claims (as a ratio), for comparison. */
  exec_rate: string | null;
}

/** ExecFormRow's columns, of the forms `f`; lowest rate first, forms without one last. */
const EXEC_FORM_COLUMNS = raw(`f.eval_id, f.year, f.region, f.department, f.kind, f.project, f.budget_full, f.executed,
           CAST(round(f.rate, 6) AS DECIMAL(38,6)) AS rate, f.exec_rate`);
const EXEC_FORM_ORDER = raw('f.rate NULLS LAST, f.department, f.eval_id');

/** Forms whose computed rate is below `threshold`, lowest first. */
export async function lowExecutors(
  engine: Engine,
  filters: Filters,
  threshold: number | string = 0.9,
  limit = 100,
): Promise<ExecFormRow[]> {
  if (!Number.isInteger(limit) || limit < 0) throw new Error(`bad limit: ${limit}`);
  const t = decimalParam(threshold, 'threshold');
  const q = sql`
    WITH f AS (${formsOf(filters)})
    SELECT ${EXEC_FORM_COLUMNS}
    FROM f
    WHERE ${belowThreshold(t)}
    ORDER BY ${EXEC_FORM_ORDER}
    LIMIT ${limit}`;
  return engine.query<ExecFormRow>(q.sql, q.params);
}

// ---------------------------------------------------------------------------------------------
// The forms of one bin (a bar of the histogram clicked)

/** How many filtered forms fall in the bin `key` names (rateBinOrd): the histogram's count of that bar. */
export async function formsInRateBinCount(engine: Engine, filters: Filters, key: string, binWidth: number | string = 0.05): Promise<number> {
  const { w, n } = binWidthOf(binWidth);
  const q = sql`
    WITH ${binnedForms(filters, w, n, false)}
    SELECT CAST(count(*) AS INTEGER) AS n FROM binned WHERE ord = ${rateBinOrd(key, binWidth)}`;
  const [row] = await engine.query<{ n: number }>(q.sql, q.params);
  return row.n;
}

/** Rows [offset, offset + limit) of the filtered forms in the bin `key` names, lowest rate first. */
export async function formsInRateBin(
  engine: Engine,
  filters: Filters,
  key: string,
  offset: number,
  limit: number,
  binWidth: number | string = 0.05,
): Promise<ExecFormRow[]> {
  for (const [what, x] of [['offset', offset], ['limit', limit]] as const) if (!Number.isInteger(x) || x < 0) throw new Error(`bad ${what}: ${x}`);
  const { w, n } = binWidthOf(binWidth);
  const q = sql`
    WITH ${binnedForms(filters, w, n, false)}
    SELECT ${EXEC_FORM_COLUMNS}
    FROM binned f
    WHERE f.ord = ${rateBinOrd(key, binWidth)}
    ORDER BY ${EXEC_FORM_ORDER}
    LIMIT ${limit} OFFSET ${offset}`;
  return engine.query<ExecFormRow>(q.sql, q.params);
}

// ---------------------------------------------------------------------------------------------
// Totals

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
  const exact = 'count(*) FILTER (WHERE f.rated AND f.executed = f.budget_full)';
  const q = sql`
    WITH f AS (${formsOf(filters)})
    SELECT count(*) AS forms, count(*) FILTER (WHERE f.rated) AS rated,
      ${raw(exact)} AS exact100,
      ${ratioSql(exact, 'count(*) FILTER (WHERE f.rated)')} AS share_exact100,
      count(*) FILTER (WHERE ${belowThreshold(lowThreshold)}) AS low_executors
    FROM f`;
  const [row] = await engine.query<ExecTotals>(q.sql, q.params);
  return row;
}
