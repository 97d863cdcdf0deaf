// What a workbench run gives back, and what the SQL view does with it: the columns that can be drawn,
// the name of an export.
import type { Row } from '../../db/engine';

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
export function exportFileName(ext: 'csv' | 'parquet', now = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `query-${now.getFullYear()}${p(now.getMonth() + 1)}${p(now.getDate())}-${p(now.getHours())}${p(now.getMinutes())}${p(now.getSeconds())}.${ext}`;
}

/** The columns of a result that can be drawn as a y axis. */
export function numericColumns(result: Pick<WorkbenchResult, 'columns' | 'rows'>): string[] {
  return result.columns
    .filter((c) => c.numeric || (c.type === '' && result.rows.slice(0, 200).every((r) => r[c.name] == null || !Number.isNaN(Number(r[c.name])))))
    .map((c) => c.name);
}
