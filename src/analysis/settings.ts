// Thresholds of the anomaly rules (rules/*.ts). Every rule reads its thresholds from here and hands
// them to DuckDB as `?` parameters: nothing a user types is ever glued into SQL.

export interface RuleSettings {
  /** weights-sum: Σ indicator weights + execution weight may differ from 100 by this much. */
  weightTolerance: number;
  /** total-sum, report-mismatch: claimed total vs the sum of the parts, in points. */
  totalTolerance: number;
  /** exec-rate: stated 执行率 vs executed ÷ 全年预算数, in percentage points. */
  execRateTolerancePoints: number;
  /** exec-score: execution score vs min(rate, 1) × execution weight, in points. */
  execScoreTolerance: number;
  /** budget-adjusted: |全年预算数 − 年初预算数| above this share of 年初预算数 (0.2 = 20%). */
  adjustmentBound: number;
  /** overachieved-no-note: actual at least this multiple of the target. */
  overachieveRatio: number;
  /** generic-indicator: an indicator name used by at least this many departments … */
  genericMinDepartments: number;
  /** … and by at least this share of all departments in the data. */
  genericMinShare: number;
  /** copied-indicators: Jaccard similarity of two forms' indicator sets at or above this. */
  copiedJaccard: number;
  /**
   * copied-indicators: an indicator key standing in the candidate prefix of more forms than this is
   * not used to *find* candidate pairs (it would make the pair join quadratic); identical indicator
   * sets are still found through their signature. See rules/copied-indicators.ts.
   */
  copiedMaxKeyForms: number;
  /** satisfaction-constant: the same satisfaction result on all of at least this many forms. */
  satisfactionMinForms: number;
  /** full-despite-shortfall: full marks although 执行率 is below this ratio (0.9 = 90%). */
  fullExecThreshold: number;
  /** Text that says nothing: a 偏差原因 or 实际完成情况 of only this counts as blank. */
  placeholders: string[];
  /** Phrases that make a target unmeasurable (vague-targets). Matched as substrings. */
  vaguePhrases: string[];
}

export const DEFAULT_SETTINGS: Readonly<RuleSettings> = Object.freeze({
  weightTolerance: 0.01,
  totalTolerance: 0.1,
  execRateTolerancePoints: 0.5,
  execScoreTolerance: 0.1,
  adjustmentBound: 0.2,
  overachieveRatio: 1.3,
  genericMinDepartments: 5,
  genericMinShare: 0.05,
  copiedJaccard: 0.8,
  copiedMaxKeyForms: 200,
  satisfactionMinForms: 3,
  fullExecThreshold: 0.9,
  placeholders: ['无', '无偏差', '已完成', '0', '/', '-', '—', '／', '无。', '不适用', '未发生偏差'],
  vaguePhrases: ['有所提升', '有所提高', '有所改善', '有所增加', '有所', '效益显著', '显著', '持续', '明显', '逐步', '稳步', '不断', '进一步'],
});

export function resolveSettings(partial?: Partial<RuleSettings>): RuleSettings {
  return { ...DEFAULT_SETTINGS, ...(partial ?? {}) } as RuleSettings;
}

/** Lists travel as one string parameter, split in SQL with `string_split(?, chr(31))`. */
export const LIST_SEP = '\u001f';
export function listParam(items: readonly string[]): string {
  return items.map((s) => s.replaceAll(LIST_SEP, '')).join(LIST_SEP);
}

const LIST_KEYS = new Set<keyof RuleSettings>(['placeholders', 'vaguePhrases']);

/**
 * Thresholds as people write them on a command line or in a link: `adjustmentBound=0.3`,
 * `placeholders=无,/,-`. Unknown names and non-numbers are refused with the reason, never guessed.
 */
export function parseSettings(assignments: readonly string[]): Partial<RuleSettings> {
  const out: Record<string, number | string[]> = {};
  for (const a of assignments) {
    const eq = a.indexOf('=');
    const key = (eq < 0 ? a : a.slice(0, eq)).trim() as keyof RuleSettings;
    const value = eq < 0 ? '' : a.slice(eq + 1).trim();
    if (!(key in DEFAULT_SETTINGS)) throw new Error(`unknown setting「${key}」: one of ${Object.keys(DEFAULT_SETTINGS).join(', ')}`);
    if (LIST_KEYS.has(key)) {
      out[key] = value.split(/[,，、]/).map((s) => s.trim()).filter((s) => s !== '');
    } else {
      const n = Number(value);
      if (value === '' || !Number.isFinite(n) || n < 0) throw new Error(`setting ${key}: 「${value}」 is not a non-negative number`);
      out[key] = n;
    }
  }
  return out as Partial<RuleSettings>;
}
