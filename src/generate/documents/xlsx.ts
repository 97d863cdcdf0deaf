// Grids → a workbook (.xlsx, or legacy .xls as BIFF8) through SheetJS: one sheet per grid, the
// grid's caption lines as title rows merged across the table (a workbook has no text outside its
// cells), spans as merges, and decimals as numeric cells under a format that shows them as written.
import Decimal from 'decimal.js';
import * as XLSX from '@e965/xlsx';
import type { Grid } from '../../ingest/documents/grid';

/** A plain decimal as people write money and rates: no leading zeros, no exponent, no grouping. */
const DECIMAL = /^-?(?:0|[1-9]\d*)(?:\.(\d+))?(%?)$/;

/**
 * A numeric cell for text that is a decimal of at most 15 significant digits (what a double holds
 * exactly, so the reader recovers the same decimal), with a format that shows the text's own
 * decimals ("183.50" stays "183.50", "98.50%" is 0.985 under 0.00%). Anything else stays text.
 */
export function numericCell(text: string): XLSX.CellObject | null {
  const m = DECIMAL.exec(text);
  if (!m) return null;
  const shown = new Decimal(text.replace('%', ''));
  if (shown.isZero() && text.startsWith('-')) return null;
  const value = m[2] ? shown.div(100) : shown;
  if (value.precision(true) > 15) return null;
  const places = m[1]?.length ?? 0;
  // The one place a decimal becomes a binary number: the file format stores doubles, and a decimal
  // of ≤ 15 significant digits survives the trip (the reader rounds back at 15 digits).
  const v = Number(value.toFixed());
  return { t: 'n', v, z: `0${places ? '.' + '0'.repeat(places) : ''}${m[2]}` };
}

/** The grid as a sheet would hold it: caption lines become rows merged across the table above it. */
export function withCaptionRows(grid: Grid): Grid {
  const width = Math.max(grid.cols, 1);
  const top = grid.caption.length;
  return {
    ...grid,
    caption: [],
    rows: grid.rows + top,
    cols: width,
    cells: [
      ...grid.caption.map((text, row) => ({ text, row, col: 0, rowSpan: 1, colSpan: width, address: '' })),
      ...grid.cells.map((c) => ({ ...c, row: c.row + top })),
    ],
  };
}

/** Excel's rules for sheet names: ≤ 31 characters, none of []:*?/\, unique regardless of case. */
function sheetName(wanted: string, taken: Set<string>): string {
  const base = wanted.replace(/[[\]:*?/\\]/g, '_').slice(0, 31) || '表';
  let name = base;
  for (let n = 2; taken.has(name.toLowerCase()); n++) name = `${base.slice(0, 31 - String(n).length - 1)}_${n}`;
  taken.add(name.toLowerCase());
  return name;
}

function gridSheet(grid: Grid): XLSX.WorkSheet {
  const g = withCaptionRows(grid);
  const ws: XLSX.WorkSheet = {};
  const merges: XLSX.Range[] = [];
  for (const c of g.cells) {
    if (c.rowSpan > 1 || c.colSpan > 1) merges.push({ s: { r: c.row, c: c.col }, e: { r: c.row + c.rowSpan - 1, c: c.col + c.colSpan - 1 } });
    if (c.text === '') continue;
    ws[XLSX.utils.encode_cell({ r: c.row, c: c.col })] = numericCell(c.text) ?? { t: 's', v: c.text };
  }
  ws['!ref'] = XLSX.utils.encode_range({ s: { r: 0, c: 0 }, e: { r: Math.max(g.rows, 1) - 1, c: Math.max(g.cols, 1) - 1 } });
  if (merges.length) ws['!merges'] = merges;
  return ws;
}

export function writeWorkbook(grids: Grid[], kind: 'xlsx' | 'xls'): Uint8Array {
  const wb = XLSX.utils.book_new();
  const taken = new Set<string>();
  grids.forEach((grid, i) => XLSX.utils.book_append_sheet(wb, gridSheet(grid), sheetName(grid.source.sheet ?? `表${i + 1}`, taken)));
  const out: ArrayBuffer = XLSX.write(wb, { type: 'array', bookType: kind === 'xls' ? 'biff8' : 'xlsx', compression: true });
  return new Uint8Array(out);
}
