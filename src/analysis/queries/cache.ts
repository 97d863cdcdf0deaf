// The view cache: compact tables built once after every analysis pass (analyse() calls
// buildViewCache at its end), which the overview and findings views read on a filter change instead
// of re-deriving everything from evaluations, indicators, spending and findings each time.
//
// - form_facts      one row per form: formsSql's columns (rated, rate, full_marks computed once), the
//                   department kind materialised (department_kind() ran once per name), department
//                   ids, the boilerplate score, the rules that hit it, its position in the ranking.
// - finding_groups  findings counted per rule, severity, year, region and department.
// - sangong_facts   the 三公经费 lines of 附件1 summed per year, region and department.
// - filter_choices  the years, regions and department kinds the FilterBar offers.
// - copied_*        indicator keys (rules/sql.ts indicatorKey) per form (copied_rows), per key and
//                   department with its years (copied_depts), and per key, year and department kind
//                   (copied_cells), for copiedClusters.
//
// Every query that reads them keeps its own definition over the base tables as the fallback
// (withViewCache): before the first analysis, or on an engine that never ran one, answers are the
// same, only slower. The cache describes the data as the last analyse() saw it, like `findings` and
// `form_scores`: a load or a removal must be followed by analyse() (the app always does).
import type { Engine } from '../../db/engine';
import { blank, indicatorKey, unscaledSql } from '../rules/sql';
import { setViewCache, VIEW_CACHE_TABLES } from './cache-state';
import { formsSql } from './execution';
import { FORM_RULES_CTE, HIGH_FINDINGS, RANK_ORDER, SEVERITY_RANK } from './form-rules';
import { FILTER_OPTIONS_SQL } from './overview-charts';
import { SANGONG, SANGONG_ITEMS_SQL, sangongMeasures } from './sangong';

/**
 * Every department (region and name, as spelt) of the forms, findings and 附件1 lines, once: its kind
 * (department_kind() runs once per department, not per row), `dept_id` numbering the distinct
 * (region, department) pairs (NULL region apart from ''), and `dkey` numbering them as the rules
 * compare departments (rules/sql.ts sameDepartment: a blank region = no region).
 */
const DEPARTMENTS_SQL = `
CREATE OR REPLACE TEMP TABLE view_departments AS
SELECT region, department, department_kind(department) AS dept_kind,
  CAST(row_number() OVER (ORDER BY region NULLS FIRST, department NULLS FIRST) AS INTEGER) AS dept_id,
  CAST(dense_rank() OVER (ORDER BY coalesce(region, ''), department NULLS FIRST) AS INTEGER) AS dkey
FROM (
  SELECT region, department FROM evaluations
  UNION SELECT region, department FROM findings
  UNION SELECT region, department FROM spending
)`;

/** Joins `view_departments d` to the rows of `alias`. */
const deptJoin = (alias: string) =>
  `JOIN view_departments d ON d.region IS NOT DISTINCT FROM ${alias}.region AND d.department IS NOT DISTINCT FROM ${alias}.department`;

const FORM_FACTS_SQL = `
CREATE OR REPLACE TABLE form_facts AS
WITH f AS (${formsSql({}).sql}),
${FORM_RULES_CTE},
agg AS (
  SELECT eval_id,
    [x.rule FOR x IN list_sort(list({'rank': ${SEVERITY_RANK}, 'rule': rule}))] AS hits, -- ORDER BY rank, rule
    sum(n) AS findings, ${HIGH_FINDINGS} AS high, list(DISTINCT severity) AS hit_sevs, list(rule || chr(31) || severity) AS hit_tags
  FROM fr GROUP BY eval_id
),
own AS (SELECT eval_id, list(DISTINCT severity) AS own_sevs FROM findings WHERE eval_id IS NOT NULL GROUP BY eval_id),
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
    coalesce(own.own_sevs, []) AS own_sevs
  FROM f
  ${deptJoin('f')}
  LEFT JOIN form_scores fs ON fs.eval_id = f.eval_id
  LEFT JOIN agg ON agg.eval_id = f.eval_id
  LEFT JOIN own ON own.eval_id = f.eval_id
)
SELECT x.*,
  -- Forms numbered by department (an internal id), so the copied_rows of one region or department lie together.
  CAST(row_number() OVER (ORDER BY x.dept_id, x.year) AS INTEGER) AS form,
  CASE WHEN x.scored THEN CAST(row_number() OVER (PARTITION BY x.scored ${RANK_ORDER}) AS INTEGER) END AS rank_pos
FROM x`;

const FINDING_GROUPS_SQL = `
CREATE OR REPLACE TABLE finding_groups AS
WITH g AS (
  SELECT rule, severity, year, region, department, count(*) AS n, count(DISTINCT eval_id) AS forms
  FROM findings GROUP BY rule, severity, year, region, department
)
SELECT g.*, d.dept_kind, d.dept_id, d.dkey
FROM g ${deptJoin('g')}`;

/** True when every (rule, form) of `findings` sits in one finding_groups row (see ViewCache). */
const FINDING_FORMS_EXACT_SQL = `
SELECT coalesce((SELECT sum(forms) FROM finding_groups), 0)
  = (SELECT count(*) FROM (SELECT DISTINCT rule, eval_id FROM findings WHERE eval_id IS NOT NULL)) AS exact`;

const SANGONG_FACTS_SQL = `
CREATE OR REPLACE TABLE sangong_facts AS
WITH g AS (
  SELECT s.year, s.region, s.department,
    ${sangongMeasures()},
    bool_or(s.item = '${SANGONG}') AS has_total,
    sum(s.final - s.prior_final) FILTER (WHERE s.item = '${SANGONG}') AS total_change,
    sum(s.prior_final) FILTER (WHERE s.item = '${SANGONG}' AND s.final IS NOT NULL) AS total_prior_both
  FROM spending s
  WHERE ${SANGONG_ITEMS_SQL}
  GROUP BY s.year, s.region, s.department
)
SELECT g.*, d.dept_kind, d.dept_id, d.dkey
FROM g ${deptJoin('g')}`;

