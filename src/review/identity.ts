// A finding's identity, defined once, in SQL: what the officer's review marks attach to.
//
// A finding is its rule, its form and its cell. The form is (region, department, year, kind,
// project), not the 评价编号: a corrected re-submission of a form comes with a new 评价编号 but is
// the same form, and a reload of the same files gives the same identities. The cell is the field
// at fault, within
//   - an indicator row: the row's 三级指标 text (normalised: full-width, spaces and punctuation
//     folded), and its place among the form's rows of that text when several share it — not the
//     row number, which a corrected form may shift;
//   - a 附件1 spending line: its item;
//   - else the form (or, without a form, the department and year).
// `finding_cells` gives every row of `findings` its identity and what a department needs to find
// the cell on its own form: the row number and text, where its rule says it points (`cell_at`, the rule's
// `cells` as analysis/finding-cell.ts reads them for the form view too) and the value written there. Everything that
// reads review marks — the app, the CLI, the notice — reads this view (and `reviewed_findings`).
import type { Engine } from '../db/engine';
import { CELL_AT_SQL } from '../analysis/finding-cell';
import type { FormCell } from '../analysis/rules/rule';
import { fmt, norm, pct, sameDepartment } from '../analysis/rules/sql';

/** The identity as one text (a unit separator between the parts): the key marks are stored and looked up by. */
export const FINDING_KEY_MACRO = `
CREATE OR REPLACE MACRO finding_key(rule, region, department, year, kind, project, cell) AS
  concat_ws(chr(31), rule, coalesce(region, ''), department, coalesce(CAST(year AS VARCHAR), ''),
    coalesce(kind, ''), coalesce(trim(project), ''), cell)`;

const INDICATOR_TEXT_FIELDS = ['level1', 'level2', 'level3', 'target', 'actual', 'deviation'] as const;
const SPENDING_FIELDS = ['prior_final', 'budget', 'final'] as const;

/** What is written in each form cell a rule may point at (rules/rule.ts FormCell), as text: `e` the form. */
const FORM_CELL_VALUES: Record<FormCell, string> = {
  project: 'e.project', department: 'e.department', region: 'e.region', unit: 'e.unit', year: 'CAST(e.year AS VARCHAR)',
  eval_id: 'e.eval_id', report_score: fmt('e.report_score').sql,
  budget_initial: fmt('e.budget_initial').sql, budget_full: fmt('e.budget_full').sql, executed: fmt('e.executed').sql,
  exec_weight: fmt('e.exec_weight').sql, exec_rate: pct('e.exec_rate').sql, exec_score: fmt('e.exec_score').sql,
  ...(Object.fromEntries(
    (['appropriation', 'carryover', 'other'] as const).flatMap((p) => (['initial', 'full', 'executed'] as const).map((m) => [`${p}_${m}`, fmt(`e.${p}_${m}`).sql])),
  ) as Record<`${'appropriation' | 'carryover' | 'other'}_${'initial' | 'full' | 'executed'}`, string>),
  goal_target: 'e.goal_target', goal_actual: 'e.goal_actual',
  // the total row's 分值: the indicator weights and the execution's
  weight: fmt('(SELECT sum(w.weight) FROM indicators w WHERE w.eval_id = e.eval_id) + coalesce(e.exec_weight, 0)').sql,
  total_score: fmt('e.total_score').sql,
};

/**
 * The value written in the finding's cell, as text people read ('80', '95.5%'), NULL when the cell is
 * not one value: an indicator row's field, a 附件1 line's, or the form cell its rule declares
 * (`ca.cell_at`, finding-cell.ts: the one reading of the rules' `cells`).
 */
