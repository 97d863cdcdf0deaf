// The one filter object every view shares, and the one function that turns it into SQL. Values only
// ever travel as `?` parameters; the only text spliced into SQL is a table alias chosen by our own
// code (checked against a pattern) and one `?` per selected value.
import type { SqlParam } from '../../db/engine';
import { integer, join, list, raw, sql, type SqlFragment } from '../../db/sql';

export interface Filters {
  /** Evaluated years (`evaluations.year`, `spending.year` = the report year). */
  years?: number[];
  regions?: string[];
  /**
   * Form kind (`evaluations.kind`: 部门整体 / 项目). A department's own kind (行政/事业 …) is not in the
   * contract. Tables without a kind (spending, staffing) ignore this filter.
   */
  kinds?: string[];
  departments?: string[];
  /** Department kind as `department_kind()` reads it from the name: 党委部门 / 政府部门 / 乡镇街道 / 事业单位. */
  deptKinds?: string[];
}

export interface WhereOptions {
  /** Alias of the filtered table in the query; `e` (evaluations) by default. */
  alias?: string;
  /** Whether the table has a `kind` column (evaluations does; spending and staffing do not). */
  hasKind?: boolean;
  /**
   * A column of `alias` that already holds `department_kind(department)` (the cached tables of
   * cache.ts materialise it as `dept_kind`); without it the macro runs on every row.
   */
  deptKindColumn?: string;
}

const ALIAS = /^[a-z_][a-z0-9_]*$/;

/**
 * `filters` as a WHERE fragment over `alias`. An absent or empty list means "no constraint" (the URL
 * leaves out what is not chosen). Every condition is `alias.column IN (?, ?, …)`, a year as an INTEGER (integer()).
 */
export function filterWhere(filters: Filters = {}, options: WhereOptions = {}): SqlFragment {
  const alias = options.alias ?? 'e';
  if (!ALIAS.test(alias)) throw new Error(`bad table alias: ${alias}`);
  if (options.deptKindColumn != null && !ALIAS.test(options.deptKindColumn)) throw new Error(`bad column: ${options.deptKindColumn}`);
  const hasKind = options.hasKind ?? alias === 'e';
  const parts: SqlFragment[] = [];
  const add = (column: string, values: readonly SqlParam[] | undefined) => {
    if (values && values.length > 0) parts.push(sql`${raw(`${alias}.${column}`)} IN (${list(values)})`);
  };
  if (filters.years?.some((y) => !Number.isInteger(y))) throw new Error('years must be integers');
  if (filters.years && filters.years.length > 0) parts.push(sql`${raw(`${alias}.year`)} IN (${join(filters.years.map(integer))})`);
  add('region', filters.regions);
  if (hasKind) add('kind', filters.kinds);
  add('department', filters.departments);
  if (filters.deptKinds && filters.deptKinds.length > 0) {
    const kind = options.deptKindColumn ? `${alias}.${options.deptKindColumn}` : `department_kind(${alias}.department)`;
    parts.push(sql`${raw(kind)} IN (${list(filters.deptKinds)})`);
  }
  return parts.length ? join(parts, ' AND ') : raw('TRUE');
}
