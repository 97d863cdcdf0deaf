// The officer's review marks in DuckDB: set them on findings (one, or a selection at once), read the
// findings with their state, and take marks out and back in (the review file, the browser's copy).
// Every finding is read through `reviewed_findings` (identity.ts), so a mark finds its finding
// again after a reload or a re-submission of the form.
import type { Engine, SqlParam } from '../db/engine';
import { integer, join, raw, sql, type SqlFragment } from '../db/sql';
import { filterWhere, type Filters } from '../analysis/queries/filters';
import { ensureMarks, ensureReview, hasFindings, markableCellsSql, reviewedFindingsSql } from './identity';

/** 确认 confirmed, 排除 dismissed (with a reason), 待核 pending (also every unmarked finding). */
export const REVIEW_STATES = ['confirmed', 'dismissed', 'pending'] as const;
export type ReviewState = (typeof REVIEW_STATES)[number];

/** A finding's identity in parts, as the review file carries it. */
export interface FindingIdentity {
  rule: string;
  region: string | null;
  department: string;
  year: number | null;
  kind: string | null;
  project: string | null;
  cell: string;
}

export interface ReviewMark extends FindingIdentity {
  state: ReviewState;
  reason: string | null;
  /** ISO time of the decision. */
  marked_at: string | null;
}

/** A finding as the review reads it: the finding, its identity, where its cell is, and its mark. */
export interface ReviewedFinding extends FindingIdentity {
  finding_key: string;
  severity: string;
  eval_id: string | null;
  seq: number | null;
  item: string | null;
  field: string;
  detail: string;
  detail_en: string;
  seqs: number[] | null;
  related: string[] | null;
  /** Where its rule says the finding points (analysis/finding-cell.ts cellAt): 'row', 'column', a form cell; null for a 附件1 line. */
  cell_at: string | null;
  row_no: number | null;
  row_label: string | null;
  value: string | null;
  review_state: ReviewState;
  reason: string | null;
  marked_at: string | null;
  open: boolean;
}

/**
 * Which findings: any of the parts given (a form's, a department's, every finding of a rule…);
 * `keys` picks findings by identity. `state` 'open' means not dismissed.
 */
export interface FindingSelection {
  keys?: readonly string[];
  rule?: string | null;
  severity?: string | null;
  region?: string | null;
  department?: string | null;
  year?: number | null;
  eval_id?: string | null;
  state?: ReviewState | 'open' | null;
  /** The shared filters (years, regions, departments, department kinds), as the views apply them. */
  filters?: Filters;
}

/** The selection over reviewed_findings (alias `r`) as a WHERE condition. */
export function selectionWhere(s: FindingSelection): SqlFragment {
  const parts: SqlFragment[] = [raw('TRUE')];
  if (s.keys) parts.push(s.keys.length ? sql`r.finding_key IN (${join(s.keys as SqlParam[])})` : raw('FALSE'));
  if (s.rule) parts.push(sql`r.rule = ${s.rule}`);
  if (s.severity) parts.push(sql`r.severity = ${s.severity}`);
  // A department's region is part of its name (two counties each have a 财政局); null: no region given.
  if (s.region !== undefined) parts.push(sql`coalesce(r.region, '') = coalesce(${s.region}, '')`);
  if (s.department) parts.push(sql`r.department = ${s.department}`);
  // A year selects its own findings and the department-wide ones that span every year.
  if (s.year != null) parts.push(sql`(r.year = ${integer(s.year)} OR r.year IS NULL)`);
  // A form's findings: its own, and its department's department-wide ones (as the form view shows them).
  if (s.eval_id) {
    parts.push(sql`(r.eval_id = ${s.eval_id} OR (r.eval_id IS NULL AND r.item IS NULL AND EXISTS (
      SELECT 1 FROM evaluations e WHERE e.eval_id = ${s.eval_id} AND coalesce(e.region, '') = coalesce(r.region, '')
        AND e.department = r.department AND (r.year IS NULL OR r.year = e.year))))`);
  }
  if (s.filters) parts.push(filterWhere(s.filters, { alias: 'r', hasKind: false }));
  if (s.state === 'open') parts.push(raw('r.open'));
  else if (s.state) parts.push(sql`r.review_state = ${s.state}`);
  return join(parts, ' AND ');
}

/** The order findings are listed in: by department and year, form, row, then severity and rule. */
const FINDING_ORDER = `r.region NULLS FIRST, r.department, r.year NULLS FIRST, r.kind = '项目', r.project NULLS FIRST, r.eval_id NULLS FIRST,
  r.item NULLS FIRST, r.row_no NULLS FIRST,
  CASE r.severity WHEN 'high' THEN 0 WHEN 'medium' THEN 1 WHEN 'low' THEN 2 ELSE 3 END, r.rule, r.field, r.detail`;

/** The selected findings with their review state, in FINDING_ORDER. */
export async function reviewedFindings(engine: Engine, s: FindingSelection = {}): Promise<ReviewedFinding[]> {
  await ensureReview(engine);
  const w = selectionWhere(s);
  return engine.query<ReviewedFinding>(`SELECT r.* FROM reviewed_findings r WHERE ${w.sql} ORDER BY ${FINDING_ORDER}`, w.params);
}

