// One 绩效自评表 — the department-wide form (附件2) or a project form (附件3) — with its money,
// its indicator rows and its scores. Three styles: a careful department quantifies its targets and
// deducts points with a real 偏差原因; a boilerplate department copies the seed's generic rows and
// gives itself 100 everywhere; a mixed department does one or the other form by form ('light' is
// careful with few deductions and some generic effect rows).
import { DEVIATION_REASONS, LEVEL2, parseSpec, type IndicatorSpec, type L2Key, type ProjectTemplate } from './catalog';
import { cents, execScoreOf, money, rateBp, splitCents } from './money';
import type { Rng } from './prng';

export type Style = 'careful' | 'light' | 'boilerplate';
export type FormKind = '部门整体' | '项目';

export interface Indicator {
  level1: string;
  level2: string;
  level3: string;
  target: string;
  actual: string;
  /** Whole points. */
  weight: number;
  /** Hundredths of a point. */
  score: number;
  deviation: string;
  /** May a fault or a deduction touch this row (not the 无/无 cost rows or the budget line). */
  deductible: boolean;
}

/** [年初, 全年, 执行] in hundredths of 万元. */
export type Triple = [number, number, number];

export interface Parts {
  appropriation: Triple;
  carryover: Triple;
  other: Triple;
}

export interface Form extends FormIdentity {
  unit: string;
  budgetInitial: number;
  budgetFull: number;
  executed: number;
  parts: Parts | null;
  execWeight: number;
  /** Hundredths of a percent. */
  execRate: number;
  /** Hundredths of a point, as stated on the form. */
  execScore: number;
  totalScore: number;
  goalTarget: string;
  goalActual: string;
  reportScore: number | null;
  indicators: Indicator[];
  style: Style;
}

/** Weight schemes seen on real forms: level1 weights, plus 10 for the execution rate. */
export interface Scheme {
  name: 'A' | 'B' | 'C';
  levels: [string, number][];
}
export const SCHEMES: Record<Scheme['name'], Scheme> = {
  A: { name: 'A', levels: [['产出指标', 50], ['效益指标', 30], ['满意度指标', 10]] },
  B: { name: 'B', levels: [['产出指标', 30], ['效益指标', 30], ['满意度指标', 10], ['成本指标', 20]] },
  C: { name: 'C', levels: [['产出指标', 40], ['效益指标', 30], ['满意度指标', 10], ['成本指标', 10]] },
};
export const EXEC_WEIGHT = 10;

/** What the project's money looked like this year, before any form is written. */
export interface Budget {
  initial: number;
  full: number;
  executed: number;
  parts: Parts | null;
}

const PCT_LIKE = new Set(['%', '公里', '万元', '亿元', '万亩', '万立方米', '万人次', '万人', '万头', '万平方米', '万户', '万次', '万剂次']);

function fmtNum(v: number, decimals: number): string {
  return decimals === 0 ? String(Math.round(v)) : v.toFixed(decimals);
}

/** A quantified target and an actual that meets it or falls short, e.g. ≥12公里 / 12.6公里. */
function renderQuantified(rng: Rng, s: IndicatorSpec, met: boolean): { target: string; actual: string } {
  const t = rng.int(s.lo, s.hi);
  const d = PCT_LIKE.has(s.unit) ? 1 : 0;
  const step = d === 1 ? 0.1 : 1;
  const cap = s.unit === '%' ? 100 : Infinity;
  let a: number;
  if (s.op === '≥') {
    a = met ? Math.min(cap, t * (1 + rng.next() * 0.12)) : t * (0.75 + rng.next() * 0.22);
    if (!met && a > t - step) a = t - step;
    if (met && a < t) a = t;
  } else if (s.op === '≤') {
    a = met ? t * (0.6 + rng.next() * 0.4) : Math.max(t + step, t * (1.05 + rng.next() * 0.35));
    if (met && a > t) a = t;
  } else {
    a = met ? t : t * (0.9 + rng.next() * 0.09);
    if (!met && a > t - step) a = t - step;
  }
  a = Math.max(0, Number(fmtNum(a, d)));
  // ≥ after rounding could touch the target again; nudge to keep "fell short" true.
  if (!met && s.op !== '≤' && a >= t) a = Math.max(0, t - step);
  const target = s.op === '=' ? `${t}${s.unit}` : `${s.op}${t}${s.unit}`;
  return { target, actual: `${fmtNum(a, d)}${s.unit}` };
}

