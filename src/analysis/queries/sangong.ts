// 三公经费 (附件1): the total and its three parts, as each department reports them — never derived
// from the parts, and a blank cell stays NULL (not reported), so a sum over nothing is NULL, not 0.
// Spending has no form kind: the filter applies by year, region and department only.
import type { Engine } from '../../db/engine';
import { ratioSql } from './execution';
import { spendingWhere, type Filters } from './filters';

export const SANGONG = '三公经费';
/** The parts, with the column prefix each gets in the rows below. */
export const SANGONG_PARTS = [
  ['car', '公务用车购置和维护经费'],
  ['abroad', '出国经费'],
  ['reception', '公务接待'],
] as const;

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

/** Sums of the total (no prefix) and of each part, for the rows of one group. */
function measures(): string {
  const cols = (prefix: string, item: string) =>
    (['prior_final', 'budget', 'final'] as const)
      .map((m) => `sum(s.${m}) FILTER (WHERE s.item = '${item}') AS ${prefix}${m}`)
      .join(',\n      ');
  return [cols('', SANGONG), ...SANGONG_PARTS.map(([p, item]) => cols(`${p}_`, item))].join(',\n      ');
}

const ITEMS = `s.item IN ('${SANGONG}', ${SANGONG_PARTS.map(([, i]) => `'${i}'`).join(', ')})`;

export interface SangongTrendRow extends SangongParts {
  year: number;
  /** Departments with a 三公经费 line that year. */
  departments: number;
  prior_final: Money;
  budget: Money;
  final: Money;
}

/** Per year: Σ of the 三公经费 lines and of each part (prior_final = the previous year's final). */
export async function sangongTrend(engine: Engine, filters: Filters): Promise<SangongTrendRow[]> {
  const w = spendingWhere(filters, 's');
  const sql = `
    SELECT s.year,
      count(DISTINCT (coalesce(s.region, ''), s.department)) FILTER (WHERE s.item = '${SANGONG}') AS departments,
      ${measures()}
    FROM spending s
    WHERE ${ITEMS} AND ${w.sql}
    GROUP BY s.year
    ORDER BY s.year`;
  return engine.query<SangongTrendRow>(sql, w.params);
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

function byDepartmentSql(where: string): string {
  return `
    WITH d AS (
      SELECT s.year, s.region, s.department,
        ${measures()}
      FROM spending s
      WHERE ${ITEMS} AND ${where}
      GROUP BY s.year, s.region, s.department
    )
    SELECT d.year, d.region, d.department, d.prior_final, d.budget, d.final,
      d.final - d.prior_final AS change,
      ${ratioSql('d.final - d.prior_final', 'd.prior_final')} AS change_ratio,
      ${SANGONG_PARTS.flatMap(([p]) => ['prior_final', 'budget', 'final'].map((m) => `d.${p}_${m}`)).join(', ')}
    FROM d`;
}

/** Per department and year: the 三公经费 line, its change on the previous year, and the parts. */
export async function sangongByDepartment(engine: Engine, filters: Filters): Promise<SangongDepartmentRow[]> {
  const w = spendingWhere(filters, 's');
  const sql = `${byDepartmentSql(w.sql)}
    ORDER BY d.year, d.region NULLS FIRST, d.department`;
  return engine.query<SangongDepartmentRow>(sql, w.params);
}

/** Departments (per year) whose 三公经费 final rose above the previous year's final, largest rise first. */
export async function sangongRisers(engine: Engine, filters: Filters, limit = 20): Promise<SangongDepartmentRow[]> {
  if (!Number.isInteger(limit) || limit < 0) throw new Error(`bad limit: ${limit}`);
  const w = spendingWhere(filters, 's');
  const sql = `${byDepartmentSql(w.sql)}
    WHERE d.final > d.prior_final
    ORDER BY change DESC, change_ratio DESC NULLS LAST, d.year, d.region NULLS FIRST, d.department
    LIMIT ?`;
  return engine.query<SangongDepartmentRow>(sql, [...w.params, limit]);
}