const VALUE_SQL = `CASE
  WHEN f.seq IS NOT NULL THEN CASE f.field
    ${INDICATOR_TEXT_FIELDS.map((c) => `WHEN '${c}' THEN ind.${c}`).join(' ')}
    WHEN 'weight' THEN ${fmt('ind.weight')} WHEN 'score' THEN ${fmt('ind.score')} END
  WHEN f.item IS NOT NULL THEN CASE f.field ${SPENDING_FIELDS.map((c) => `WHEN '${c}' THEN ${fmt(`sp.${c}`)}`).join(' ')} END
  WHEN e.eval_id IS NOT NULL THEN CASE ca.cell_at
    ${Object.entries(FORM_CELL_VALUES).map(([c, v]) => `WHEN '${c}' THEN ${v}`).join(' ')} END
END`;

/**
 * One row per row of `findings` (a table, or a subquery of findings' rows: the counting of
 * counted.ts reads only the departments with marks), with its identity (kind, project, cell,
 * finding_key) and where to find it: row_no (the indicator row's number on the form), row_label (its
 * 三级指标 as written), value (what is written in the cell). The identity of a finding depends on its
 * own row and its form alone, so any source gives the same keys as the whole table.
 */
export function findingCellsSql(findings = 'findings'): string {
  return `
WITH src AS (SELECT * FROM ${findings}),
ind AS (
  SELECT i.eval_id, i.seq, ${INDICATOR_TEXT_FIELDS.map((c) => `i.${c}`).join(', ')}, i.weight, i.score,
    ${norm('i.level3')} AS row_text,
    row_number() OVER (PARTITION BY i.eval_id, ${norm('i.level3')} ORDER BY i.seq) AS nth
  FROM indicators i
  WHERE i.eval_id IN (SELECT eval_id FROM src WHERE seq IS NOT NULL)
),
sp AS (
  SELECT region, department, year, item, any_value(prior_final) AS prior_final, any_value(budget) AS budget, any_value(final) AS final
  FROM spending GROUP BY region, department, year, item
),
c AS (
  SELECT f.rule, f.severity, f.eval_id, f.seq, f.region, f.department, f.year, e.kind, e.project, f.item, f.field, f.detail, f.detail_en,
    f.seqs, f.related, ca.cell_at,
    CASE
      WHEN f.seq IS NOT NULL THEN 'row:' || CASE WHEN coalesce(ind.row_text, '') = '' THEN '#' || f.seq ELSE ind.row_text END
        || CASE WHEN ind.nth > 1 THEN '#' || ind.nth ELSE '' END || ':' || f.field
      WHEN f.item IS NOT NULL THEN 'item:' || trim(f.item) || ':' || f.field
      ELSE f.field
    END AS cell,
    f.seq AS row_no, ind.level3 AS row_label,
    ${VALUE_SQL} AS value
  FROM src f
  LEFT JOIN evaluations e ON e.eval_id = f.eval_id
  LEFT JOIN ${CELL_AT_SQL} ca ON ca.rule = f.rule AND ca.field = f.field
  LEFT JOIN ind ON ind.eval_id = f.eval_id AND ind.seq = f.seq
  LEFT JOIN sp ON f.item IS NOT NULL AND ${sameDepartment('sp', 'f')} AND sp.year = f.year AND sp.item = f.item
)
SELECT *, finding_key(rule, region, department, year, kind, project, cell) AS finding_key FROM c`;
}

/** Whether row `alias` is of a department the marks name (and, with `rule`, of a rule they name there). */
export const namedByMarks = (alias: string, rule = false) =>
  `EXISTS (SELECT 1 FROM review_marks m WHERE ${sameDepartment('m', alias).sql}${rule ? ` AND m.rule = ${alias}.rule` : ''})`;

/**
 * The findings matching `where` (over `f`, a findings row) as findingCellsSql gives them, the identity
 * worked out only where a mark may match it. A mark's key holds its rule and department
 * (FINDING_KEY_MACRO), so only the findings of a rule a mark names in their department get theirs;
 * the others get none (finding_key NULL: no mark, 待核) and skip the join with every indicator row
 * that a cell's identity costs. reviewedFindingsSql() over it gives each finding the state it has in
 * reviewed_findings, while a province with few marks costs a scan of `findings`. `anyMarks` false:
 * review_marks is empty.
 */
