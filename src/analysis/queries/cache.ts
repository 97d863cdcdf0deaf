// The views' cache: compact tables the overview, findings, execution and 三公 views read on a filter
// change instead of re-deriving everything from evaluations, indicators, spending and findings.
//
// - form_facts      one row per form: its figures, rated / rate / full_marks (full_marks_forms)
//                   computed once, the department kind materialised (department_kind() ran once per
//                   name), department ids, the boilerplate score, the rules that hit it
//                   (form_rule_hits), its position in the ranking.
// - finding_groups  findings counted per rule, severity, year, region and department.
// - sangong_facts   the 三公经费 lines of 附件1 (sangong_lines) summed per year, region and department.
// - filter_choices  the years, regions and department kinds the FilterBar offers.
// - copied_*        indicator keys (form_indicators.indicator_key) per form (copied_rows), per key and
//                   department with its years (copied_depts), and per key, year and department kind
//                   (copied_cells), for copiedClusters.
//
// Each is one SELECT (derived/objects.ts): a VIEW over the tables from the start, replaced by a TABLE
// of the same SELECT at the end of every analysis pass (analyse() calls buildViewCache). Every query
// is written once, against these names: before the first analysis it reads the views, afterwards the
// tables, and the answers are the same. The tables describe the data as the last analyse() saw it,
// like `findings` and `form_scores`: a load or a removal must be followed by analyse() (the app
// always does).
import type { Engine } from '../../db/engine';
import { createView, dropDerived, materialise, type Derived } from '../derived/objects';
import { formRulesCte } from '../derived/form-rule-hits';
import { ratioSql, unscaledSql } from '../rules/sql';
import { readCacheFacts, setViewCache, VIEW_CACHE_TABLES } from './cache-state';
import { HIGH_FINDINGS, RANK_ORDER, SEVERITY_RANK } from './order';
import { SANGONG_MEASURES } from './sangong';

/**
 * Every department (region and name, as spelt) of the forms, findings and 附件1 lines, once: its kind
 * (department_kind() runs once per department, not per row), `dept_id` numbering the distinct
 * (region, department) pairs (NULL region apart from ''), and `dkey` numbering them as the rules
 * compare departments (rules/sql.ts sameDepartment: a blank region = no region).
 */
const VIEW_DEPARTMENTS: Derived = {
  name: 'view_departments',
  sql: `
SELECT region, department, department_kind(department) AS dept_kind,
  CAST(row_number() OVER (ORDER BY region NULLS FIRST, department NULLS FIRST) AS INTEGER) AS dept_id,
  CAST(dense_rank() OVER (ORDER BY coalesce(region, ''), department NULLS FIRST) AS INTEGER) AS dkey
FROM (
  SELECT region, department FROM evaluations
  UNION SELECT region, department FROM findings
  UNION SELECT region, department FROM spending
)`,
};

/** Joins `view_departments d` to the rows of `alias`. */
const deptJoin = (alias: string) =>
  `JOIN view_departments d ON d.region IS NOT DISTINCT FROM ${alias}.region AND d.department IS NOT DISTINCT FROM ${alias}.department`;

/**
 * What form_facts says of each form's rule hits, from `hits` (form_rule_hits, or rows of its shape:
 * queries/counted.ts) — one row per form hit: hits (rule ids, most severe first), findings, high,
 * hit_sevs, hit_tags (rule chr(31) severity), own_sevs (the severities of its own findings).
 */
export const formHitsAggSql = (hits: string) => `
WITH ${formRulesCte(hits)}
SELECT fr.eval_id,
  [x.rule FOR x IN list_sort(list({'rank': ${SEVERITY_RANK}, 'rule': fr.rule}))] AS hits, -- ORDER BY rank, rule
  sum(fr.n) AS findings, ${HIGH_FINDINGS} AS high, list(DISTINCT fr.severity) AS hit_sevs, list(fr.rule || chr(31) || fr.severity) AS hit_tags,
  list(DISTINCT fr.severity) FILTER (WHERE fr.own) AS own_sevs
FROM fr
GROUP BY fr.eval_id`;

