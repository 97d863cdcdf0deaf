// Planted faults with ground truth. Each planted form carries exactly one fault and is otherwise
// clean; every planted fault is written to truth.csv. The fault ids are the analysis rules'
// ids, so a rule that fires on an unlisted form (or stays silent on a listed one) is wrong.
import { DEVIATION_REASONS } from './catalog';
import { settleTotal, type Form, type Indicator } from './forms';
import type { Rng } from './prng';
import type { SpendingLine } from './spending';

export const FORM_FAULTS = [
  'weights-sum',
  'total-sum',
  'score-bounds',
  'exec-score',
  'report-mismatch',
  'goal-missing',
  'deduction-no-reason',
  'fund-subtotal',
  'year-copy',
] as const;
export type FormFault = (typeof FORM_FAULTS)[number];
export type Fault = FormFault | 'sangong-parts';

export interface TruthRow {
  fault: Fault;
  evalId: string;
  /** The county: department names repeat across a province's counties. */
  region: string;
  department: string;
  year: number;
  item: string;
}

/** Texts that do not explain a deduction (the rule treats them as blank). */
export const PLACEHOLDERS = ['', '无', '无偏差', '已完成', '0', '/', '-'];

/**
 * Decides which forms get which fault. Kinds are handed out in rotation so that even a small
 * county carries every kind. When the chance comes up, the planter is armed with the next kind
 * and plants it on the next form that kind can apply to (a year-copy needs a project that ran
 * last year); a kind that finds no such form for a long while is skipped (one-year runs).
 */
export class FaultPlanter {
  private next = 0;
  private armed = false;
  private waited = 0;
  readonly truth: TruthRow[] = [];

  constructor(
    private readonly formRate: number,
    private readonly spendingRate: number,
  ) {}

  /** Maybe plants one fault on `form`. `previous` is last year's form of the same project, if clean. */
  plantForm(rng: Rng, form: Form, previous: Form | null): FormFault | null {
    if (!this.armed && rng.chance(this.formRate)) this.armed = true;
    if (!this.armed) return null;
    const fault = FORM_FAULTS[this.next];
    if (!applies(fault, form, previous)) {
      if (++this.waited > 200) this.advance();
      return null;
    }
    apply(rng, fault, form, previous);
    this.truth.push({ fault, evalId: form.evalId, region: form.region, department: form.department, year: form.year, item: '' });
    this.armed = false;
    this.advance();
    return fault;
  }

  private advance(): void {
    this.next = (this.next + 1) % FORM_FAULTS.length;
    this.waited = 0;
  }

  /** Maybe breaks the 三公经费 breakdown of one department-year. Only the 本年预算数 column is touched,
   * so the 上年决算数 carried into next year stays right and next year stays clean. */
  plantSpending(rng: Rng, lines: SpendingLine[], region: string, department: string, year: number): boolean {
    if (!rng.chance(this.spendingRate)) return false;
    const total = lines.find((l) => l.item === '三公经费')!;
    const delta = (rng.int(1, 40) * 25) * (rng.chance(0.5) && total.budget > 2000 ? -1 : 1);
    if (rng.chance(0.6)) {
      total.budget += delta; // 三公经费 ≠ 公务用车 + 出国 + 接待
    } else {
      // 公务用车购置和维护经费 ≠ 公车购置 + 公车运行维护, while 三公经费 still equals its parts.
      const car = lines.find((l) => l.item === '公务用车购置和维护经费')!;
      const up = Math.abs(delta);
      car.budget += up;
      total.budget += up;
    }
    this.truth.push({ fault: 'sangong-parts', evalId: '', region, department, year, item: '三公经费' });
    return true;
  }
}

function applies(fault: FormFault, form: Form, previous: Form | null): boolean {
  switch (fault) {
    case 'report-mismatch':
      return form.reportScore !== null;
    case 'fund-subtotal':
      return form.kind === '项目' && form.parts !== null;
    case 'year-copy':
      return form.kind === '项目' && previous !== null;
    case 'weights-sum':
      return form.indicators.some((i) => i.deductible && i.weight >= 5 && i.score >= 300);
    default:
      return true;
  }
}

const positive = (rng: Rng) => rng.pick([100, 200, 300, 500, 50, 150]);

function apply(rng: Rng, fault: FormFault, form: Form, previous: Form | null): void {
  const rows = form.indicators;
  switch (fault) {
    case 'weights-sum': {
      // One row's weight and score moved together (a row re-weighted without fixing the others):
      // the weights no longer add up to 100, the score stays within its weight and the total is right.
      const row = rng.pick(rows.filter((i) => i.deductible && i.weight >= 5 && i.score >= 300));
      const d = rng.chance(0.5) ? -rng.int(1, 3) : rng.pick([5, 10]);
      row.weight += d;
      row.score += d * 100;
      settleTotal(form);
      return;
    }
    case 'total-sum': {
      const d = positive(rng) * (form.totalScore >= 9000 && rng.chance(0.5) ? -1 : 1);
      form.totalScore += d;
      if (form.reportScore !== null) form.reportScore = form.totalScore;
      return;
    }
    case 'score-bounds': {
      const row = rng.pick(rows.filter((i) => i.deductible));
      if (rng.chance(0.8)) {
        row.score = row.weight * 100 + rng.pick([100, 200, 500]); // more than the row is worth
      } else {
        row.score = -rng.pick([100, 200]);
        row.deviation = rng.pick(DEVIATION_REASONS.数量);
      }
      settleTotal(form);
      return;
    }
    case 'exec-score': {
      // Full marks despite under-spending (the boilerplate habit), or a slip in the arithmetic.
      form.execScore = form.execRate <= 9800 ? form.execWeight * 100 : form.execScore - rng.pick([100, 150, 200, 300]);
      settleTotal(form);
      return;
    }
    case 'report-mismatch': {
      form.reportScore = form.totalScore - positive(rng); // the seed: forms say 100, the report 98
      return;
    }
    case 'goal-missing': {
      if (rng.chance(0.6)) form.goalTarget = '';
      else form.goalActual = '';
      return;
    }
    case 'deduction-no-reason': {
      const short = rows.filter((i) => i.score < i.weight * 100);
      let row: Indicator;
      if (short.length > 0) {
        row = rng.pick(short);
      } else {
        row = rng.pick(rows.filter((i) => i.deductible && i.weight >= 2));
        row.score -= rng.pick([50, 100]);
        settleTotal(form);
      }
      row.deviation = rng.pick(PLACEHOLDERS);
      return;
    }
    case 'fund-subtotal': {
      const parts = form.parts!;
      const col = rng.int(0, 2);
      const which = rng.pick(['carryover', 'other', 'appropriation'] as const);
      parts[which][col] += rng.int(1, 20) * 50;
      return;
    }
    case 'year-copy': {
      // Last year's rows pasted unchanged: same 三级指标, targets, actuals, weights and scores.
      form.indicators = previous!.indicators.map((i) => ({ ...i }));
      settleTotal(form);
      return;
    }
  }
}