/** How many of the selected findings are in each state. */
export async function reviewCounts(engine: Engine, s: FindingSelection = {}): Promise<Record<ReviewState, number>> {
  await ensureReview(engine);
  const w = selectionWhere(s);
  // Counted without a key asked for, the findings no mark can match are 待核 without their identity
  // (markableCellsSql): at a province's scale working out every finding's cell took seconds.
  let from = 'reviewed_findings';
  if (!s.keys) {
    const [{ any }] = await engine.query<{ any: boolean }>('SELECT EXISTS (SELECT 1 FROM review_marks) AS any');
    from = `(${reviewedFindingsSql(markableCellsSql('TRUE', any))})`;
  }
  const rows = await engine.query<{ state: ReviewState; n: number }>(
    `SELECT r.review_state AS state, CAST(count(*) AS INTEGER) AS n FROM ${from} r WHERE ${w.sql} GROUP BY 1`,
    w.params,
  );
  const counts: Record<ReviewState, number> = { confirmed: 0, dismissed: 0, pending: 0 };
  for (const r of rows) counts[r.state] = r.n;
  return counts;
}

/** Refuses a dismissal without a reason, and anything that is not a state. */
function checkDecision(state: ReviewState, reason: string | null): string | null {
  if (!(REVIEW_STATES as readonly string[]).includes(state)) throw new Error(`unknown review state: ${String(state)}`);
  const r = reason?.trim() ? reason.trim() : null;
  if (state === 'dismissed' && !r) throw new Error('排除须写明理由 / a dismissal needs a reason');
  return r;
}

const MARK_COLUMNS = 'finding_key, rule, region, department, year, kind, project, cell, state, reason, marked_at';

/**
 * Marks every selected finding `state` (with `reason`), replacing earlier marks of the same
 * identities. Returns how many identities were marked.
 */
export async function markFindings(engine: Engine, s: FindingSelection, state: ReviewState, reason: string | null = null, at = new Date().toISOString()): Promise<number> {
  await ensureReview(engine);
  const why = checkDecision(state, reason);
  const w = selectionWhere(s);
  const picked = `SELECT DISTINCT r.finding_key, r.rule, r.region, r.department, r.year, r.kind, r.project, r.cell FROM reviewed_findings r WHERE ${w.sql}`;
  const [{ n }] = await engine.query<{ n: number }>(`SELECT CAST(count(*) AS INTEGER) AS n FROM (${picked})`, w.params);
  await engine.query(`DELETE FROM review_marks WHERE finding_key IN (SELECT finding_key FROM (${picked}))`, w.params);
  await engine.query(`INSERT INTO review_marks (${MARK_COLUMNS}) SELECT p.*, ?, ?, ? FROM (${picked}) p`, [state, why, at, ...w.params]);
  return n;
}

/** Every mark, in a stable order (the review file's). */
export async function readMarks(engine: Engine): Promise<ReviewMark[]> {
  await ensureMarks(engine);
  return engine.query<ReviewMark>(
    `SELECT rule, region, department, year, kind, project, cell, state, reason, marked_at FROM review_marks
     ORDER BY region NULLS FIRST, department, year NULLS FIRST, kind NULLS FIRST, project NULLS FIRST, cell, rule`,
  );
}

/**
 * Puts marks in (a review file, the browser's copy): each replaces the mark of its identity, a
 * later one in `marks` winning over an earlier. Returns how many marks went in and how many of them
 * match a loaded finding (none before the first analysis).
 */
export async function importMarks(engine: Engine, marks: readonly ReviewMark[]): Promise<{ marks: number; matched: number }> {
  const analysed = await hasFindings(engine);
  if (analysed) await ensureReview(engine);
  else await ensureMarks(engine);
  for (const m of marks) checkDecision(m.state, m.reason);
  if (marks.length === 0) return { marks: 0, matched: 0 };
  const rows = join(
    marks.map((m, i) => sql`(${i}, ${m.rule}, ${m.region}, ${m.department}, CAST(${m.year} AS INTEGER), ${m.kind}, ${m.project}, ${m.cell}, ${m.state}, ${m.reason?.trim() || null}, ${m.marked_at})`),
  );
  const incoming = sql`SELECT finding_key(rule, region, department, year, kind, project, cell) AS finding_key, rule, region, department, year, kind, project, cell, state, reason, marked_at
    FROM (VALUES ${rows}) v(i, rule, region, department, year, kind, project, cell, state, reason, marked_at)
    QUALIFY row_number() OVER (PARTITION BY finding_key(rule, region, department, year, kind, project, cell) ORDER BY i DESC) = 1`;
  await engine.exec('CREATE OR REPLACE TEMP TABLE review_incoming AS SELECT * FROM review_marks LIMIT 0');
  try {
    await engine.query(`INSERT INTO review_incoming (${MARK_COLUMNS}) ${incoming.sql}`, incoming.params);
    await engine.exec(`DELETE FROM review_marks WHERE finding_key IN (SELECT finding_key FROM review_incoming);
      INSERT INTO review_marks (${MARK_COLUMNS}) SELECT ${MARK_COLUMNS} FROM review_incoming`);
    const [r] = await engine.query<{ marks: number; matched: number }>(
      `SELECT CAST(count(*) AS INTEGER) AS marks,
         CAST(${analysed ? 'count(*) FILTER (WHERE EXISTS (SELECT 1 FROM finding_cells c WHERE c.finding_key = i.finding_key))' : '0'} AS INTEGER) AS matched
       FROM review_incoming i`,
    );
    return r;
  } finally {
    await engine.exec('DROP TABLE IF EXISTS review_incoming');
  }
}

/** Removes every mark (the review starts over). */
export async function clearMarks(engine: Engine): Promise<void> {
  await ensureMarks(engine);
  await engine.exec('DELETE FROM review_marks');
}