const FORM_FACTS: Derived = {
  name: 'form_facts',
  sql: `
WITH f AS (
  SELECT e.eval_id, e.year, e.region, e.department, e.kind, e.project, e.unit,
    e.budget_initial, e.budget_full, e.executed, e.exec_weight, e.exec_rate, e.exec_score, e.total_score,
    -- rated: the form has an execution rate (budget_full > 0 and executed present); rate: executed /
    -- budget_full, exact to 12 places.
    (e.budget_full > 0 AND e.executed IS NOT NULL) AS rated,
    CASE WHEN e.budget_full > 0 THEN ${ratioSql('e.executed', 'e.budget_full', 12)} END AS rate,
    fm.eval_id IS NOT NULL AS full_marks
  FROM evaluations e LEFT JOIN full_marks_forms fm ON fm.eval_id = e.eval_id
),
agg AS (${formHitsAggSql('form_rule_hits')}),
x AS (
  SELECT f.*, d.dept_kind, d.dept_id, d.dkey,
    -- floor(10⁶ × executed / budget_full) for a form whose rate falls in [0, 1): its histogram bin of
    -- width w (6 places) is this // (10⁶ × w), exactly.
    CASE WHEN f.budget_full > 0 AND f.executed >= 0 AND f.executed < f.budget_full
      THEN CAST(${unscaledSql('f.executed')} * 1000000 // ${unscaledSql('f.budget_full')} AS BIGINT) END AS rate_micro,
    fs.eval_id IS NOT NULL AS scored, fs.score AS fs_score, fs.raw AS fs_raw,
    CAST(fs.score AS INTEGER) AS score, CAST(fs.raw AS INTEGER) AS raw,
    coalesce(agg.hits, []) AS hits, CAST(coalesce(agg.findings, 0) AS INTEGER) AS findings,
    CAST(coalesce(agg.high, 0) AS INTEGER) AS high, coalesce(agg.hit_sevs, []) AS hit_sevs, coalesce(agg.hit_tags, []) AS hit_tags,
    coalesce(agg.own_sevs, []) AS own_sevs
  FROM f
  ${deptJoin('f')}
  LEFT JOIN form_scores fs ON fs.eval_id = f.eval_id
  LEFT JOIN agg ON agg.eval_id = f.eval_id
)
SELECT x.*,
  -- Forms numbered by department (an internal id), so the copied_rows of one region or department lie together.
  CAST(row_number() OVER (ORDER BY x.dept_id, x.year, x.eval_id) AS INTEGER) AS form,
  CASE WHEN x.scored THEN CAST(row_number() OVER (PARTITION BY x.scored ${RANK_ORDER}) AS INTEGER) END AS rank_pos
FROM x`,
};

/** `findings` (the table, or some of its rows) counted per rule, severity, year, region and department: finding_groups' counts. */
export const findingCountsSql = (findings: string) => `
SELECT rule, severity, year, region, department, count(*) AS n, count(DISTINCT eval_id) AS forms
FROM ${findings} GROUP BY rule, severity, year, region, department`;

const FINDING_GROUPS: Derived = {
  name: 'finding_groups',
  sql: `
WITH g AS (${findingCountsSql('findings')})
SELECT g.*, d.dept_kind, d.dept_id, d.dkey
FROM g ${deptJoin('g')}`,
};

const SANGONG_FACTS: Derived = {
  name: 'sangong_facts',
  sql: `
WITH g AS (
  SELECT s.year, s.region, s.department,
    ${SANGONG_MEASURES},
    bool_or(s.role = 'total') AS has_total,
    sum(s.final - s.prior_final) FILTER (WHERE s.role = 'total') AS total_change,
    sum(s.prior_final) FILTER (WHERE s.role = 'total' AND s.final IS NOT NULL) AS total_prior_both
  FROM sangong_lines s
  WHERE s.role IN ('total', 'car', 'abroad', 'reception')
  GROUP BY s.year, s.region, s.department
)
SELECT g.*, d.dept_kind, d.dept_id, d.dkey
FROM g ${deptJoin('g')}`,
};

