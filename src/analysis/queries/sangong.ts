// 三公经费 (附件1): the total and its three parts, as each department reports them — never derived
// from the parts, and a blank cell stays NULL (not reported), so a sum over nothing is NULL, not 0.
// The lines are sangong_lines (derived/sangong-lines.ts), the ones the 三公 rules read, summed per
// department and year in sangong_facts (cache.ts). Spending has no form kind: the filter applies by
// year, region, department and the department's kind only.
import type { Engine } from '../../db/engine';
import { raw, sql, type SqlFragment } from '../../db/sql';
import { ratioSql } from '../rules/sql';
import { filterWhere, type Filters } from './filters';

/**
 * The parts, by their sangong_lines role, which is also the column prefix each gets in the rows below:
 * 公务用车购置和维护经费, 出国经费, 公务接待.
 */
const SANGONG_PARTS = ['car', 'abroad', 'reception'] as const;

type Money = string | null;

export interface SangongParts {
  car_prior_final: Money;
  car_budget: Money;
  car_final: Money;
  abroad_prior_final: Money;
  abroad_budget: Money;
  abroad_final: Money;
  reception_prior_final: Money;
  reception_budget: Money;
  reception_final: Money;
}

const AMOUNTS = ['prior_final', 'budget', 'final'] as const;
const ROLES = [['', 'total'], ...SANGONG_PARTS.map((role) => [`${role}_`, role] as const)] as const;

/** The twelve measure columns: the total's (no prefix) and each part's prior_final, budget, final. */
const MEASURES = ROLES.flatMap(([prefix]) => AMOUNTS.map((m) => `${prefix}${m}`));

/** Sums of the total (no prefix) and of each part over the sangong_lines `s` of one group (sangong_facts). */
export const SANGONG_MEASURES = ROLES.flatMap(([prefix, role]) =>
  AMOUNTS.map((m) => `sum(s.${m}) FILTER (WHERE s.role = '${role}') AS ${prefix}${m}`),
).join(',\n    ');

/** The filter over sangong_facts: the department kind is a column there. */
function sangongWhere(filters: Filters): SqlFragment {
  return filterWhere(filters, { alias: 's', hasKind: false, deptKindColumn: 'dept_kind' });
}

export interface SangongTrendRow extends SangongParts {
  year: number;
  /** Departments with a 三公经费 line that year. */
  departments: number;
  prior_final: Money;
  budget: Money;
  final: Money;
}

/** Per year: Σ of the 三公经费 lines and of each part (prior_final = the previous year's final). */
export function sangongTrend(engine: Engine, filters: Filters): Promise<SangongTrendRow[]> {
  const q = sql`
    SELECT s.year, count(DISTINCT s.dkey) FILTER (WHERE s.has_total) AS departments,
      ${raw(MEASURES.map((m) => `sum(s.${m}) AS ${m}`).join(', '))}
    FROM sangong_facts s
    WHERE ${sangongWhere(filters)}
    GROUP BY s.year
    ORDER BY s.year`;
  return engine.query<SangongTrendRow>(q.sql, q.params);
}

export interface SangongDepartmentRow extends SangongParts {
  year: number;
  region: string | null;
  department: string;
  prior_final: Money;
  budget: Money;
  final: Money;
  /** final − prior_final; NULL when either is NULL. */
  change: Money;
  /** change / prior_final, 6 places; NULL when prior_final is 0 or NULL. */
  change_ratio: Money;
}

/** The per-department rows `d` of sangong_facts within the filters and their change, followed by `rest`. */
function byDepartment(engine: Engine, filters: Filters, rest: SqlFragment): Promise<SangongDepartmentRow[]> {
  const q = sql`
    WITH d AS (
      SELECT s.year, s.region, s.department, ${raw(MEASURES.map((m) => `s.${m}`).join(', '))}
      FROM sangong_facts s
      WHERE ${sangongWhere(filters)}
    )
    SELECT d.year, d.region, d.department, d.prior_final, d.budget, d.final,
      d.final - d.prior_final AS change,
      ${ratioSql('d.final - d.prior_final', 'd.prior_final')} AS change_ratio,
      ${raw(SANGONG_PARTS.flatMap((p) => AMOUNTS.map((m) => `d.${p}_${m}`)).join(', '))}
    FROM d
    ${rest}`;
  return engine.query<SangongDepartmentRow>(q.sql, q.params);
}

/** Per department and year: the 三公经费 line, its change on the previous year, and the parts. */
export function sangongByDepartment(engine: Engine, filters: Filters): Promise<SangongDepartmentRow[]> {
  return byDepartment(engine, filters, sql`ORDER BY d.year, d.region NULLS FIRST, d.department`);
}

/** Departments (per year) whose 三公经费 final rose above the previous year's final, largest rise first. */
export function sangongRisers(engine: Engine, filters: Filters, limit = 20): Promise<SangongDepartmentRow[]> {
  if (!Number.isInteger(limit) || limit < 0) throw new Error(`bad limit: ${limit}`);
  return byDepartment(engine, filters, sql`
    WHERE d.final > d.prior_final
    ORDER BY change DESC, change_ratio DESC NULLS LAST, d.year, d.region NULLS FIRST, d.department
    LIMIT ${limit}`);
}

export interface SangongChangeRow {
  year: number;
  /** Σ 三公经费 本年决算数 and Σ 上年决算数 over the departments reporting that year (as sangongTrend). */
  final: string | null;
  prior_final: string | null;
  /** final − prior_final over departments reporting both; NULL when none does. */
  change: string | null;
  /** change / Σ prior_final of those departments, 6 places. */
  change_ratio: string | null;
}

/**
 * Year-on-year change of the 三公经费 total. The change compares like with like: only lines with both
 * a final and a prior final count towards `change` and `change_ratio`. sangong_facts keeps, per
 * department and year, Σ(final − prior_final) and Σ prior_final over the total's lines with a final:
 * the sums of those sums are the sums over the lines.
 */
export function sangongChange(engine: Engine, filters: Filters): Promise<SangongChangeRow[]> {
  const q = sql`
    SELECT s.year, sum(s.final) AS final, sum(s.prior_final) AS prior_final,
      sum(s.total_change) AS change,
      ${ratioSql('sum(s.total_change)', 'sum(s.total_prior_both)')} AS change_ratio
    FROM sangong_facts s
    WHERE s.has_total AND ${sangongWhere(filters)}
    GROUP BY s.year
    ORDER BY s.year`;
  return engine.query<SangongChangeRow>(q.sql, q.params);
}
