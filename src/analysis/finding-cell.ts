// Which cells of the 自评表 (the form view) a finding points at. Each rule says where its fields sit
// (rules/*.ts `cells`) and its query names the rows (`seq`, or `seqs` for a finding about several);
// this turns a finding into the keys the form view gives those cells:
//   `${seq}:${field}` a cell of indicator row seq · `col:${field}` an indicator column · `:${cell}` a form cell.
import { ruleById } from './rules/index';
import type { Finding } from './rules/rule';

export type FindingRef = Pick<Finding, 'rule' | 'seq' | 'field'> & Partial<Pick<Finding, 'seqs'>>;

/** The indicator rows a finding names, in order: its `seqs`, else its one row, else none. */
export function findingRows(f: Pick<FindingRef, 'seq' | 'seqs'>): number[] {
  if (f.seqs != null && f.seqs.length > 0) return f.seqs;
  return f.seq == null ? [] : [f.seq];
}

/**
 * Every cell key a finding points at, the first its main one: the field's cell in each row it names,
 * the column itself for a column finding that names no rows, a form cell; none for a 附件1 line, a
 * field its rule does not declare, or a rule this catalogue does not know.
 */
export function findingCells(f: FindingRef): string[] {
  const at = ruleById(f.rule)?.cells[f.field];
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