/** The filter choices as rows (k, v): k is year, region or kind. */
const FILTER_CHOICES: Derived = {
  name: 'filter_choices',
  sql: `
WITH d AS (SELECT year, region, department FROM evaluations UNION SELECT year, region, department FROM spending)
SELECT DISTINCT 'year' AS k, CAST(year AS VARCHAR) AS v FROM d WHERE year IS NOT NULL
UNION SELECT DISTINCT 'region', region FROM d WHERE region IS NOT NULL AND region <> ''
UNION SELECT DISTINCT 'kind', department_kind(department) FROM d WHERE department IS NOT NULL`,
};

// Indicator keys: the distinct (三级指标, 指标值) texts of the indicators (breakdown rows are no
// indicators) with their key — far fewer than rows — then attached to the forms (copied_rows, with the
// form's year and department). A form counts once per key; `rep_id` is the smallest spelling on that
// form, as its rank among all spellings (so min() over ranks is min() over the texts).
const COPIED_TEXTS: Derived = {
  name: 'copied_texts',
  sql: `
SELECT DISTINCT level3, target, indicator_key AS key, level3 || chr(31) || coalesce(target, '') AS rep
FROM form_indicators WHERE NOT is_sub AND indicator_key IS NOT NULL`,
};
const COPIED_KEYS: Derived = {
  name: 'copied_keys',
  sql: `SELECT CAST(row_number() OVER (ORDER BY key) AS INTEGER) AS key_id, key FROM (SELECT DISTINCT key FROM copied_texts)`,
};
const COPIED_REPS: Derived = {
  name: 'copied_reps',
  sql: `SELECT CAST(row_number() OVER (ORDER BY rep) AS INTEGER) AS rep_id, rep FROM (SELECT DISTINCT rep FROM copied_texts)`,
};
const COPIED_PAIRS: Derived = {
  name: 'copied_pairs',
  sql: `
SELECT t.level3, t.target, k.key_id, r.rep_id
FROM copied_texts t JOIN copied_keys k ON k.key = t.key JOIN copied_reps r ON r.rep = t.rep`,
};
const COPIED_ROWS: Derived = {
  name: 'copied_rows',
  sql: `
SELECT p.key_id, f.form, min(p.rep_id) AS rep_id
FROM form_indicators i
JOIN copied_pairs p ON p.level3 = i.level3 AND p.target IS NOT DISTINCT FROM i.target
JOIN form_facts f ON f.eval_id = i.eval_id
WHERE NOT i.is_sub
GROUP BY p.key_id, f.form
ORDER BY f.form`,
};
// Per key: departments, forms and the smallest spelling over all forms (year and dept_kind NULL),
// per year, per department kind, and per both. Departments of two kinds are two departments, and
// forms of two years two forms: summing over kinds is exact, summing departments over years is an
// upper bound (a department may carry the key in both). Counted from the key's rows per department
// and year (a department has one kind), then per department over the years.
const COPIED_DEPT_YEARS: Derived = {
  name: 'copied_dept_years',
  sql: `
SELECT r.key_id, f.dkey, f.year, any_value(f.dept_kind) AS dept_kind, count(*) AS forms, min(r.rep_id) AS rep_id
FROM copied_rows r JOIN form_facts f ON f.form = r.form
GROUP BY r.key_id, f.dkey, f.year`,
};
const COPIED_CELLS: Derived = {
  name: 'copied_cells',
  sql: `
SELECT key_id, year, dept_kind, CAST(count(*) AS INTEGER) AS departments, CAST(sum(forms) AS INTEGER) AS forms,
  min(rep_id) AS rep_id
FROM copied_dept_years
GROUP BY GROUPING SETS ((key_id, year), (key_id, year, dept_kind))
UNION ALL
SELECT key_id, NULL, dept_kind, CAST(count(*) AS INTEGER), CAST(sum(forms) AS INTEGER), min(rep_id)
FROM (
  SELECT key_id, dkey, any_value(dept_kind) AS dept_kind, sum(forms) AS forms, min(rep_id) AS rep_id
  FROM copied_dept_years GROUP BY key_id, dkey
)
GROUP BY GROUPING SETS ((key_id), (key_id, dept_kind))
ORDER BY year NULLS FIRST, dept_kind NULLS FIRST, key_id`,
};
// Per key and department: its kind and the years it carries the key, as a bit mask over the years of
// the forms (bit i = the first year + i; the mask is 0 when they span more than 62 years, and the
// queries then count from copied_rows).
const COPIED_DEPTS: Derived = {
  name: 'copied_depts',
  sql: `
WITH y AS (SELECT min(year) AS base, max(year) - min(year) < 63 AS fits FROM form_facts)
SELECT c.key_id, c.dkey, any_value(c.dept_kind) AS dept_kind,
  bit_or(CASE WHEN y.fits THEN CAST(1 AS BIGINT) << CAST(c.year - y.base AS BIGINT) ELSE 0 END) AS years
FROM copied_dept_years c, y
GROUP BY c.key_id, c.dkey`,
};

