// 附件1 经费控制情况: one line per department, year and item. Amounts carry over: this year's
// 上年决算数 is last year's 本年决算数 for the same item, and blank where nothing was reported.
import { cents } from './money';
import type { Rng } from './prng';

export interface SpendingLine {
  item: string;
  parent: string;
  /** null = not reported (the first year, or an item new this year). */
  prior: number | null;
  budget: number;
  final: number;
}

/** The project as 附件1 sees it: its 年初 budget and what was spent (= the form's 全年执行数). */
export interface ProjectMoney {
  name: string;
  budget: number;
  final: number;
}

/** A department's spending habits, drawn once so its years look like the same department. */
export interface SpendingProfile {
  staff: number;
  hasCars: boolean;
  travelsAbroad: boolean;
}

export interface SpendingMemory {
  /** Last year's 本年决算数 by item; null before the first generated year. */
  lastFinal: Map<string, number> | null;
  /** Projects that had a line last year (so a dropped one still shows once, as 0). */
  lastProjects: string[];
}

const frac = (rng: Rng, lo: number, hi: number) => lo + rng.next() * (hi - lo);

export function spendingLines(rng: Rng, profile: SpendingProfile, projects: ProjectMoney[], memory: SpendingMemory): SpendingLine[] {
  const { staff } = profile;
  const lines: SpendingLine[] = [];
  const add = (item: string, parent: string, budget: number, final: number) =>
    lines.push({ item, parent, prior: memory.lastFinal ? (memory.lastFinal.get(item) ?? null) : null, budget, final });

  // 三公经费 and its parts: parts drawn, sums computed, so every column adds up exactly.
  const carBuyBudget = rng.chance(0.08) ? cents(frac(rng, 12, 25)) : 0;
  const carBuyFinal = carBuyBudget > 0 && rng.chance(0.85) ? Math.round(carBuyBudget * frac(rng, 0.9, 1)) : 0;
  const carRunBudget = profile.hasCars ? cents(frac(rng, 1, 2 + staff * 0.08)) : 0;
  const carRunFinal = Math.round(carRunBudget * (rng.chance(0.05) ? frac(rng, 1, 1.12) : frac(rng, 0.6, 1)));
  const abroadBudget = profile.travelsAbroad && rng.chance(0.4) ? cents(frac(rng, 2, 8)) : 0;
  const abroadFinal = abroadBudget > 0 && rng.chance(0.6) ? Math.round(abroadBudget * frac(rng, 0.7, 1)) : 0;
  const receptionBudget = cents(frac(rng, 0.5, 1 + staff * 0.04));
  const receptionFinal = Math.round(receptionBudget * frac(rng, 0.4, 1));
  const carBudget = carBuyBudget + carRunBudget;
  const carFinal = carBuyFinal + carRunFinal;
  add('三公经费', '', carBudget + abroadBudget + receptionBudget, carFinal + abroadFinal + receptionFinal);
  add('公务用车购置和维护经费', '三公经费', carBudget, carFinal);
  add('公车购置', '公务用车购置和维护经费', carBuyBudget, carBuyFinal);
  add('公车运行维护', '公务用车购置和维护经费', carRunBudget, carRunFinal);
  add('出国经费', '三公经费', abroadBudget, abroadFinal);
  add('公务接待', '三公经费', receptionBudget, receptionFinal);

  // 项目支出: one line per project; a project dropped this year still shows once, at 0.
  const current = new Set(projects.map((p) => p.name));
  const dropped = memory.lastProjects.filter((n) => !current.has(n));
  const projectLines: ProjectMoney[] = [...projects, ...dropped.map((name) => ({ name, budget: 0, final: 0 }))];
  add('项目支出', '', projectLines.reduce((s, p) => s + p.budget, 0), projectLines.reduce((s, p) => s + p.final, 0));
  for (const p of projectLines) add(p.name, '项目支出', p.budget, p.final);

  // 公用经费 and its 其中 lines (the parts are a subset, not a partition, as on the seed).
  const publicBudget = cents(staff * frac(rng, 1.2, 2.5));
  const publicFinal = Math.round(publicBudget * frac(rng, 0.75, 1.05));
  add('公用经费', '', publicBudget, publicFinal);
  for (const [item, lo, hi] of [['办公经费', 0.15, 0.35], ['水费电费差旅费', 0.08, 0.2], ['会议费培训费', 0.02, 0.1]] as const) {
    add(item, '公用经费', Math.round(publicBudget * frac(rng, lo, hi)), Math.round(publicFinal * frac(rng, lo, hi)));
  }
  const procurement = cents(frac(rng, 2, 10 + staff * 0.3));
  add('政府采购金额', '', procurement, Math.round(procurement * frac(rng, 0.5, 1.3)));

  memory.lastFinal = new Map(lines.map((l) => [l.item, l.final]));
  memory.lastProjects = projects.map((p) => p.name);
  return lines;
}
