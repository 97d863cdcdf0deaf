// The one shape every document reader produces: a grid of cells with their spans and where each
// sits. Readers (xlsx/xls/ods, docx/doc, html, pdf, txt) are small adapters bytes → grids; one
// recogniser (driven by the forms' labels, not positions) turns grids into the four tables.

export type DocumentKind = 'xlsx' | 'xls' | 'ods' | 'et' | 'docx' | 'doc' | 'html' | 'pdf' | 'txt';

export interface GridCell {
  /** The cell's text as the document shows it (line breaks inside a cell kept as \n). */
  text: string;
  /** 0-based top-left position in the grid. */
  row: number;
  col: number;
  /** 1 unless merged (gridSpan/colspan/!merges, vMerge/rowspan). */
  rowSpan: number;
  colSpan: number;
  /** Where a user finds it in the original: `C5` for a sheet, `第3行第2列` for a Word/HTML/PDF table. */
  address: string;
}

export interface GridSource {
  file: string;
  /** Sheet name (workbooks). */
  sheet?: string;
  /** 1-based page the table starts on, and ends on when it runs over a page break (PDF). */
  page?: number;
  pageEnd?: number;
  /** 1-based index of this table in the document (or sheet number in a workbook). */
  table: number;
}

export interface Grid {
  source: GridSource;
  /** Anchor cells only: a merged cell appears once, covering rowSpan × colSpan positions. */
  cells: GridCell[];
  rows: number;
  cols: number;
  /**
   * Text lines outside any table just before this one (titles such as "2023年度项目支出绩效自评表",
   * 附件 headings, "单位：万元", "部门：…"): since the previous table, in document order.
   */
  caption: string[];
}

export interface DocumentGrids {
  kind: DocumentKind;
  grids: Grid[];
  /** Text after the last table (notes such as "注：1.一级指标分值统一设置为…"). */
  trailer: string[];
  /** Things worth saying that lose nothing (e.g. "第2页与第3页的表格已合并"). */
  notes: string[];
  /** The text encoding the reader decoded (text and HTML documents), shown in the file list. */
  encoding?: string;
  /**
   * Why nothing could be read at all (a scanned PDF without a text layer, a password): the reader
   * says so here, with no grids, rather than handing on an empty document.
   */
  refusal?: string;
}

/**
 * The grid as a matrix of positions: every position a merged cell covers points at that cell
 * (so a vertically merged 一级指标 reads the same on each row it spans); uncovered positions are null.
 */
export function expand(grid: Grid): (GridCell | null)[][] {
  const m: (GridCell | null)[][] = Array.from({ length: grid.rows }, () => new Array<GridCell | null>(grid.cols).fill(null));
  for (const c of grid.cells) {
    for (let r = c.row; r < Math.min(grid.rows, c.row + c.rowSpan); r++) {
      for (let k = c.col; k < Math.min(grid.cols, c.col + c.colSpan); k++) m[r][k] = c;
    }
  }
  return m;
}

/** A1-style address of a 0-based position, as a spreadsheet shows it. */
export function a1(row: number, col: number): string {
  let name = '';
  for (let n = col + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return `${name}${row + 1}`;
}

/** Address of a cell in a Word/HTML/PDF table, as a reader would count it. */
export function tableAddress(row: number, col: number): string {
  return `第${row + 1}行第${col + 1}列`;
}
