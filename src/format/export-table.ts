// A table as every export writes it (CSV, .xlsx): columns that say what they hold, and the rows.
// The views, the SQL workbench and the CLI hand one of these to the writers; the kind decides the
// cell type and number format in a workbook.
import { csvBytes } from './csv';

/**
 * What a column holds: money in 万元, a ratio shown as a percentage, a score, a count, a whole number
 * shown without grouping (a year), free text, or an id (text however digit-like: "0012", 18-digit codes).
 */
export type ColumnKind = 'money' | 'percent' | 'score' | 'count' | 'integer' | 'text' | 'id';

export interface ExportColumn {
  /** The row's property. */
  key: string;
  /** The header as the user reads it, units included ("全年预算数（万元）"). */
  header: string;
  kind: ColumnKind;
}

/** One table to export: its columns and rows, and what to call it (a sheet name, a file name). */
export interface ExportTable {
  name: string;
  /** The file's name without extension, when it is not `name`. */
  file?: string;
  columns: ExportColumn[];
  rows: Record<string, unknown>[];
}

/** The table as Excel-safe CSV (BOM, CRLF, formula guard). */
export function tableCsvBytes(table: ExportTable): Uint8Array {
  return csvBytes(table.columns.map((c) => c.key), table.rows, table.columns.map((c) => c.header));
}