interface Draft {
  key: L2Key;
  l3: string;
  render: (met: boolean) => { target: string; actual: string };
  deductible: boolean;
}

function level(key: L2Key): [string, string] {
  const [l1, l2] = LEVEL2[key];
  return [l1, l2];
}

/** Splits a level1 weight over its rows: in 5s where possible (as people do), otherwise in 1s. */
function splitWeight(total: number, n: number): number[] {
  const units = total / 5;
  const out: number[] = [];
  if (Number.isInteger(units) && units >= n) {
    const base = Math.floor(units / n);
    for (let i = 0; i < n; i++) out.push((base + (i < units % n ? 1 : 0)) * 5);
  } else {
    const base = Math.floor(total / n);
    for (let i = 0; i < n; i++) out.push(base + (i < total % n ? 1 : 0));
  }
  return out;
}

export interface FormContext {
  rng: Rng;
  year: number;
  scheme: Scheme;
  style: Style;
  template: ProjectTemplate;
  budget: Budget;
  /** '项目预算控制数' or '部门预算控制数'. */
  costLabel: string;
}

/** Evidence a careful department writes behind a qualitative result; a light one restates the target. */
const EVIDENCE = ['经年度考核评价确认', '经第三方抽样调查确认', '有工作台账和佐证材料', '获上级主管部门通报肯定', '群众反映问题同比减少'];
function qualitativeResult(rng: Rng, style: Style, target: string): string {
  return style === 'careful' ? `${target}，${rng.pick(EVIDENCE)}` : target;
}

