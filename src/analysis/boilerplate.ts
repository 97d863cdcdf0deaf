// The boilerplate score (模板化程度): how much a form looks filled in from a template rather than
// evaluated, 0–100, built only from rule hits so every score explains itself as the list of its hits.
//
// A form scores the points of every rule that hit it once (however many findings the rule produced
// on it), capped at 100: its hits are form_rule_hits (derived/form-rule-hits.ts), its own findings and
// the department-wide ones of its department. 附件1 spending
// findings carry no points: they are about money, not about templates (project-spending-mismatch
// names its project's form, but carries 0 points).
// A department's score is the mean of its forms' scores, per year and over all years.
//
// Runs over the `findings` table that runRules() (../findings.ts) materialises.
import type { Engine } from '../db/engine';
import { BOILERPLATE_POINTS } from './rules/index';
import { integerMeanSql, sameDepartment } from './rules/sql';

/** Rule id → points: each rule's own (rules/*.ts `points`), gathered by the catalogue. */
export { BOILERPLATE_POINTS };

export const BOILERPLATE_CAP = 100;

/** The points table as SQL VALUES — built from the constants above only, checked to be plain. */
function pointsValues(): string {
  const rows = Object.entries(BOILERPLATE_POINTS).map(([id, p]) => {
    if (!/^[a-z][a-z-]*$/.test(id) || !Number.isInteger(p)) throw new Error(`bad boilerplate entry ${id}`);
    return `('${id}', ${p})`;
  });
  return `pts(rule, points) AS (VALUES ${rows.join(', ')})`;
}

/**
 * CTE `fh`: one row per (form, rule hit) of form_rule_hits (derived/), or of rows of its shape
 * (`hits`): eval_id, rule, points, n (findings), details ({detail, detail_en}, by detail).
 */
const formHitsCte = (hits: string) => `${pointsValues()},
raw AS (SELECT eval_id, rule, detail, detail_en FROM ${hits}),
fh AS (
  SELECT raw.eval_id, raw.rule, pts.points, count(*) AS n, list({'detail': raw.detail, 'detail_en': raw.detail_en} ORDER BY raw.detail) AS details
  FROM raw JOIN pts ON pts.rule = raw.rule
  GROUP BY raw.eval_id, raw.rule, pts.points
)`;
const FORM_HITS_CTE = formHitsCte('form_rule_hits');

/**
 * CTE `fs` (after FORM_HITS_CTE): one row per form with a hit: raw (its points, uncapped) and hits
 * (rule ids, heaviest first). A list_sort() of {-points, rule} orders the few hits of each form far
 * more cheaply than an ordered list() aggregate; a query that does not read `hits` does not compute it.
 */
const FORM_SUMS_CTE = `fs AS (
  SELECT eval_id, sum(points) AS raw, list_transform(list_sort(list({'p': -points, 'rule': rule})), x -> x.rule) AS hits
  FROM fh GROUP BY eval_id
)`;

/**
 * The points of the forms that `hits` (rows of form_rule_hits' shape) hit: one row per such form,
 * eval_id and raw (uncapped); a form's score is least(BOILERPLATE_CAP, raw), 0 without a row. What
 * form_scores holds, for the hits counted under a review state (queries/counted.ts).
 */
export const formPointsSql = (hits: string) => `WITH ${formHitsCte(hits)},
${FORM_SUMS_CTE}
SELECT eval_id, raw FROM fs`;

/** One row per form: eval_id, region, department, year, project, score (0–100), raw (uncapped), hits (rule ids, heaviest first). */
const FORM_SCORES = `
SELECT e.eval_id, e.region, e.department, e.year, e.project,
  CAST(least(${BOILERPLATE_CAP}, coalesce(fs.raw, 0)) AS INTEGER) AS score,
  CAST(coalesce(fs.raw, 0) AS INTEGER) AS raw,
  coalesce(fs.hits, []) AS hits
FROM evaluations e LEFT JOIN fs ON fs.eval_id = e.eval_id`;
export const FORM_BOILERPLATE_SQL = `
WITH ${FORM_HITS_CTE},
${FORM_SUMS_CTE}${FORM_SCORES}
ORDER BY e.region NULLS FIRST, e.department, e.year, e.eval_id`;

/**
 * One row per department (region and name) and year, and per department over all years (year NULL):
 * forms, mean, max — from `forms`, a table or CTE of FORM_SCORES' rows.
 */
function departmentScores(forms: string): string {
  return `
SELECT region, department, year, CAST(count(*) AS INTEGER) AS forms,
  CAST(${integerMeanSql('score')} AS DECIMAL(5,2)) AS score,
  CAST(max(score) AS INTEGER) AS max_score
FROM ${forms}
GROUP BY GROUPING SETS ((region, department, year), (region, department))
ORDER BY region NULLS FIRST, department, year NULLS LAST`;
}
export const DEPARTMENT_BOILERPLATE_SQL = `
WITH ${FORM_HITS_CTE},
${FORM_SUMS_CTE},
form AS (${FORM_SCORES})${departmentScores('form')}`;
/** DEPARTMENT_BOILERPLATE_SQL's rows from the form_scores table the analysis pass keeps (../analyse.ts). */
export const DEPARTMENT_SCORES_SQL = departmentScores('form_scores');

/** Why a form scores what it does: one row per rule hit with its points, finding count and details. */
export const FORM_EXPLAIN_SQL = `
WITH ${FORM_HITS_CTE}
SELECT rule, CAST(points AS INTEGER) AS points, CAST(n AS INTEGER) AS findings, details
FROM fh WHERE eval_id = ?
ORDER BY points DESC, rule`;

export interface FormBoilerplate {
  eval_id: string;
  /** NULL when the data has no region. */
  region: string | null;
  department: string;
  year: number;
  project: string | null;
  score: number;
  raw: number;
  hits: string[];
}
export interface DepartmentBoilerplate {
  /** NULL when the data has no region; a department is (region, department). */
  region: string | null;
  department: string;
  /** NULL: over all years. */
  year: number | null;
  forms: number;
  /** Mean of the forms' scores, exact to 2 decimals, as a decimal string ("98", "61.5"). */
  score: string;
  max_score: number;
}
export interface BoilerplateHit {
  rule: string;
  points: number;
  findings: number;
  /** The findings' detail lines in both languages, by the Chinese one. */
  details: { detail: string; detail_en: string }[];
}

/** Per-form scores. Needs the `findings` table: call runRules() first. */
export function formBoilerplate(engine: Engine): Promise<FormBoilerplate[]> {
  return engine.query<FormBoilerplate>(FORM_BOILERPLATE_SQL);
}

/** Per-department scores, per year and overall (year null). Needs the `findings` table. */
export function departmentBoilerplate(engine: Engine): Promise<DepartmentBoilerplate[]> {
  return engine.query<DepartmentBoilerplate>(DEPARTMENT_BOILERPLATE_SQL);
}

/** A form's score as the list of its hits (their points sum to `raw`). */
export function explainBoilerplate(engine: Engine, evalId: string): Promise<BoilerplateHit[]> {
  return engine.query<BoilerplateHit>(FORM_EXPLAIN_SQL, [evalId]);
}
