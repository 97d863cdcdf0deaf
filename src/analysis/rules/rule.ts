// The one shape every anomaly rule shares (one file per rule, like Observable Plot's marks).
// A rule is data: its id, how bad a hit is, what it means in both languages, and one plain DuckDB
// query that returns its findings. The runner (../findings.ts) is the only code that executes them.
import type { RuleSettings } from '../settings';

export type Severity = 'high' | 'medium' | 'low' | 'info';

export interface Rule {
  /** e.g. 'weights-sum' — part of the CLI output, keep exactly. */
  id: string;
  severity: Severity;
  titleZh: string;
  titleEn: string;
  /** One paragraph: why it matters, the regulation or practice behind it. */
  whyZh: string;
  whyEn: string;
  /** The condition in words, with the thresholds. */
  conditionZh: string;
  conditionEn: string;
  /** What a finding points at. */
  target: 'form' | 'indicator' | 'department' | 'spending';
  /** Plain DuckDB SQL returning FINDING_COLUMNS; thresholds come in as `?` parameters. */
  sql: string;
  /** The `?` parameters, in the order they appear in `sql`. */
  params: (s: RuleSettings) => (string | number)[];
  /** What the department must correct, one sentence (the review notice says it under each finding). */
  fixZh: string;
  fixEn: string;
}

/** The columns every rule's SQL returns, in this order, so findings union cleanly. */
export const FINDING_COLUMNS = ['eval_id', 'seq', 'region', 'department', 'year', 'item', 'field', 'detail'] as const;

export interface Finding {
  rule: string;
  severity: Severity;
  /** The form (NULL for department-wide and 附件1 spending findings, except project-spending-mismatch: the project's form). */
  eval_id: string | null;
  /** The indicator row within the form (indicators.seq), else NULL. */
  seq: number | null;
  /**
   * The department's region (地区), NULL when the data has none. A department is identified by
   * (region, department): a province has a 财政局 in every county.
   */
  region: string | null;
  department: string;
  /** NULL for department-wide findings. */
  year: number | null;
  /** The 附件1 spending item, else NULL. */
  item: string | null;
  /** The cell or column at fault (e.g. 'total_score', 'weight', 'goal_target', 'final'). */
  field: string;
  /** A short explanation in Chinese with the values that triggered it. */
  detail: string;
}

export function defineRule(rule: Rule): Rule {
  return rule;
}
