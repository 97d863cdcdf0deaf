// PDF with a text layer (what Word and WPS export) → grids. Mozilla's pdf.js gives the text runs
// with their positions and the drawing operators; the tables are rebuilt from the ruled lines
// (pdf-layout.ts), a table that runs over a page break becomes one grid, and the text outside
// tables becomes captions and trailer in reading order. A PDF without text is a scan: refused.
import { tableAddress, type DocumentGrids, type Grid, type GridCell } from './grid';
import { cellTexts, containsRun, filledRule, layoutTable, segmentRule, tableRuleGroups, textLines, type Rule, type TableLayout, type TextLine, type TextRun } from './pdf-layout';

export const SCANNED_REFUSAL = '扫描件，没有文字层，无法读取（离线环境不提供文字识别）';
export const PASSWORD_REFUSAL = 'PDF 已加密，需要打开密码才能读取：请另存一份不加密的 PDF 再载入';

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
type Matrix = number[];
type AssetDir = 'cmaps' | 'standard_fonts';
type LoadAsset = (dir: AssetDir, name: string) => Promise<Uint8Array>;

const inNode = typeof process === 'object' && !!process.versions?.node;

/**
 * Node: pdf.js's worker code runs in this thread (its "fake worker", handed the worker module),
 * and its character maps and fonts are read from node_modules.
 */
async function nodeSetup(): Promise<LoadAsset> {
  // Variable specifiers keep bundlers from pulling Node built-ins, or a second copy of the
  // worker, into the browser build.
  const fsName = 'node:fs/promises';
  const moduleName = 'node:module';
  const workerName = 'pdfjs-dist/legacy/build/pdf.worker.mjs';
  const fs = (await import(/* @vite-ignore */ fsName)) as typeof import('node:fs/promises');
  const { createRequire } = (await import(/* @vite-ignore */ moduleName)) as typeof import('node:module');
  (globalThis as { pdfjsWorker?: unknown }).pdfjsWorker = await import(/* @vite-ignore */ workerName);
  const root = createRequire(import.meta.url).resolve('pdfjs-dist/package.json').replace(/package\.json$/, '');
  return async (dir, name) => new Uint8Array(await fs.readFile(`${root}${dir}/${name}`));
}

/**
 * Browser: the reader runs inside the app's ingest worker, where pdf.js's worker is started as a
 * nested worker from this origin (its supported `workerPort`; importing the worker module here
 * instead would make it answer on the ingest worker's own message port). Character maps and
 * fonts are files of the built app.
 */
async function browserSetup(pdfjs: PdfJs): Promise<LoadAsset> {
  const { loadPdfAsset, startPdfWorker } = await import('./pdf-assets');
  pdfjs.GlobalWorkerOptions.workerPort = startPdfWorker();
  return loadPdfAsset;
}

let loaded: Promise<{ pdfjs: PdfJs; loadAsset: LoadAsset }> | null = null;

/** pdf.js is large: it is loaded the first time a PDF comes, never with the page. */
function loadPdfJs() {
  loaded ??= (async () => {
    // The legacy build runs on Node 20 as well as in browsers, so both read PDFs with one code.
    const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
    return { pdfjs, loadAsset: await (inNode ? nodeSetup() : browserSetup(pdfjs)) };
  })();
  return loaded;
}

/**
 * CJK fonts give one glyph to a character and to its look-alike radical, and a PDF's ToUnicode map
 * names one code point per glyph: Chromium (Skia) takes the font's lowest, which is the radical (目
 * read back as ⽬ KANGXI RADICAL EYE, 门 as ⻔ CJK RADICAL C-SIMPLIFIED GATE). The right text is in
 * the page's /ActualText spans, which pdf.js's text content does not read. The page shows the
 * character, so the text says the character: Kangxi radicals by their compatibility decomposition,
 * supplement radicals (which have none) by Unicode's CJKRadicals table for the simplified ones, the
 * full-form ones by their names — and, before those, the radicals whose glyph in a simplified
 * Chinese font is another character than the decomposition says. Read off the cmap of Noto Sans /
 * Serif CJK SC (the fonts Chinese Linux desktops print with), that is one: ⼾ KANGXI RADICAL DOOR
 * draws 户, while its decomposition is the traditional 戶.
 */
