// Which cell of the 自评表 (the form view) a finding points at. Each rule says where its fields sit
// (rules/*.ts `cells`); this turns a finding into the key the form view gives that cell:
//   `${seq}:${field}` a cell of indicator row seq · `col:${field}` an indicator column · `:${cell}` a form cell.
import { ruleById } from './rules/index';
import type { Finding } from './rules/rule';

export type FindingRef = Pick<Finding, 'rule' | 'seq' | 'field'>;

/** The cell key a finding points at; null when it points at none (a 附件1 line, or a rule this catalogue does not know). */
export function findingCell(f: FindingRef): string | null {
  const at = ruleById(f.rule)?.cells[f.field];
  if (at === undefined) return null;
  if (at === 'row') return f.seq == null ? null : `${f.seq}:${f.field}`;
  if (at === 'column') return `col:${f.field}`;
  return `:${at}`;
}