export function markableCellsSql(where = 'TRUE', anyMarks = true): string {
  // With no mark at all nothing needs an identity, and the query is not even planned with it (that
  // alone took ~70 ms on a small county in Node).
  if (!anyMarks) return `(SELECT f.*, CAST(NULL AS VARCHAR) AS finding_key FROM findings f WHERE ${where})`;
  return `(${findingCellsSql(`(SELECT f.* FROM findings f WHERE ${where} AND ${namedByMarks('f', true)})`)}
  UNION ALL BY NAME
  SELECT f.*, CAST(NULL AS VARCHAR) AS finding_key FROM findings f WHERE ${where} AND NOT ${namedByMarks('f', true)})`;
}

export const FINDING_CELLS_VIEW = `CREATE OR REPLACE VIEW finding_cells AS ${findingCellsSql()}`;

/**
 * The officer's marks, one per finding identity. A mark outlives the findings it was made on: a
 * later load (or a colleague's review file) finds it again by its key; marks with no finding loaded
 * are kept and exported, not dropped.
 */
export const REVIEW_MARKS_TABLE = `
CREATE TABLE IF NOT EXISTS review_marks (
  finding_key VARCHAR NOT NULL,
  rule VARCHAR NOT NULL, region VARCHAR, department VARCHAR NOT NULL, year INTEGER, kind VARCHAR, project VARCHAR,
  cell VARCHAR NOT NULL,
  state VARCHAR NOT NULL CHECK (state IN ('confirmed', 'dismissed', 'pending')),
  reason VARCHAR,
  marked_at VARCHAR,
  CHECK (state <> 'dismissed' OR coalesce(trim(reason), '') <> '')
)`;

/**
 * Every finding of `cells` (finding_cells, or findingCellsSql() of some findings) with its review
 * state ('pending' = 待核 when unmarked) and reason; `open`: not dismissed. The one definition of a
 * finding's state: the notice, the marks and the counting (counted.ts) read it.
 */
export function reviewedFindingsSql(cells = 'finding_cells'): string {
  return `
SELECT c.*, coalesce(m.state, 'pending') AS review_state, m.reason, m.marked_at,
  coalesce(m.state, 'pending') <> 'dismissed' AS open
FROM ${cells} c LEFT JOIN review_marks m ON m.finding_key = c.finding_key`;
}

export const REVIEWED_FINDINGS_VIEW = `CREATE OR REPLACE VIEW reviewed_findings AS ${reviewedFindingsSql()}`;

const marksReady = new WeakSet<Engine>();
const viewsReady = new WeakSet<Engine>();

/** The marks table and the key macro: marks can come in (the browser's copy, a review file) before any analysis. */
export async function ensureMarks(engine: Engine): Promise<void> {
  if (marksReady.has(engine)) return;
  await engine.exec(FINDING_KEY_MACRO);
  await engine.exec(REVIEW_MARKS_TABLE);
  marksReady.add(engine);
}

/** Whether the analysis has run (its `findings` table, or a dataset's view of it, exists). */
export async function hasFindings(engine: Engine): Promise<boolean> {
  const rows = await engine.query(`SELECT 1 FROM duckdb_tables() WHERE table_name = 'findings' AND NOT temporary
    UNION ALL SELECT 1 FROM duckdb_views() WHERE view_name = 'findings' AND NOT temporary`);
  return rows.length > 0;
}

/**
 * ensureMarks(), and the two views (once per engine). The views read `findings`, so they are made
 * after the first analysis; they are bound when queried, so a later analysis that replaces
 * `findings` is seen.
 */
export async function ensureReview(engine: Engine): Promise<void> {
  await ensureMarks(engine);
  if (viewsReady.has(engine)) return;
  await engine.exec(FINDING_CELLS_VIEW);
  await engine.exec(REVIEWED_FINDINGS_VIEW);
  viewsReady.add(engine);
}