// Indicator keys: normalised once per distinct (三级指标, 指标值) text — far fewer than rows — then
// attached to the forms (copied_rows, with the form's year and department). A form counts once per
// key; `rep_id` is the smallest spelling on that form, as its rank among all spellings (so min() over
// ranks is min() over the texts).
const COPIED_SQL = [
  `CREATE OR REPLACE TEMP TABLE copied_texts AS
   WITH l AS (SELECT level3 FROM (SELECT DISTINCT level3 FROM indicators) x WHERE NOT ${blank('x.level3')})
   SELECT t.level3, t.target, ${indicatorKey('t')} AS key, t.level3 || chr(31) || coalesce(t.target, '') AS rep
   FROM (SELECT DISTINCT level3, target FROM indicators) t
   WHERE t.level3 IN (SELECT level3 FROM l)`,
  `CREATE OR REPLACE TABLE copied_keys AS
   SELECT CAST(row_number() OVER (ORDER BY key) AS INTEGER) AS key_id, key FROM (SELECT DISTINCT key FROM copied_texts)`,
  `CREATE OR REPLACE TABLE copied_reps AS
   SELECT CAST(row_number() OVER (ORDER BY rep) AS INTEGER) AS rep_id, rep FROM (SELECT DISTINCT rep FROM copied_texts)`,
  `CREATE OR REPLACE TEMP TABLE copied_pairs AS
   SELECT t.level3, t.target, k.key_id, r.rep_id
   FROM copied_texts t JOIN copied_keys k ON k.key = t.key JOIN copied_reps r ON r.rep = t.rep`,
  `CREATE OR REPLACE TABLE copied_rows AS
   SELECT p.key_id, f.form, min(p.rep_id) AS rep_id
   FROM indicators i
   JOIN copied_pairs p ON p.level3 = i.level3 AND p.target IS NOT DISTINCT FROM i.target
   JOIN form_facts f ON f.eval_id = i.eval_id
   GROUP BY p.key_id, f.form
   ORDER BY f.form`,
  // Per key: departments, forms and the smallest spelling over all forms (year and dept_kind NULL),
  // per year, per department kind, and per both. Departments of two kinds are two departments, and
  // forms of two years two forms: summing over kinds is exact, summing departments over years is an
  // upper bound (a department may carry the key in both). Counted from the key's rows per
  // department and year (a department has one kind), then per department over the years.
  `CREATE OR REPLACE TEMP TABLE copied_dept_years AS
   SELECT r.key_id, f.dkey, f.year, any_value(f.dept_kind) AS dept_kind, count(*) AS forms, min(r.rep_id) AS rep_id
   FROM copied_rows r JOIN form_facts f ON f.form = r.form
   GROUP BY r.key_id, f.dkey, f.year`,
  `CREATE OR REPLACE TABLE copied_cells AS
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
  // Per key and department: its kind and the years it carries the key, as a bit mask over the years
  // of the forms (bit i = the first year + i; the mask is 0 when they span more than 62 years, and
  // the queries then count from copied_rows).
  `CREATE OR REPLACE TABLE copied_depts AS
   WITH y AS (SELECT min(year) AS base, max(year) - min(year) < 63 AS fits FROM form_facts)
   SELECT c.key_id, c.dkey, any_value(c.dept_kind) AS dept_kind,
     bit_or(CASE WHEN y.fits THEN CAST(1 AS BIGINT) << CAST(c.year - y.base AS BIGINT) ELSE 0 END) AS years
   FROM copied_dept_years c, y
   GROUP BY c.key_id, c.dkey`,
  `DROP TABLE IF EXISTS copied_dept_years`,
  `DROP TABLE IF EXISTS copied_pairs`,
  `DROP TABLE IF EXISTS copied_texts`,
];

/**
 * (Re)builds the view cache from the tables as they are now — evaluations, indicators, spending and
 * the analysis' findings and form_scores — and tells the queries to read it. Called at the end of
 * every analyse(). When eval_id is not unique in evaluations (never, after ingest), the cache is
 * dropped instead: every query then reads the base tables.
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
    await engine.exec(DEPARTMENTS_SQL);
    await engine.exec(FORM_FACTS_SQL);
    await engine.exec(FINDING_GROUPS_SQL);
    const [{ exact }] = await engine.query<{ exact: boolean }>(FINDING_FORMS_EXACT_SQL);
    await engine.exec(SANGONG_FACTS_SQL);
    await engine.exec(`DROP TABLE IF EXISTS view_departments`);
    await engine.exec(`CREATE OR REPLACE TABLE filter_choices AS ${FILTER_OPTIONS_SQL}`);
    for (const sql of COPIED_SQL) await engine.exec(sql);
    const [{ base, span }] = await engine.query<{ base: number | null; span: number | null }>(
      `SELECT min(year) AS base, max(year) - min(year) + 1 AS span FROM form_facts`,
    );
    setViewCache(engine, { findingFormsExact: exact, yearBase: base ?? 0, yearSpan: span ?? 0 });
  } catch (e) {
    // Half a cache is no cache: the queries keep reading the base tables, and the error is reported.
    await dropViewCache(engine).catch(() => {});
    throw e;
  }
}

/** Drops the view cache: queries read the base tables until the next buildViewCache(). */
export async function dropViewCache(engine: Engine): Promise<void> {
  setViewCache(engine, undefined);
  for (const t of VIEW_CACHE_TABLES) await engine.exec(`DROP TABLE IF EXISTS ${t}`);
}