/** Careful and light forms: quantified rows, deductions with a reason, scores that add up. */
function quantifiedIndicators(ctx: FormContext, execScore: number): Indicator[] {
  const { rng, year, scheme, style, template, budget } = ctx;
  const drafts: Draft[] = [];
  const quant = (spec: string): Draft => {
    const s = parseSpec(spec);
    return { key: s.l2, l3: s.l3, deductible: true,
      render: (met) => (s.op === '~' ? { target: s.text, actual: met ? qualitativeResult(rng, style, s.text) : '部分实现' } : renderQuantified(rng, s, met)) };
  };
  for (const o of template.outputs.slice(0, 3)) drafts.push(quant(o));
  // Every form names its own year in a 时效 row: a recurring project never repeats last year's
  // rows by accident (that is what the year-copy fault looks for).
  const month = rng.int(9, 12);
  drafts.push({ key: '时效', l3: rng.pick(['项目完成时间', '完成时限', '任务完成时间']), deductible: true,
    render: (met) => ({
      target: `${year}年12月31日前`,
      actual: met ? `${year}年${month}月${rng.int(1, 28)}日` : `${year + 1}年${rng.int(1, 3)}月完成`,
    }) });
  const generic = style === 'light' && rng.chance(0.4);
  for (const e of template.effects.slice(0, 3)) drafts.push(quant(e));
  if (generic) {
    drafts.push({ key: '经济', l3: '促进经济发展', deductible: false, render: () => ({ target: '有所提升', actual: '有所提升' }) });
    drafts.push({ key: '生态', l3: '生态环境改善情况', deductible: false, render: () => ({ target: '有所改善', actual: '有所改善' }) });
  } else if (template.effects.length < 2) {
    drafts.push(quant('可持续|长效管理机制|~|基本建立'));
  }
  drafts.push(quant(`满意|${template.satisfaction}|≥|%|85-95`));
  const costWeight = scheme.levels.find(([l]) => l === '成本指标')?.[1] ?? 0;
  if (costWeight > 0) {
    drafts.push({ key: '经济成本', l3: ctx.costLabel, deductible: false,
      render: () => ({ target: `≤${money(budget.full)}万元`, actual: `${money(budget.executed)}万元` }) });
    if (costWeight >= 20) {
      drafts.push({ key: '社会成本', l3: '对社会发展可能造成的负面影响', deductible: false, render: () => ({ target: '无', actual: '无' }) });
      drafts.push({ key: '生态成本', l3: '对自然生态环境造成的负面影响', deductible: false, render: () => ({ target: '无', actual: '无' }) });
    }
  }

  // Weights by level1, in the scheme's order.
  const weights = new Map<Draft, number>();
  for (const [l1, w] of scheme.levels) {
    const group = drafts.filter((d) => LEVEL2[d.key][0] === l1);
    splitWeight(w, group.length).forEach((wt, i) => weights.set(group[i], wt));
  }
  const ordered = scheme.levels.flatMap(([l1]) => drafts.filter((d) => LEVEL2[d.key][0] === l1));

  // How many points to deduct: careful totals spread 80–98, light ones 92–100.
  const weightSum = ordered.reduce((s, d) => s + weights.get(d)! * 100, 0);
  let deduct: number;
  if (style === 'careful') {
    const total = 8000 + rng.int(0, 36) * 50;
    deduct = Math.max(50, Math.round((weightSum - (total - execScore)) / 50) * 50);
  } else {
    deduct = rng.chance(0.4) ? 0 : rng.int(1, 8) * 50;
  }
  const candidates = rng.sample(ordered.filter((d) => d.deductible && weights.get(d)! >= 1), style === 'careful' ? rng.int(1, 4) : rng.int(1, 2));
  const cut = new Map<Draft, number>();
  for (let i = 0; i < candidates.length && deduct > 0; i++) {
    const d = candidates[i];
    const cap = Math.max(50, Math.floor((weights.get(d)! * 100 * 0.6) / 50) * 50);
    const take = i === candidates.length - 1 ? Math.min(deduct, cap) : Math.min(deduct, cap, rng.int(1, cap / 50) * 50);
    cut.set(d, take);
    deduct -= take;
  }

  return ordered.map((d) => {
    const met = !cut.has(d);
    const [l1, l2] = level(d.key);
    const { target, actual } = d.render(met);
    const weight = weights.get(d)!;
    return {
      level1: l1, level2: l2, level3: d.l3, target, actual, weight,
      score: weight * 100 - (cut.get(d) ?? 0),
      deviation: met ? (style === 'careful' && rng.chance(0.08) ? '超额完成年度目标' : '') : rng.pick(DEVIATION_REASONS[d.key] ?? DEVIATION_REASONS.数量),
      deductible: d.deductible,
    };
  });
}

/** The seed's pattern: generic rows, actual copied from target, every score full marks. */
function boilerplateIndicators(ctx: FormContext): Indicator[] {
  const { rng, year, scheme, template, budget } = ctx;
  const outs = template.outputs.map(parseSpec);
  const social = template.effects.map(parseSpec).find((e) => e.l2 === '社会');
  const rows: [L2Key, string, string, string][] = [
    ['数量', outs[0]?.l3 ?? template.name, '100%', rng.chance(0.5) ? '100%' : '覆盖率达到100%'],
    ['质量', outs[1]?.l3 ?? '质量达标率', '≧95%', rng.chance(0.6) ? '≧95%' : '100%'],
    ['时效', '完成时间', `${year}年全年`, `${year}年全年`],
    ['经济', '促进经济发展', '有所提升', '有所提升'],
    ['社会', social?.l3 ?? '社会效益', '效益显著', '效益显著'],
    ['生态', '生态环境改善情况', '有所改善', '有所改善'],
    ['可持续', template.goal, '持续', '持续'],
    ['满意', '受益对象满意度', '≧95%', rng.pick(['98%', '99%', '≧95%'])],
  ];
  const weightsByScheme: Record<Scheme['name'], number[]> = {
    A: [20, 20, 10, 10, 10, 5, 5, 10],
    B: [10, 10, 10, 10, 5, 5, 10, 10, 5, 5, 10],
    C: [15, 15, 10, 10, 10, 5, 5, 10, 10],
  };
  if (scheme.name !== 'A') rows.push(['经济成本', '预算批复金额', `${money(budget.full)}万元`, `${money(budget.full)}万元`]);
  if (scheme.name === 'B') {
    rows.push(['社会成本', '对社会发展可能造成的负面影响', '无', '无']);
    rows.push(['生态成本', '对自然生态环境造成的负面影响', '无', '无']);
  }
  const weights = weightsByScheme[scheme.name];
  return rows.map(([key, l3, target, actual], i) => {
    const [l1, l2] = level(key);
    return { level1: l1, level2: l2, level3: l3, target, actual, weight: weights[i], score: weights[i] * 100, deviation: '', deductible: !key.endsWith('成本') };
  });
}

