// Two forms side by side (the review's comparison): which forms to compare a form with — last year's
// form of the same project (year-copy) and the forms sharing most of its indicators
// (copied-indicators) — and the two forms cell by cell: identical cells marked, differing ones with
// their word-level differences (diff.ts).
import { formHeader, formIndicators, type FormHeader, type FormIndicatorRow } from '../analysis/queries/form';
import { sameDepartment } from '../analysis/rules/sql';
import type { Engine } from '../db/engine';
import { sql } from '../db/sql';
import { wordDiff, type DiffPart } from './diff';

export interface CompareCandidate {
  eval_id: string;
  region: string | null;
  department: string;
  year: number;
  kind: string;
  project: string | null;
  /** 'previous-year': the same form a year before; 'shared': shares `shared` indicators (三级指标 + 指标值). */
  why: 'previous-year' | 'shared';
  shared: number | null;
}

/** The forms worth comparing `evalId` with: last year's same form, then up to `limit` forms sharing most indicators. */
export function compareCandidates(engine: Engine, evalId: string, limit = 5): Promise<CompareCandidate[]> {
  const q = sql`WITH me AS (SELECT * FROM evaluations WHERE eval_id = ${evalId}),
    prev AS (
      SELECT e.eval_id, 'previous-year' AS why, CAST(NULL AS INTEGER) AS shared, 0 AS ord
      FROM evaluations e JOIN me ON ${sameDepartment('e', 'me')} AND e.kind = me.kind
        AND coalesce(e.project, '') = coalesce(me.project, '') AND e.year = me.year - 1
    ),
    mine AS (SELECT DISTINCT indicator_key AS k FROM form_indicators WHERE eval_id = ${evalId} AND indicator_key IS NOT NULL),
    shared AS (
      SELECT o.eval_id, 'shared' AS why, CAST(count(DISTINCT o.indicator_key) AS INTEGER) AS shared, 1 AS ord
      FROM form_indicators o WHERE o.eval_id <> ${evalId} AND o.indicator_key IN (SELECT k FROM mine)
      GROUP BY o.eval_id ORDER BY shared DESC, o.eval_id LIMIT ${limit}
    ),
    c AS (SELECT * FROM prev UNION ALL SELECT * FROM shared WHERE eval_id NOT IN (SELECT eval_id FROM prev))
    SELECT e.eval_id, e.region, e.department, e.year, e.kind, e.project, c.why, c.shared
    FROM c JOIN evaluations e ON e.eval_id = c.eval_id
    ORDER BY c.ord, c.shared DESC NULLS FIRST, e.department, e.year DESC, e.eval_id`;
  return engine.query<CompareCandidate>(q.sql, q.params);
}

export interface ComparedForm {
  header: FormHeader;
  indicators: FormIndicatorRow[];
}

/** Both forms, or null for one that is not loaded. */
export async function compareForms(engine: Engine, a: string, b: string): Promise<[ComparedForm | null, ComparedForm | null]> {
  const one = async (id: string) => {
    const [header, indicators] = await Promise.all([formHeader(engine, id), formIndicators(engine, id)]);
    return header ? { header, indicators } : null;
  };
  return Promise.all([one(a), one(b)]);
}

/** One cell of each form: 'same' when the texts are equal, else the word-level parts. */
export interface ComparedCell {
  same: boolean;
  left: string;
  right: string;
  parts: DiffPart[];
}

export function compareCell(left: string | null | undefined, right: string | null | undefined): ComparedCell {
  const l = left ?? '';
  const r = right ?? '';
  return { same: l === r, left: l, right: r, parts: l === r ? [] : wordDiff(l, r) };
}

/** The indicator columns compared, in the 自评表's order. */
export const COMPARED_COLUMNS = ['level1', 'level2', 'level3', 'target', 'actual', 'weight', 'score', 'deviation'] as const;

/** The indicator rows paired by their place in the table (a copied form keeps the order); a row only one form has pairs with nothing. */
export function pairIndicatorRows(a: readonly FormIndicatorRow[], b: readonly FormIndicatorRow[]): Record<(typeof COMPARED_COLUMNS)[number], ComparedCell>[] {
  const text = (r: FormIndicatorRow | undefined, c: (typeof COMPARED_COLUMNS)[number]) =>
    r == null ? null : c === 'level1' ? r.l1 : c === 'level2' ? r.l2 : r[c] == null ? null : String(r[c]);
  return Array.from({ length: Math.max(a.length, b.length) }, (_, i) =>
    Object.fromEntries(COMPARED_COLUMNS.map((c) => [c, compareCell(text(a[i], c), text(b[i], c))])) as Record<(typeof COMPARED_COLUMNS)[number], ComparedCell>,
  );
}
