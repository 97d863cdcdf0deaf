// 三公经费 (附件1): the total and its three parts, as each department reports them — never derived
// from the parts, and a blank cell stays NULL (not reported), so a sum over nothing is NULL, not 0.
// Spending has no form kind: the filter applies by year, region and department only.
import type { Engine } from '../../db/engine';
import { withViewCache } from './cache-state';
import { ratioSql } from './execution';
import { filterWhere, spendingWhere, type Filters, type SqlFragment } from './filters';

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

/** The twelve measure columns: the total's (no prefix) and each part's prior_final, budget, final. */
const MEASURES = ['', ...SANGONG_PARTS.map(([p]) => `${p}_`)].flatMap((prefix) =>
  ['prior_final', 'budget', 'final'].map((m) => `${prefix}${m}`),
);

/** Sums of the total (no prefix) and of each part, for the rows of one group. */
export function sangongMeasures(): string {
  const cols = (prefix: string, item: string) =>
    (['prior_final', 'budget', 'final'] as const)
      .map((m) => `sum(s.${m}) FILTER (WHERE s.item = '${item}') AS ${prefix}${m}`)
      .join(',\n      ');
  return [cols('', SANGONG), ...SANGONG_PARTS.map(([p, item]) => cols(`${p}_`, item))].join(',\n      ');
}

/** The spending lines that are 三公经费 or one of its parts (alias `s`). */
export const SANGONG_ITEMS_SQL = `s.item IN ('${SANGONG}', ${SANGONG_PARTS.map(([, i]) => `'${i}'`).join(', ')})`;

/** The filter over sangong_facts (cache.ts): spending's, with the department kind read from its column. */
export function sangongFactsWhere(filters: Filters): SqlFragment {
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
export async function sangongTrend(engine: Engine, filters: Filters): Promise<SangongTrendRow[]> {
  return withViewCache(
    engine,
    () => {
      const w = sangongFactsWhere(filters);
      return engine.query<SangongTrendRow>(
        `SELECT s.year, count(DISTINCT s.dkey) FILTER (WHERE s.has_total) AS departments,
           ${MEASURES.map((m) => `sum(s.${m}) AS ${m}`).join(', ')}
         FROM sangong_facts s
         WHERE ${w.sql}
         GROUP BY s.year
         ORDER BY s.year`,
        w.params,
      );
    },
    () => {
      const w = spendingWhere(filters, 's');
      const sql = `
    SELECT s.year,
      count(DISTINCT (coalesce(s.region, ''), s.department)) FILTER (WHERE s.item = '${SANGONG}') AS departments,
      ${sangongMeasures()}
    FROM spending s
    WHERE ${SANGONG_ITEMS_SQL} AND ${w.sql}
    GROUP BY s.year
    ORDER BY s.year`;
      return engine.query<SangongTrendRow>(sql, w.params);
    },
  );
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

/** The per-department rows `d` (from spending, or from sangong_facts when `cached`) and their change. */
function byDepartmentSql(where: string, cached: boolean): string {
  const d = cached
    ? `SELECT s.year, s.region, s.department, ${MEASURES.map((m) => `s.${m}`).join(', ')}
      FROM sangong_facts s
      WHERE ${where}`
    : `SELECT s.year, s.region, s.department,
        ${sangongMeasures()}
      FROM spending s
      WHERE ${SANGONG_ITEMS_SQL} AND ${where}
      GROUP BY s.year, s.region, s.department`;
  return `
    WITH d AS (
      ${d}
    )
    SELECT d.year, d.region, d.department, d.prior_final, d.budget, d.final,
      d.final - d.prior_final AS change,
      ${ratioSql('d.final - d.prior_final', 'd.prior_final')} AS change_ratio,
      ${SANGONG_PARTS.flatMap(([p]) => ['prior_final', 'budget', 'final'].map((m) => `d.${p}_${m}`)).join(', ')}
    FROM d`;
}

/** byDepartmentSql over the view cache when the engine has one, followed by `rest`. */
function byDepartment(engine: Engine, filters: Filters, rest: string, extra: (string | number)[] = []): Promise<SangongDepartmentRow[]> {
  return withViewCache(
    engine,
    () => {
      const w = sangongFactsWhere(filters);
      return engine.query<SangongDepartmentRow>(`${byDepartmentSql(w.sql, true)}${rest}`, [...w.params, ...extra]);
    },
    () => {
      const w = spendingWhere(filters, 's');
      return engine.query<SangongDepartmentRow>(`${byDepartmentSql(w.sql, false)}${rest}`, [...w.params, ...extra]);
    },
  );
}

/** Per department and year: the 三公经费 line, its change on the previous year, and the parts. */
export async function sangongByDepartment(engine: Engine, filters: Filters): Promise<SangongDepartmentRow[]> {
  return byDepartment(engine, filters, `
    ORDER BY d.year, d.region NULLS FIRST, d.department`);
}

/** Departments (per year) whose 三公经费 final rose above the previous year's final, largest rise first. */
export async function sangongRisers(engine: Engine, filters: Filters, limit = 20): Promise<SangongDepartmentRow[]> {
  if (!Number.isInteger(limit) || limit < 0) throw new Error(`bad limit: ${limit}`);
  return byDepartment(engine, filters, `
    WHERE d.final > d.prior_final
    ORDER BY change DESC, change_ratio DESC NULLS LAST, d.year, d.region NULLS FIRST, d.department
    LIMIT ?`, [limit]);
}