const SIMPLIFIED_GLYPH: Record<string, string> = { '⼾': '户' };
const SUPPLEMENT_RADICALS: Record<string, string> = {
  '⺦': '丬', '⺰': '纟', '⻅': '见', '⻈': '讠', '⻉': '贝', '⻋': '车', '⻐': '钅', '⻓': '长', '⻔': '门',
  '⻙': '韦', '⻚': '页', '⻛': '风', '⻜': '飞', '⻠': '饣', '⻢': '马', '⻥': '鱼', '⻦': '鸟', '⻧': '卤',
  '⻨': '麦', '⻩': '黄', '⻪': '黾', '⻫': '斉', '⻬': '齐', '⻭': '歯', '⻮': '齿', '⻯': '竜', '⻰': '龙',
  '⻲': '亀', '⻳': '龟', '⺟': '母',
  '⻘': '青', '⺠': '民', '⻝': '食', '⻣': '骨', '⻄': '西', '⺬': '示', '⻗': '雨', '⺩': '王', '⺝': '月',
};
export function unradical(s: string): string {
  return s.replace(/[\u2e80-\u2fdf]/g, (ch) => SIMPLIFIED_GLYPH[ch] ?? SUPPLEMENT_RADICALS[ch] ?? (ch >= '\u2f00' ? ch.normalize('NFKC') : ch));
}

type Ops = PdfJs['OPS'];
type Util = PdfJs['Util'];

/** The straight pieces of a path's subpaths, in page coordinates, with whether each subpath closed. */
function subpaths(data: Float32Array, m: Matrix): { points: number[][]; closed: boolean }[] {
  const out: { points: number[][]; closed: boolean }[] = [];
  let current: { points: number[][]; closed: boolean } | null = null;
  const at = (x: number, y: number) => [x * m[0] + y * m[2] + m[4], x * m[1] + y * m[3] + m[5]];
  for (let i = 0; i < data.length; ) {
    const op = data[i++];
    if (op === 0) {
      current = { points: [at(data[i], data[i + 1])], closed: false };
      out.push(current);
      i += 2;
    } else if (op === 1) {
      current?.points.push(at(data[i], data[i + 1]));
      i += 2;
    } else if (op === 2 || op === 3) {
      // A curve is no ruled line: what follows it starts afresh from its end.
      const n = op === 2 ? 6 : 4;
      current = { points: [at(data[i + n - 2], data[i + n - 1])], closed: false };
      out.push(current);
      i += n;
    } else if (op === 4) {
      if (current) current.closed = true;
    } else break;
  }
  return out;
}

/** The ruled lines a page draws: stroked straight segments and thin filled rectangles. */
function pageRules(fnArray: number[], argsArray: unknown[][], OPS: Ops, Util: Util, viewport: Matrix): Rule[] {
  const strokes = new Set<number>([OPS.stroke, OPS.closeStroke, OPS.fillStroke, OPS.eoFillStroke, OPS.closeFillStroke, OPS.closeEOFillStroke]);
  const fills = new Set<number>([OPS.fill, OPS.eoFill, OPS.fillStroke, OPS.eoFillStroke, OPS.closeFillStroke, OPS.closeEOFillStroke]);
  const rules: Rule[] = [];
  let ctm: Matrix = [1, 0, 0, 1, 0, 0];
  const stack: Matrix[] = [];
  for (let i = 0; i < fnArray.length; i++) {
    const fn = fnArray[i];
    const args = argsArray[i];
    if (fn === OPS.save) stack.push(ctm);
    else if (fn === OPS.restore || fn === OPS.paintFormXObjectEnd) ctm = stack.pop() ?? ctm;
    else if (fn === OPS.transform) ctm = Util.transform(ctm, args as Matrix);
    else if (fn === OPS.paintFormXObjectBegin) {
      stack.push(ctm);
      if (args[0]) ctm = Util.transform(ctm, args[0] as Matrix);
    } else if (fn === OPS.constructPath) {
      const [paint, [data]] = args as [number, [Float32Array | null]];
      if (!data || !(strokes.has(paint) || fills.has(paint))) continue;
      const m = Util.transform(viewport, ctm);
      for (const { points, closed } of subpaths(data, m)) {
        if (strokes.has(paint)) {
          const ends = closed ? [...points, points[0]] : points;
          for (let k = 1; k < ends.length; k++) {
            const r = segmentRule(ends[k - 1][0], ends[k - 1][1], ends[k][0], ends[k][1]);
            if (r) rules.push(r);
          }
        }
        if (fills.has(paint) && isRectangle(points)) {
          const xs = points.map((p) => p[0]);
          const ys = points.map((p) => p[1]);
          const r = filledRule(Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys));
          if (r) rules.push(r);
        }
      }
    }
  }
  return rules;
}

