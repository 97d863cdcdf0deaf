// Workbooks (.xlsx, .xls, .ods, .et) → grids, through SheetJS: one grid per non-empty sheet, merges
// as spans, A1 addresses. A cell's text is what the user sees unless the display rounds the stored
// number; then the stored number is given exactly, in the display's own frame (percent, units).
import Decimal from 'decimal.js';
import * as XLSX from '@e965/xlsx';
import { a1, type DocumentGrids, type DocumentKind, type Grid, type GridCell } from './grid';

const KINDS: Record<string, DocumentKind> = { xlsx: 'xlsx', xlsm: 'xlsx', xls: 'xls', ods: 'ods', et: 'et' };

function kindOf(file: string, bytes: Uint8Array): DocumentKind {
  const ext = /\.([a-z]+)$/i.exec(file)?.[1]?.toLowerCase() ?? '';
  if (KINDS[ext]) return KINDS[ext];
  return bytes[0] === 0x50 && bytes[1] === 0x4b ? 'xlsx' : 'xls';
}

/**
 * The decimal a stored binary number stands for. Excel keeps 15 significant digits and shows no
 * more at any precision, so 0.1+0.2 (stored as 0.30000000000000004) is 0.3 there; any decimal of
 * at most 15 digits written to the file comes back from its double unchanged (DBL_DIG = 15).
 */
export function storedDecimal(v: number): Decimal {
  return new Decimal(v.toPrecision(15));
}

/** A displayed number: digit-free text around one plain decimal ("¥1,234.50", "(5.50)", "98.50%"). */
const DISPLAYED = /^(\D*?)(\d[\d,]*(?:\.\d*)?|\.\d+)(\D*)$/;

/** The significant digits of a decimal, without its point and the zeros at either end. */
function digits(d: Decimal): string {
  return d.abs().toFixed().replace('.', '').replace(/^0+/, '').replace(/0+$/, '');
}

/**
 * Text for a numeric cell. The formatted text w is kept when it shows the stored value exactly,
 * possibly scaled (98.50% for 0.985, 123.4567 for 1234567 under a 0!.0000 万元 format, 1,234.50).
 * A rounded display (183.36 for 183.355, 99% for 0.985) keeps its frame with the exact digits put
 * in (183.355, 98.5%). A display with more than one number in it (1E+12, 1/2) gives the plain value.
 */
export function numberText(v: number, w: string | undefined): string {
  const exact = storedDecimal(v);
  const m = w === undefined ? null : DISPLAYED.exec(w.trim());
  if (!m) return exact.toFixed();
  const [, before, shown, after] = m;
  const display = new Decimal(shown.replaceAll(',', ''));
  if (digits(display) === digits(exact)) return w!.trim();
  // The display's scale: a power of ten off the value (percent ×100, 万 ÷10⁴); rounding moves a
  // shown number by less than a factor of two, so the nearest power of ten is the scale.
  const scale = display.isZero() || exact.isZero() ? (after.includes('%') ? 2 : 0) : Math.round(Decimal.log10(display.div(exact.abs())).toNumber());
  return `${before}${exact.abs().times(Decimal.pow(10, scale)).toFixed()}${after}`;
}

function cellText(cell: XLSX.CellObject): string {
  if (cell.t === 'n' && typeof cell.v === 'number') {
    // Dates and times are numbers too: as displayed (their display is the user's value).
    if (cell.z !== undefined && XLSX.SSF.is_date(cell.z) && cell.w !== undefined) return cell.w;
    return numberText(cell.v, cell.w);
  }
  if (cell.t === 's') return String(cell.v ?? '');
  return cell.w ?? (cell.v === undefined ? '' : String(cell.v));
}

interface SheetRead {
  grid: Grid | null;
  notes: string[];
}

