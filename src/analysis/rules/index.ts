// The catalogue: every anomaly rule, one file each, in the order the UI and the CLI list them.
// Adding a rule = adding its file (and its test) and one line here. What is keyed by rule id
// elsewhere — the boilerplate points, the settings and their panel — is derived here from the rules.
import type { Rule, Setting, SettingValues } from './rule';
import weightsSum from './weights-sum';
import totalSum from './total-sum';
import scoreBounds from './score-bounds';
import execRate from './exec-rate';
import execScore from './exec-score';
import reportMismatch from './report-mismatch';
import budgetAdjusted from './budget-adjusted';
import fundSubtotal from './fund-subtotal';
import incompleteForm from './incomplete-form';
import overspent from './overspent';
import shortfallFullMarks from './shortfall-full-marks';
import deductionNoReason from './deduction-no-reason';
import overachievedNoNote from './overachieved-no-note';
import vagueTargets from './vague-targets';
import actualEqualsTarget from './actual-equals-target';
import goalMissing from './goal-missing';
import goalRestated from './goal-restated';
import templateResidue from './template-residue';
import copiedIndicators from './copied-indicators';
import genericIndicator from './generic-indicator';
import yearCopy from './year-copy';
import fullMarks from './full-marks';
import alwaysFullMarks from './always-full-marks';
import fullDespiteShortfall from './full-despite-shortfall';
import satisfactionConstant from './satisfaction-constant';
import sangongParts from './sangong-parts';
import sangongOverBudget from './sangong-over-budget';
import projectSpendingMismatch from './project-spending-mismatch';

export type { Rule, Severity, Finding } from './rule';
export { FINDING_COLUMNS } from './rule';

const CATALOGUE = [
  // form arithmetic
  weightsSum,
  totalSum,
  scoreBounds,
  execRate,
  execScore,
  reportMismatch,
  budgetAdjusted,
  fundSubtotal,
  incompleteForm,
  overspent,
  // scoring against targets
  shortfallFullMarks,
  deductionNoReason,
  overachievedNoNote,
  // boilerplate text
  vagueTargets,
  actualEqualsTarget,
  goalMissing,
  goalRestated,
  templateResidue,
  copiedIndicators,
  genericIndicator,
  yearCopy,
  // patterns across forms
  fullMarks,
  alwaysFullMarks,
  fullDespiteShortfall,
  satisfactionConstant,
  // spending (附件1)
  sangongParts,
  sangongOverBudget,
  projectSpendingMismatch,
] as const;

export const RULES: readonly Rule[] = CATALOGUE;

const BY_ID = new Map(RULES.map((r) => [r.id, r]));
export function ruleById(id: string): Rule | undefined {
  return BY_ID.get(id);
}

type Catalogue = (typeof CATALOGUE)[number];
type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;
type AllSettings = UnionToIntersection<Catalogue['settings']>;
/** Every rule's thresholds by name: what `--set NAME=VALUE` and the URL's `set=` may change. */
export type RuleSettings = SettingValues<{ [K in keyof AllSettings]: AllSettings[K] extends Setting ? AllSettings[K] : never }>;

/**
 * The settings `rules` read, by name, in their order. A setting two rules read is one object
 * (./shared.ts); two different settings of one name are a mistake, refused here.
 */
export function collectSettings(rules: readonly Rule[]): Map<string, Setting> {
  const all = new Map<string, Setting>();
  for (const r of rules) {
    for (const [name, setting] of Object.entries(r.settings)) {
      const seen = all.get(name);
      if (seen && seen !== setting) throw new Error(`setting ${name} of rule ${r.id} is not the one of that name another rule reads`);
      all.set(name, setting);
    }
  }
  return all;
}

/** Every setting of the catalogue by name, in catalogue order. */
export const SETTINGS = collectSettings(RULES) as ReadonlyMap<keyof RuleSettings & string, Setting>;

/** The rules that read a setting. */
export function rulesReading(name: string): Rule[] {
  return RULES.filter((r) => name in r.settings);
}

/** Rule id → points toward the boilerplate score, for the rules that carry any (../boilerplate.ts). */
export const BOILERPLATE_POINTS: Readonly<Record<string, number>> = Object.freeze(
  Object.fromEntries(RULES.filter((r) => r.points > 0).map((r) => [r.id, r.points])),
);