/** Four corners (a fifth repeating the first) joined by axis-aligned sides. */
function isRectangle(points: number[][]): boolean {
  const p = points.length === 5 && Math.hypot(points[4][0] - points[0][0], points[4][1] - points[0][1]) < 0.01 ? points.slice(0, 4) : points;
  if (p.length !== 4) return false;
  return p.every((a, k) => {
    const b = p[(k + 1) % 4];
    return Math.abs(a[0] - b[0]) < 0.01 || Math.abs(a[1] - b[1]) < 0.01;
  });
}

interface PageTable {
  page: number;
  pageHeight: number;
  rules: Rule[];
  runs: TextRun[];
  top: number;
  bottom: number;
  left: number;
  right: number;
}

type PageItem = { page: number; top: number } & ({ table: PageTable } | { line: TextLine });

/** One page's tables and the lines of text outside them, top to bottom. */
function pageItems(page: number, pageHeight: number, runs: TextRun[], rules: Rule[]): PageItem[] {
  const tables = tableRuleGroups(rules).map((group) => ({ group, layout: layoutTable(group), runs: [] as TextRun[] }));
  const outside: TextRun[] = [];
  for (const run of runs) {
    const table = tables.find((t) => containsRun(t.layout, run));
    (table ? table.runs : outside).push(run);
  }
  const items: PageItem[] = tables.map(({ group, layout, runs }) => {
    const [top, bottom] = [layout.ys[0], layout.ys[layout.ys.length - 1]];
    const [left, right] = [layout.xs[0], layout.xs[layout.xs.length - 1]];
    return { page, top, table: { page, pageHeight, rules: group, runs, top, bottom, left, right } };
  });
  for (const line of textLines(outside)) items.push({ page, top: line.top, line });
  return items.sort((a, b) => a.top - b.top);
}

/** Page furniture that may stand between the two halves of a table: "- 1 -", "第 1 页 共 3 页", "1/3". */
const PAGE_NUMBER = /^(?:[-—–－\s]*\d+[-—–－\s]*|第\s*\d+\s*页(?:\s*[，,/]?\s*共\s*\d+\s*页)?|\d+\s*\/\s*\d+)$/;

interface Chain {
  caption: string[];
  /** The table's pieces page by page, later ones below their repeated header. */
  fragments: PageTable[];
  first: FragmentCells;
}

interface FragmentCells {
  layout: TableLayout;
  /** Each cell's position, spans and text, as one comparable string. */
  keys: string[];
}

/** A fragment's cells with their text, laid out on their own. */
function fragmentCells(f: PageTable): FragmentCells {
  const layout = layoutTable(f.rules);
  const texts = cellTexts(layout, f.runs);
  return { layout, keys: layout.cells.map((c, i) => `${c.row},${c.col},${c.rowSpan},${c.colSpan},${texts[i]}`) };
}

/**
 * How many rows at the top of a later page repeat the table's header (Word's 标题行重复, a
 * <thead> printed by a browser): the largest block of first rows, with some text, that both
 * fragments start with, no cell reaching below it.
 */
