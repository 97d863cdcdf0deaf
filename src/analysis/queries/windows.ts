// The forms ranking a window at a time, for a list that scrolls over all of it (a province holds
// ~110,000 forms): how many forms it holds, and the rows from one position to another.
//
// The window is a LIMIT/OFFSET of the export's own query, so the list and the export can never
// disagree on the order; DuckDB computes the ranking once per window either way.
import type { Engine } from '../../db/engine';
import { formsExportSql, rankedFormsSql, type FindingFilters, type FormExportRow, type RankedForm } from './findings-views';
import type { Filters } from './filters';

export type RankedFormRow = Omit<RankedForm, 'total'>;

/** How many forms match `filters` and `ff` (a form with a hit of that rule/severity). */
export async function rankedFormsCount(engine: Engine, filters: Filters, ff: FindingFilters = {}): Promise<number> {
  const q = rankedFormsSql(filters, ff);
  const [row] = await engine.query<{ n: number }>(`SELECT CAST(count(*) AS INTEGER) AS n FROM (${q.sql}) r`, q.params);
  return row.n;
}

/** The forms at positions offset … offset + limit − 1 of the ranking (highest score first). */
export async function rankedFormsWindow(
  engine: Engine, filters: Filters, ff: FindingFilters, offset: number, limit: number,
): Promise<RankedFormRow[]> {
  for (const n of [offset, limit]) if (!Number.isInteger(n) || n < 0) throw new Error(`bad window: ${offset}, ${limit}`);
  const q = formsExportSql(filters, ff);
  const rows = await engine.query<FormExportRow>(`${q.sql} LIMIT ? OFFSET ?`, [...q.params, limit, offset]);
  // The export joins the rule ids with 、, which no rule id contains; DuckDB joins an empty list
  // to NULL, though the export's type says string.
  return rows.map((r) => ({ ...r, hits: r.hits ? r.hits.split('、') : [] }));
}
