// What a workbench run gives back, and what the SQL view does with it: the quick chart's picks and
// series, the name of an export.
import type { Row } from '../../db/engine';
import type { ColumnKind, ExportTable } from '../../format/export-table';
import { MONEY, RATE, SCORE } from '../../db/schema';

/** Rows shown at most; one more is fetched to know that there were more. */
export const ROW_CAP = 100_000;

export interface ResultColumn {
  name: string;
  /** DuckDB type when known ('' for statements run as-is). */
  type: string;
  numeric: boolean;
}

export interface WorkbenchResult {
  columns: ResultColumn[];
  /** At most ROW_CAP rows. */
  rows: Row[];
  /** More than ROW_CAP rows: only the first ROW_CAP are in `rows`. */
  capped: boolean;
  /** Rows in the whole result (counted again when capped). */
  total: number;
  /** The last statement was a query proven read-only: it can be exported (re-run without the cap). */
  query: string | null;
  /** Some statement wrote (to the researcher's own tables): the schema may have changed. */
  wrote: boolean;
  statements: number;
  ms: number;
}


/** What one statement gives: a result without the run's totals. */
export type StatementResult = Omit<WorkbenchResult, 'statements' | 'ms'>;

export const NUMERIC_TYPE = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|DOUBLE|REAL|DECIMAL|NUMERIC|INT)/i;

/** Columns of rows a statement returned as-is (no DESCRIBE): numeric when the values are. */
export function columnsOfRows(rows: Row[]): ResultColumn[] {
  const names = rows.length > 0 ? Object.keys(rows[0]) : [];
  return names.map((name) => ({
    name,
    type: '',
    numeric: rows.length > 0 && rows.slice(0, 200).every((r) => r[name] == null || typeof r[name] === 'number' || typeof r[name] === 'bigint'),
  }));
}



/** A file name for a download: `query-20240501-153012.csv`. */
export function exportFileName(ext: 'csv' | 'xlsx' | 'parquet', now = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `query-${now.getFullYear()}${p(now.getMonth() + 1)}${p(now.getDate())}-${p(now.getHours())}${p(now.getMinutes())}${p(now.getSeconds())}.${ext}`;
}

/**
 * What a result column holds, for a workbook's cell types and formats, from its DuckDB type: the app's
 * money, rate and score types (db/schema.ts) as such, other numbers as figures, a year as a plain
 * whole number, everything else as text (ids stay text, leading zeros kept).
 */
export function resultColumnKind(c: Pick<ResultColumn, 'name' | 'type' | 'numeric'>): ColumnKind {
  const type = c.type.toUpperCase().replace(/\s+/g, '');
  if (type === MONEY) return 'money';
  if (type === RATE) return 'percent';
  if (type === SCORE || /^(DECIMAL|NUMERIC|DOUBLE|FLOAT|REAL)/.test(type)) return 'score';
  if (/INT/.test(type) || (type === '' && c.numeric)) return /^(year|年度)$/i.test(c.name) ? 'integer' : 'count';
  return 'text';
}

/** A result as an export table (the .xlsx writer's input), its columns named as DuckDB named them. */
export function resultExportTable(result: Pick<WorkbenchResult, 'columns'>, rows: Row[], file: string): ExportTable {
  return { name: 'query', file, columns: result.columns.map((c) => ({ key: c.name, header: c.name, kind: resultColumnKind(c) })), rows };
}

/** The columns of a result that can be drawn as a y axis. */
export function numericColumns(result: Pick<WorkbenchResult, 'columns' | 'rows'>): string[] {
  return result.columns
    .filter((c) => c.numeric || (c.type === '' && result.rows.slice(0, 200).every((r) => r[c.name] == null || !Number.isNaN(Number(r[c.name])))))
    .map((c) => c.name);
}

/**
 * Numeric columns that name rather than measure: years (年度), ids, sequence and line numbers. A
 * chart draws them on the x axis or splits by them; it does not sum them as a value.
 */
const LABEL_NAME = /^(year|年度|年份|.*_year|seq|.*_seq|id|.*_id|line|.*_line|rank.*)$/i;

/** True when `column` names things though its values are numbers: by its name, or because every value is a year. */
export function isLabelColumn(column: string, rows: readonly Row[]): boolean {
  if (LABEL_NAME.test(column)) return true;
  const values = rows.slice(0, 200).map((r) => r[column]).filter((v) => v != null);
  return values.length > 0 && values.every((v) => typeof v === 'number' && Number.isInteger(v) && v >= 1900 && v <= 2100);
}

export interface ChartPick {
  x: string;
  y: string;
  /** A column whose values become one series each, or null for a single series. */
  split: string | null;
}

/**
 * The quick chart's first picks for a result: along x the first text column (else the first label
 * column, else the first column), as the value the first numeric column that measures something
 * (never 年度 or an id when a measure exists), no split.
 */
export function chartDefaults(result: Pick<WorkbenchResult, 'columns' | 'rows'>): ChartPick {
  const numeric = numericColumns(result);
  const names = result.columns.map((c) => c.name);
  const labels = numeric.filter((c) => isLabelColumn(c, result.rows));
  const x = names.find((c) => !numeric.includes(c)) ?? labels[0] ?? names[0] ?? '';
  const y = numeric.find((c) => c !== x && !labels.includes(c)) ?? numeric.find((c) => c !== x) ?? numeric[0] ?? '';
  return { x, y, split: null };
}

/** The columns a chart can split series by: every column but its x and value. */
export function splitColumns(result: Pick<WorkbenchResult, 'columns' | 'rows'>, pick: Pick<ChartPick, 'x' | 'y'>): string[] {
  const numeric = numericColumns(result);
  return result.columns.map((c) => c.name).filter((c) => c !== pick.x && c !== pick.y && (!numeric.includes(c) || isLabelColumn(c, result.rows)));
}

export interface ChartSeries {
  /** The x values, in the order they first appear. */
  categories: string[];
  /** One series per split value (one named after the value column without a split), aligned with categories. */
  series: { name: string; values: (number | null)[] }[];
  /** Split values beyond the series shown. */
  more: number;
}

const label = (v: unknown) => (v == null ? 'NULL' : String(v));

/**
 * Rows as series for a chart: x values along the axis, one series per value of `split` (at most
 * `maxSeries`, in order of appearance). Rows that share an x and a split value add up; a value
 * that is not a number counts as missing. Drawing only: exact figures stay in the grid.
 */
export function chartSeries(rows: readonly Row[], pick: ChartPick, maxSeries = 12): ChartSeries {
  const categories: string[] = [];
  const at = new Map<string, number>();
  const names: string[] = [];
  const sums = new Map<string, (number | null)[]>();
  const all = new Set<string>();
  for (const r of rows) {
    const cat = label(r[pick.x]);
    if (!at.has(cat)) {
      at.set(cat, categories.length);
      categories.push(cat);
    }
    const name = pick.split ? label(r[pick.split]) : pick.y;
    all.add(name);
    if (!sums.has(name)) {
      if (names.length >= maxSeries) continue;
      names.push(name);
      sums.set(name, []);
    }
    const v = r[pick.y] == null ? NaN : Number(r[pick.y]);
    if (Number.isNaN(v)) continue;
    const values = sums.get(name)!;
    const i = at.get(cat)!;
    values[i] = (values[i] ?? 0) + v;
  }
  const series = names.map((name) => ({ name, values: categories.map((_, i) => sums.get(name)![i] ?? null) }));
  return { categories, series, more: all.size - names.length };
}