function repeatedHeader(first: FragmentCells, later: FragmentCells): number {
  const block = (f: FragmentCells, n: number) => {
    const inside = f.layout.cells.map((c, i) => [c, f.keys[i]] as const).filter(([c]) => c.row < n);
    if (!inside.every(([c]) => c.row + c.rowSpan <= n)) return null;
    return inside.map(([, key]) => key).sort().join('\n');
  };
  const hasText = (f: FragmentCells, n: number) => f.layout.cells.some((c, i) => c.row < n && !f.keys[i].endsWith(','));
  for (let n = Math.min(first.layout.ys.length, later.layout.ys.length) - 2; n > 0; n--) {
    const a = block(first, n);
    if (a !== null && a === block(later, n) && hasText(first, n)) return n;
  }
  return 0;
}

/**
 * The fragment below its repeated header. The line under the header goes too: the line at the
 * page break is the previous page's bottom edge, which is open under a cell that runs on.
 */
function belowHeader(f: PageTable, y: number): PageTable {
  const rules = f.rules
    .filter((r) => (r.y1 === r.y2 ? r.y1 > y + 2 : r.y2 > y + 2))
    .map((r) => (r.y1 === r.y2 ? r : { ...r, y1: Math.max(r.y1, y) }));
  return { ...f, rules, runs: f.runs.filter((t) => t.baseline - 0.35 * t.size > y), top: y };
}

/** Room left under a table on its page for a footer or uneven margins, in points (half an inch). */
const FOOTER_ROOM = 36;

/**
 * The table on the next page, as the continuation of `chain`, if it is one: it starts the next
 * page, is as wide, and the previous page had no room left for its next rows (margins taken as
 * even: the room under the old piece is measured against the new page's top margin).
 */
function continuation(chain: Chain, next: PageTable): { fragment: PageTable; header: number } | null {
  const last = chain.fragments[chain.fragments.length - 1];
  if (next.page !== last.page + 1 || Math.abs(last.left - next.left) > 4 || Math.abs(last.right - next.right) > 4) return null;
  const later = fragmentCells(next);
  const header = repeatedHeader(chain.first, later);
  const { ys, cells } = later.layout;
  // Rows tied by a merged cell move to the next page together: the first block that could have
  // been cut below is what did not fit.
  let end = header + 1;
  while (end < ys.length - 1 && cells.some((c) => c.row < end && c.row + c.rowSpan > end)) end++;
  const room = last.pageHeight - next.top - last.bottom;
  if (room > ys[Math.min(end, ys.length - 1)] - ys[header] + FOOTER_ROOM) return null;
  return { fragment: header ? belowHeader(next, ys[header]) : next, header };
}

/** A chain of fragments as one grid: later pages stacked under the first. */
function chainGrid(chain: Chain, file: string, index: number): Grid {
  const { fragments } = chain;
  const rules: Rule[] = [];
  const runs: TextRun[] = [];
  const starts: number[] = [];
  let bottom = 0;
  fragments.forEach((f, k) => {
    const dy = k === 0 ? 0 : bottom - f.top;
    starts.push(f.top + dy);
    bottom = f.bottom + dy;
    for (const r of f.rules) rules.push({ ...r, y1: r.y1 + dy, y2: r.y2 + dy });
    for (const t of f.runs) runs.push({ ...t, baseline: t.baseline + dy });
  });
  const layout = layoutTable(rules);
  const texts = cellTexts(layout, runs);
  const pageOf = (y: number) => fragments[starts.filter((s) => s <= y + 2).length - 1].page;
  const page = fragments[0].page;
  const pageEnd = fragments[fragments.length - 1].page;
  return {
    source: { file, page, ...(pageEnd > page ? { pageEnd } : {}), table: index },
    cells: layout.cells.map((c, i) => ({ ...c, text: texts[i], address: `第${pageOf(layout.ys[c.row])}页 ${tableAddress(c.row, c.col)}` })),
    rows: layout.ys.length - 1,
    cols: layout.xs.length - 1,
    caption: chain.caption,
  };
}

