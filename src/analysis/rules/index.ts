// The catalogue: every anomaly rule, one file each, in the order the UI and the CLI list them.
// Adding a rule = adding its file (and its test) and one line here.
import type { Rule } from './rule';
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

export const RULES: Rule[] = [
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
];

export function ruleById(id: string): Rule | undefined {
  return RULES.find((r) => r.id === id);
}
