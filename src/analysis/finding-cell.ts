// Which cells of the 自评表 a finding points at, defined once: each rule says where its fields sit
// (rules/*.ts `cells`: an indicator row's cell, an indicator column, a form cell) and its query names
// the rows (`seq`, or `seqs` for a finding about several). Everything that shows a finding's cell
// reads it here: the form view highlights findingCells(), the review's identity and value
// (review/identity.ts, in SQL) read CELL_AT_SQL, the notice names the cell from cellAt() and
// findingRows(). The form view's keys:
//   `${seq}:${field}` a cell of indicator row seq · `col:${field}` an indicator column · `:${cell}` a form cell.
import { RULES, ruleById } from './rules/index';
import type { CellAt, Finding } from './rules/rule';

export type FindingRef = Pick<Finding, 'rule' | 'seq' | 'field'> & Partial<Pick<Finding, 'seqs'>>;

/** The indicator rows a finding names, in order: its `seqs`, else its one row, else none. */
export function findingRows(f: Pick<FindingRef, 'seq' | 'seqs'>): number[] {
  if (f.seqs != null && f.seqs.length > 0) return f.seqs;
  return f.seq == null ? [] : [f.seq];
}

/** Where a finding of `rule` about `field` points (its rule's `cells`); undefined for a 附件1 line, an undeclared field, an unknown rule. */
export function cellAt(rule: string, field: string): CellAt | undefined {
  return ruleById(rule)?.cells[field];
}

/**
 * cellAt() of every rule and field as SQL rows `(rule, field, at)`: a VALUES list built from the rules'
 * declarations (plain ids and field names, checked), which the review's finding_cells joins.
 */
export const CELL_AT_SQL: string = (() => {
  const rows = RULES.flatMap((r) => Object.entries(r.cells).map(([field, at]) => {
    for (const t of [r.id, field, at]) if (!/^[a-z][a-z0-9_-]*$/.test(t)) throw new Error(`bad cell declaration ${r.id}.${field}`);
    return `('${r.id}', '${field}', '${at}')`;
  }));
  return `(SELECT * FROM (VALUES ${rows.join(', ')}) v(rule, field, cell_at))`;
})();

/**
 * Every cell key a finding points at, the first its main one: the field's cell in each row it names,
 * the column itself for a column finding that names no rows, a form cell; none for a 附件1 line, a
 * field its rule does not declare, or a rule this catalogue does not know.
 */
export function findingCells(f: FindingRef): string[] {
  const at = cellAt(f.rule, f.field);
  if (at === undefined) return [];
  if (at === 'row' || at === 'column') {
    const rows = findingRows(f).map((seq) => `${seq}:${f.field}`);
    return rows.length > 0 || at === 'row' ? rows : [`col:${f.field}`];
  }
  return [`:${at}`];
}

/** The cell key a finding points at first (where the form view scrolls to); null when it points at none. */
export function findingCell(f: FindingRef): string | null {
  return findingCells(f)[0] ?? null;
}