/** The document's items in reading order → grids with their captions, and the trailer. */
function assemble(file: string, items: PageItem[], notes: string[]): Pick<DocumentGrids, 'grids' | 'trailer'> {
  const chains: Chain[] = [];
  let since: string[] = [];
  for (const item of items) {
    if ('line' in item) {
      since.push(item.line.text);
      continue;
    }
    const chain = chains[chains.length - 1];
    const next = chain && since.every((t) => PAGE_NUMBER.test(t)) ? continuation(chain, item.table) : null;
    if (chain && next) {
      const index = chains.length;
      const from = chain.fragments[chain.fragments.length - 1].page;
      chain.fragments.push(next.fragment);
      if (since.length) notes.push(`第${from}页与第${item.page}页之间的页码（${since.join('、')}）不计入表格`);
      if (next.header) notes.push(`第${index}张表在第${item.page}页重复的表头（${next.header}行）与第${chain.fragments[0].page}页的相同，已略去`);
      notes.push(`第${from}页与第${item.page}页的表格是同一张表（第${index}张表），已合并`);
    } else {
      chains.push({ caption: since, fragments: [item.table], first: fragmentCells(item.table) });
    }
    since = [];
  }
  return { grids: chains.map((chain, i) => chainGrid(chain, file, i + 1)), trailer: since };
}

const refused = (refusal: string): DocumentGrids => ({ kind: 'pdf', grids: [], trailer: [], notes: [], refusal });

/** Reads a PDF's tables and text. Encrypted files open if their user password is empty. */
export async function readPdf(file: string, bytes: Uint8Array): Promise<DocumentGrids> {
  const { pdfjs, loadAsset } = await loadPdfJs();
  const task = pdfjs.getDocument({
    // pdf.js takes the buffer over; the caller keeps its bytes.
    data: bytes.slice(),
    password: '',
    CMapReaderFactory: class {
      async fetch({ name }: { name: string }) {
        return { cMapData: await loadAsset('cmaps', `${name}.bcmap`), isCompressed: true };
      }
    },
    StandardFontDataFactory: class {
      async fetch({ filename }: { filename: string }) {
        return loadAsset('standard_fonts', filename);
      }
    },
    useWorkerFetch: false,
    useSystemFonts: false,
    // Only text and lines are read: no fonts are installed and nothing is drawn (a worker has no document).
    disableFontFace: true,
    isEvalSupported: false,
    verbosity: pdfjs.VerbosityLevel.ERRORS,
  });
  let doc;
  try {
    doc = await task.promise;
  } catch (e) {
    const name = (e as { name?: string }).name;
    if (name === 'PasswordException') return refused(PASSWORD_REFUSAL);
    if (name === 'InvalidPDFException') return refused(`不是有效的 PDF 文件，无法读取（${(e as Error).message}）`);
    throw e;
  }
  try {
    const notes: string[] = [];
    const pages = [];
    for (let p = 1; p <= doc.numPages; p++) {
      const page = await doc.getPage(p);
      const viewport = page.getViewport({ scale: 1 });
      const content = await page.getTextContent();
      const runs: TextRun[] = [];
      for (const item of content.items) {
        if (!('str' in item) || item.str.trim() === '') continue;
        const [, , c, d, x, baseline] = pdfjs.Util.transform(viewport.transform, item.transform);
        runs.push({ text: unradical(item.str.trim()), x, baseline, width: item.width, size: Math.hypot(c, d) });
      }
      pages.push({ page, viewport, runs });
    }
    const items: PageItem[] = [];
    for (const [i, { page, viewport, runs }] of pages.entries()) {
      const ops = await page.getOperatorList();
      const onPage = pageItems(i + 1, viewport.height, runs, pageRules(ops.fnArray, ops.argsArray, pdfjs.OPS, pdfjs.Util, viewport.transform));
      // A page with empty forms has lines but no text; one with neither is a scanned page.
      if (onPage.length === 0) notes.push(`第${i + 1}页没有文字层（可能是扫描页），未读取`);
      items.push(...onPage);
      page.cleanup();
    }
    // No text and no ruled table anywhere: the pages are pictures.
    if (items.length === 0) return refused(SCANNED_REFUSAL);
    return { kind: 'pdf', ...assemble(file, items, notes), notes };
  } finally {
    await doc.destroy();
  }
}
