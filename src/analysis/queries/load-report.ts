// What is loaded: the numbers on the data page and the CLI's table counts, straight from SQL.
import type { Engine } from '../../db/engine';

export interface LoadedCounts {
  /** Distinct departments over forms, spending and staffing. */
  departments: number;
  /** Evaluation forms (rows of `evaluations`). */
  forms: number;
  indicators: number;
  /** Spending-control lines (rows of `spending`). */
  spending: number;
}

export async function loadedCounts(engine: Engine): Promise<LoadedCounts> {
  const [row] = await engine.query<LoadedCounts>(`
    SELECT
      (SELECT count(*) FROM (
        SELECT department FROM evaluations UNION SELECT department FROM spending
        UNION SELECT department FROM staffing)) AS departments,
      (SELECT count(*) FROM evaluations) AS forms,
      (SELECT count(*) FROM indicators) AS indicators,
      (SELECT count(*) FROM spending) AS spending`);
  return row;
}

export interface RejectedRow {
  file: string;
  line: number | null;
  reason: string;
}

/** The first `limit` rejected rows (by file and line) and how many there are in all. */
export async function rejectedRows(engine: Engine, limit = 500): Promise<{ rows: RejectedRow[]; total: number }> {
  const rows = await engine.query<RejectedRow>(
    `SELECT file, line, reason FROM rejected_rows ORDER BY file, line NULLS FIRST, rowid LIMIT ?`,
    [limit],
  );
  const [{ total }] = await engine.query<{ total: number }>(`SELECT count(*) AS total FROM rejected_rows`);
  return { rows, total };
}

/** Rows loaded per table. */
export async function tableCounts(engine: Engine): Promise<Record<string, number>> {
  const rows = await engine.query<{ t: string; n: number }>(`
    SELECT 'evaluations' AS t, count(*)::INTEGER AS n FROM evaluations
    UNION ALL SELECT 'indicators', count(*)::INTEGER FROM indicators
    UNION ALL SELECT 'spending', count(*)::INTEGER FROM spending
    UNION ALL SELECT 'staffing', count(*)::INTEGER FROM staffing`);
  return Object.fromEntries(rows.map((r) => [r.t, r.n]));
}