/** The project's money for one year: adjustments, execution, and the 其中 parts when given. */
export function drawBudget(rng: Rng, base: number, style: Style, giveParts: boolean): Budget {
  let initial = rng.chance(0.5) ? cents(Math.max(1, Math.round(base))) : cents(base);
  let full: number;
  const r = rng.next();
  if (r < 0.03) {
    // Money added mid-year to a project with no 年初 budget (the seed's 编办专项: 0 → 25).
    full = initial;
    initial = 0;
  } else if (r < 0.07) {
    full = Math.round(initial * (1.3 + rng.next() * 0.5));
  } else if (r < 0.45 || style === 'boilerplate') {
    full = initial;
  } else {
    full = Math.round(initial * (0.92 + rng.next() * 0.23));
  }
  full = Math.max(full, 100);
  let rate: number;
  if (style === 'boilerplate') rate = 1;
  else if (style === 'light') rate = rng.chance(0.5) ? 1 : 1 - rng.next() * 0.1;
  else rate = rng.chance(0.25) ? 1 : 1 - 0.28 * rng.next() * rng.next();
  const executed = Math.min(full, Math.round(full * rate));
  let parts: Parts | null = null;
  if (giveParts) {
    const carry = rng.chance(0.3) ? 0.05 + rng.next() * 0.35 : 0;
    const other = rng.chance(0.15) ? 0.05 + rng.next() * 0.25 : 0;
    const split = (total: number) => splitCents(total, [carry, other]);
    const [ci, oi, ai] = split(initial);
    const [cf, of, af] = split(full);
    const [ce, oe, ae] = split(executed);
    parts = { appropriation: [ai, af, ae], carryover: [ci, cf, ce], other: [oi, of, oe] };
  }
  return { initial, full, executed, parts };
}

export interface FormIdentity {
  evalId: string;
  year: number;
  region: string;
  department: string;
  kind: FormKind;
  project: string;
}

/** Builds a clean form: every rule in faults.ts holds on it. */
export function buildForm(id: FormIdentity, ctx: FormContext): Form {
  const { rng, style, budget, template } = ctx;
  const execRate = rateBp(budget.executed, budget.full);
  const execScore = execScoreOf(execRate, EXEC_WEIGHT);
  const indicators = style === 'boilerplate' ? boilerplateIndicators(ctx) : quantifiedIndicators(ctx, execScore);
  const short = indicators.filter((i) => i.score < i.weight * 100);
  let goalActual: string;
  if (style === 'boilerplate') goalActual = rng.pick(['按时完成', '圆满按时完成', '已完成']);
  else if (short.length === 0) goalActual = `已完成年度目标：${indicators[0].level3}${indicators[0].actual}`;
  else goalActual = `基本完成年度目标，${short[0].level3}未达预期（${short[0].actual}）`;
  const form: Form = {
    ...id,
    // 实施单位 is a field of the project form (附件3) only; the 附件2 form has none.
    unit: id.kind === '项目' ? id.department : '',
    budgetInitial: budget.initial,
    budgetFull: budget.full,
    executed: budget.executed,
    parts: budget.parts,
    execWeight: EXEC_WEIGHT,
    execRate,
    execScore,
    totalScore: 0,
    goalTarget: template.goal,
    goalActual,
    reportScore: null,
    indicators,
    style,
  };
  settleTotal(form);
  if (rng.chance(0.85)) form.reportScore = form.totalScore;
  return form;
}

/** total = exec score + Σ indicator scores, as stated; the report restates it when it is given. */
export function settleTotal(form: Form): void {
  form.totalScore = form.execScore + form.indicators.reduce((s, i) => s + i.score, 0);
  if (form.reportScore !== null) form.reportScore = form.totalScore;
}