function sheetGrid(ws: XLSX.WorkSheet, name: string, index: number, file: string): SheetRead {
  const notes: string[] = [];
  const merges = ws['!merges'] ?? [];
  const mergeAt = new Map<string, XLSX.Range>(merges.map((m) => [a1(m.s.r, m.s.c), m]));
  const coveredBy = (r: number, c: number) => merges.find((m) => r >= m.s.r && r <= m.e.r && c >= m.s.c && c <= m.e.c);
  const cells: GridCell[] = [];
  const place = (row: number, col: number, text: string, m: XLSX.Range | undefined) => {
    cells.push({ text, row, col, rowSpan: m ? m.e.r - m.s.r + 1 : 1, colSpan: m ? m.e.c - m.s.c + 1 : 1, address: a1(row, col) });
  };
  const uncached: string[] = [];
  const hiddenRows = new Set<number>();
  (ws['!rows'] ?? []).forEach((r, i) => r?.hidden && hiddenRows.add(i));
  const hiddenCols = new Set<number>();
  (ws['!cols'] ?? []).forEach((c, i) => c?.hidden && hiddenCols.add(i));
  const seenHidden = { rows: new Set<number>(), cols: new Set<number>() };
  for (const key of Object.keys(ws)) {
    if (key[0] === '!') continue;
    const cell = ws[key] as XLSX.CellObject;
    const { r, c } = XLSX.utils.decode_cell(key);
    if (cell.f !== undefined && cell.v === undefined) uncached.push(key);
    const text = cellText(cell);
    const anchorOf = mergeAt.get(key);
    if (text === '' && !anchorOf) continue;
    if (hiddenRows.has(r)) seenHidden.rows.add(r);
    if (hiddenCols.has(c)) seenHidden.cols.add(c);
    const inside = anchorOf ? undefined : coveredBy(r, c);
    if (inside) {
      // Excel keeps only a merged area's first cell; a file that has text under it loses nothing here.
      notes.push(`工作表“${name}”：${key} 在合并区域 ${XLSX.utils.encode_range(inside)} 内但有内容，已单独保留`);
    }
    place(r, c, text, anchorOf);
    mergeAt.delete(key);
  }
  // Merged areas whose first cell holds nothing still shape the table (a blank merged 一级指标).
  for (const m of mergeAt.values()) place(m.s.r, m.s.c, '', m);
  if (!cells.some((c) => c.text !== '')) return { grid: null, notes };
  cells.sort((x, y) => x.row - y.row || x.col - y.col);
  if (uncached.length) notes.push(`工作表“${name}”：${uncached.slice(0, 5).join('、')}${uncached.length > 5 ? ` 等 ${uncached.length} 个` : ''}公式没有保存计算结果，按空白读取`);
  if (seenHidden.rows.size) notes.push(`工作表“${name}”：第 ${[...seenHidden.rows].map((r) => r + 1).join('、')} 行已隐藏，仍已读取`);
  if (seenHidden.cols.size) notes.push(`工作表“${name}”：${[...seenHidden.cols].map((c) => a1(0, c).replace(/\d+$/, '')).join('、')} 列已隐藏，仍已读取`);
  const { caption, table } = captionRows(cells);
  const rows = Math.max(...table.map((c) => c.row + c.rowSpan));
  // As wide as the sheet's title: columns it spans but no cell fills are still the table's.
  const cols = Math.max(...cells.map((c) => c.col + c.colSpan));
  return { grid: { source: { file, sheet: name, table: index + 1 }, cells: table, rows, cols, caption }, notes };
}

/**
 * A sheet has no text outside its cells, so the lines a document prints above its table (附件1, the
 * title, 单位：万元) sit in its first rows, each one cell merged across the whole table. Those rows
 * are the grid's caption, as the other readers give it (where the recogniser looks for the title and
 * the unit); the table starts at the first other row. Cells keep their sheet addresses.
 */
function captionRows(cells: GridCell[]): { caption: string[]; table: GridCell[] } {
  const width = Math.max(...cells.map((c) => c.col + c.colSpan));
  const caption: string[] = [];
  for (let top = 0; ; top++) {
    const row = cells.filter((c) => c.row === top);
    const below = cells.filter((c) => c.row > top);
    const line = row.length === 1 && row[0].col === 0 && row[0].rowSpan === 1 && row[0].colSpan === width;
    if (!line || !below.some((c) => c.text !== '')) return { caption, table: cells.filter((c) => c.row >= top).map((c) => ({ ...c, row: c.row - top })) };
    caption.push(row[0].text);
  }
}

/** Reads a workbook's sheets; a file SheetJS cannot open (encrypted, not a workbook) throws a Chinese message. */
export function readWorkbook(bytes: Uint8Array, file: string): DocumentGrids {
  const kind = kindOf(file, bytes);
  let wb: XLSX.WorkBook;
  try {
    // cellStyles brings hidden rows/columns and the number formats (cellNF) that tell dates apart.
    wb = XLSX.read(bytes, { type: 'array', cellDates: false, cellNF: true, cellStyles: true, cellHTML: false });
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    throw new Error(/password|encrypt/i.test(reason) ? `工作簿已加密，无法读取：${file}` : `无法读取工作簿 ${file}：${reason}`);
  }
  const grids: Grid[] = [];
  const notes: string[] = [];
  wb.SheetNames.forEach((name, i) => {
    const ws = wb.Sheets[name];
    if (!ws) return;
    const read = sheetGrid(ws, name, i, file);
    notes.push(...read.notes);
    if (!read.grid) return;
    const hidden = wb.Workbook?.Sheets?.[i]?.Hidden;
    if (hidden) notes.push(`工作表“${name}”已隐藏，仍已读取`);
    grids.push(read.grid);
  });
  return { kind, grids, trailer: [], notes };
}
