// A table's columns as every table shows them and every export writes them (CSV, .xlsx): each
// column says what it holds, and its kind decides the unit in its header (money: 「（万元）」), the
// format of its cells on screen (number.ts formatCell) and the cell type and number format in a
// workbook. The views' heads (ColumnHeads), the exports of the views, the SQL workbench and the CLI
// read these; a table is defined once, as a list of TableColumn.
import { csvBytes } from './csv';
import { translate, type Key, type Lang } from './i18n';

/**
 * What a column holds: money in 万元, a ratio shown as a percentage, a score, a count, a whole number
 * shown without grouping (a year), free text, or an id (text however digit-like: "0012", 18-digit codes).
 */
export type ColumnKind = 'money' | 'percent' | 'score' | 'count' | 'integer' | 'text' | 'id';

/** Kinds shown as figures: right-aligned with tabular digits (app.css th.num, td.num). */
export const FIGURE_KINDS: ReadonlySet<ColumnKind> = new Set(['money', 'percent', 'score', 'count', 'integer']);

/** One column of a table: the row property, its label (a message key, or text the view composed), its kind. */
export interface TableColumn {
  key: string;
  label: Key | { text: string };
  kind: ColumnKind;
  /** A header click sorts the table by `key`. */
  sortable?: boolean;
  /** Written by the export only: what the screen shows within another cell (an id behind a link, a count in brackets). */
  exportOnly?: boolean;
}

/** A column, as the tables' lists write it. */
export const col = (key: string, label: TableColumn['label'], kind: ColumnKind = 'text'): TableColumn => ({ key, label, kind });

/** The columns a table's head shows (not the export-only ones). */
export const shownColumns = (columns: readonly TableColumn[]): TableColumn[] => columns.filter((c) => !c.exportOnly);

/** The header as the user reads it: the label, and for money the unit: 全年预算数（万元）, Budget (10k yuan). */
export function columnHeader(lang: Lang, c: Pick<TableColumn, 'label' | 'kind'>): string {
  const label = typeof c.label === 'string' ? translate(lang, c.label) : c.label.text;
  return c.kind === 'money' ? label + translate(lang, 'common.paren', { text: translate(lang, 'common.unit.money') }) : label;
}

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

/** A table's columns and rows as an export, headers in `lang`. */
export function exportTable(lang: Lang, name: string, columns: readonly TableColumn[], rows: Record<string, unknown>[], file?: string): ExportTable {
  return { name, file, columns: columns.map((c) => ({ key: c.key, header: columnHeader(lang, c), kind: c.kind })), rows };
}

/** The table as Excel-safe CSV (BOM, CRLF, formula guard). */
export function tableCsvBytes(table: ExportTable): Uint8Array {
  return csvBytes(table.columns.map((c) => c.key), table.rows, table.columns.map((c) => c.header));
}