/**
 * In build order. `scratch`: steps on the way, kept as views (not shipped in a dataset, not read by
 * the queries); the others are VIEW_CACHE_TABLES.
 */
const CACHE: readonly (Derived & { scratch?: true })[] = [
  { ...VIEW_DEPARTMENTS, scratch: true },
  FORM_FACTS,
  FINDING_GROUPS,
  SANGONG_FACTS,
  FILTER_CHOICES,
  { ...COPIED_TEXTS, scratch: true },
  COPIED_KEYS,
  COPIED_REPS,
  { ...COPIED_PAIRS, scratch: true },
  COPIED_ROWS,
  { ...COPIED_DEPT_YEARS, scratch: true },
  COPIED_CELLS,
  COPIED_DEPTS,
];

/** The cache's definitions, by name (the views' SELECTs: the cache test compares each with its table). */
export const VIEW_CACHE: readonly Derived[] = CACHE;

if (CACHE.filter((o) => !o.scratch).map((o) => o.name).join() !== VIEW_CACHE_TABLES.join()) {
  throw new Error('cache.ts and VIEW_CACHE_TABLES disagree');
}

/** Creates the cache as views (at schema time, db/schema.ts; and whenever it is dropped). */
export async function createViewCache(engine: Engine): Promise<void> {
  for (const o of CACHE) await createView(engine, o);
}

/**
 * (Re)builds the view cache as tables from the tables as they are now — evaluations, indicators,
 * spending and the analysis' findings and form_scores — and records what the queries need to know of
 * it (cache-state.ts). Called at the end of every analyse(). When eval_id is not unique in evaluations
 * (never, after ingest), the cache stays views instead.
 */
export async function buildViewCache(engine: Engine): Promise<void> {
  setViewCache(engine, undefined);
  const [{ unique }] = await engine.query<{ unique: boolean }>(
    `SELECT count(*) = count(DISTINCT eval_id) AS "unique" FROM evaluations`,
  );
  if (!unique) {
    await dropViewCache(engine);
    return;
  }
  try {
    for (const o of CACHE) await materialise(engine, o);
    for (const o of CACHE) if (o.scratch) await createView(engine, o);
    setViewCache(engine, await readCacheFacts(engine));
  } catch (e) {
    // Half a cache is no cache: the queries read the views, and the error is reported.
    await dropViewCache(engine).catch(() => {});
    throw e;
  }
}

/** Turns the cache back into views: the queries read the tables as they are until the next buildViewCache(). */
export async function dropViewCache(engine: Engine): Promise<void> {
  setViewCache(engine, undefined);
  for (const o of [...CACHE].reverse()) await dropDerived(engine, o.name);
  await createViewCache(engine);
}
