// One department over the years: which projects it runs, its forms, its 附件1 lines and its staff.
// Everything a department does is drawn from its own random stream, so adding a department or a
// county elsewhere never changes this one's numbers.
import { GENERIC_PROJECTS, type ProjectTemplate } from './catalog';
import type { County, Department } from './county';
import type { FaultPlanter } from './faults';
import { buildForm, drawBudget, SCHEMES, type Form, type Scheme, type Style } from './forms';
import { cents } from './money';
import type { Rng } from './prng';
import { spendingLines, type SpendingLine, type SpendingMemory, type SpendingProfile } from './spending';

export interface DeptYear {
  year: number;
  forms: Form[];
  spending: SpendingLine[];
  staffing: { authorized: number; actual: number };
}

export interface DeptShape {
  /** Projects evaluated per department and year, drawn in this range. */
  projects: [number, number];
}

interface PoolProject {
  template: ProjectTemplate;
  /** P01, P02 …: stable across years, so a project keeps its eval_id suffix. */
  number: number;
  base: number;
  giveParts: boolean;
}

function styleFor(rng: Rng, dept: Department): Style {
  if (dept.behaviour === 'careful') return 'careful';
  if (dept.behaviour === 'boilerplate') return 'boilerplate';
  return rng.chance(0.5) ? 'boilerplate' : 'light';
}

function schemeFor(rng: Rng, dept: Department): Scheme {
  // Boilerplate departments mostly use the seed's 30/30/10/20 form; careful ones mostly 50/30/10.
  const r = rng.next();
  if (dept.behaviour === 'boilerplate') return r < 0.7 ? SCHEMES.B : r < 0.85 ? SCHEMES.A : SCHEMES.C;
  return r < 0.55 ? SCHEMES.A : r < 0.75 ? SCHEMES.B : SCHEMES.C;
}

/** The department form reads like a project form whose "project" is the department's whole job. */
function departmentTemplate(dept: Department): ProjectTemplate {
  const t = dept.template;
  return {
    name: '部门整体支出',
    goal: t.duty,
    budget: [0, 0],
    outputs: ['数量|完成年度重点工作任务|≥|项|8-25', '质量|重点工作任务完成率|≥|%|90-100', '质量|“三公”经费控制率|≤|%|100-100'],
    effects: [t.effect, '可持续|内部管理制度健全性|~|健全'],
    satisfaction: '服务对象满意度',
  };
}

export function generateDepartment(
  rng: Rng,
  county: County,
  dept: Department,
  years: number[],
  shape: DeptShape,
  planter: FaultPlanter,
): DeptYear[] {
  const own = dept.template.projects;
  const extra = dept.kind === '乡镇' ? [] : rng.sample(GENERIC_PROJECTS, rng.int(own.length >= 4 ? 0 : 2, 4));
  const pool: PoolProject[] = [...own, ...extra].map((template, i) => ({
    template,
    number: i + 1,
    base: template.budget[0] + rng.next() * (template.budget[1] - template.budget[0]),
    giveParts: rng.chance(0.7),
  }));
  const staffBase = rng.int(dept.template.staff[0], dept.template.staff[1]);
  const profile: SpendingProfile = { staff: staffBase, hasCars: rng.chance(0.6), travelsAbroad: rng.chance(0.1) };
  const memory: SpendingMemory = { lastFinal: null, lastProjects: [] };
  let scheme = schemeFor(rng, dept);
  let active: PoolProject[] = [];
  /** Last year's clean form per project name: the only forms a year-copy may copy. */
  let lastClean = new Map<string, Form>();
  const out: DeptYear[] = [];

  for (const year of years) {
    if (rng.chance(0.1)) scheme = schemeFor(rng, dept); // a new form template from the finance bureau
    const wanted = Math.min(pool.length, rng.int(shape.projects[0], shape.projects[1]));
    const kept = active.filter(() => rng.chance(0.85));
    const fresh = rng.sample(pool.filter((p) => !kept.includes(p)), Math.max(0, wanted - kept.length));
    active = pool.filter((p) => kept.includes(p) || fresh.includes(p)); // pool order: stable output

    const forms: Form[] = [];
    const clean = new Map<string, Form>();
    for (const p of active) {
      p.base *= 0.9 + rng.next() * 0.25;
      const style = styleFor(rng, dept);
      const budget = drawBudget(rng, p.base, style, p.giveParts);
      const form = buildForm(
        { evalId: `${county.code}-${year}-${dept.code}-P${String(p.number).padStart(2, '0')}`, year, region: county.region, department: dept.name, kind: '项目', project: p.template.name },
        { rng, year, scheme, style, template: p.template, budget, costLabel: '项目预算控制数' },
      );
      const fault = planter.plantForm(rng, form, lastClean.get(p.template.name) ?? null);
      if (!fault) clean.set(p.template.name, form);
      forms.push(form);
    }

    // The department form: basic expenditure (salaries, running costs) plus every project.
    const staff = Math.max(3, staffBase + rng.int(-2, 2));
    const basicInitial = cents(staff * (12 + rng.next() * 8));
    const basicFull = Math.round(basicInitial * (1 + rng.next() * 0.08));
    const style = styleFor(rng, dept);
    const basicExecuted = style === 'boilerplate' ? basicFull : Math.round(basicFull * (0.96 + rng.next() * 0.04));
    const deptBudget = {
      initial: basicInitial + forms.reduce((s, f) => s + f.budgetInitial, 0),
      full: basicFull + forms.reduce((s, f) => s + f.budgetFull, 0),
      executed: basicExecuted + forms.reduce((s, f) => s + f.executed, 0),
      parts: null,
    };
    const deptForm = buildForm(
      { evalId: `${county.code}-${year}-${dept.code}-D00`, year, region: county.region, department: dept.name, kind: '部门整体', project: '' },
      { rng, year, scheme, style, template: departmentTemplate(dept), budget: deptBudget, costLabel: '部门预算控制数' },
    );
    planter.plantForm(rng, deptForm, null);

    const spending = spendingLines(rng, profile, forms.map((f) => ({ name: f.project, budget: f.budgetInitial, final: f.executed })), memory);
    planter.plantSpending(rng, spending, county.region, dept.name, year);

    const authorized = staffBase;
    out.push({ year, forms: [deptForm, ...forms], spending, staffing: { authorized, actual: Math.min(authorized + 1, staff) } });
    lastClean = clean;
  }
  return out;
}
