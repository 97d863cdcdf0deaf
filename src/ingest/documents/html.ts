// A web page saved from a government site → grids: every innermost <table> is a grid (with its
// rowspan/colspan), the text between tables is the next table's caption (titles, "单位：万元"), the
// page's navigation, scripts and styles are skipped. Older sites are GB2312/GBK, declared in a
// <meta charset>. Parsed by the browser's DOMParser on the page, by linkedom in Node and in the
// ingest worker (a worker has no DOMParser).
import { decodeText } from '../decode';
import { tableAddress, type DocumentGrids, type Grid, type GridCell } from './grid';

/** The charset a page declares in its first bytes (<meta charset=…> or http-equiv content). */
export function declaredCharset(bytes: Uint8Array): string | null {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 4096));
  const m = /<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_-]+)/i.exec(head);
  return m ? m[1].toLowerCase() : null;
}

const GB = new Set(['gb2312', 'gbk', 'gb18030', 'x-gbk', 'cp936', 'euc-cn']);

/** Decodes as the ingest does: a declared GB charset is read as GB18030 (its superset); otherwise strict UTF-8 first. */
export function decodeHtml(bytes: Uint8Array): { text: string; encoding: string; note: string | null } {
  const declared = declaredCharset(bytes);
  if (declared && GB.has(declared)) return { text: new TextDecoder('gb18030').decode(bytes), encoding: 'gb18030', note: null };
  const { text, encoding } = decodeText(bytes);
  const note = declared && declared !== 'utf-8' && declared !== 'utf8' && encoding === 'utf-8' ? `网页声明编码 ${declared}，但内容是 UTF-8，按 UTF-8 读取` : encoding === 'gb18030' ? `网页${declared ? `声明编码 ${declared}，但` : '未声明编码，'}内容不是 UTF-8，按 GB18030 读取` : null;
  return { text, encoding, note };
}

// The few DOM members used, so the same code runs on DOMParser's and linkedom's documents.
interface DomNode {
  nodeType: number;
  nodeName: string;
  textContent: string | null;
  childNodes: ArrayLike<DomNode>;
  getAttribute?(name: string): string | null;
}

async function parse(text: string): Promise<DomNode> {
  if (typeof DOMParser !== 'undefined') return new DOMParser().parseFromString(text, 'text/html') as unknown as DomNode;
  const { parseHTML } = await import('linkedom');
  return parseHTML(text).document as unknown as DomNode;
}

const SKIP = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'NAV', 'SELECT', 'BUTTON', 'IFRAME', 'HEAD']);
const BLOCK = new Set(['P', 'DIV', 'BR', 'LI', 'UL', 'OL', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'TR', 'SECTION', 'ARTICLE', 'HEADER', 'FOOTER', 'TABLE', 'CAPTION', 'DD', 'DT', 'HR', 'PRE', 'CENTER']);
const tag = (n: DomNode) => n.nodeName.toUpperCase();
const children = (n: DomNode) => Array.from(n.childNodes);

function containsTable(n: DomNode): boolean {
  return children(n).some((c) => c.nodeType === 1 && (tag(c) === 'TABLE' || containsTable(c)));
}

/** A cell's text as a reader sees it: <br> and paragraphs are line breaks, other whitespace collapses. */
function cellText(n: DomNode): string {
  const out: string[] = [];
  const walk = (x: DomNode) => {
    if (x.nodeType === 3) out.push((x.textContent ?? '').replace(/[ \t\r\n\f]+/g, ' '));
    if (x.nodeType !== 1 || SKIP.has(tag(x))) return;
    if (tag(x) === 'BR') out.push('\n');
    const block = BLOCK.has(tag(x)) && tag(x) !== 'BR';
    if (block) out.push('\n');
    children(x).forEach(walk);
    if (block) out.push('\n');
  };
  children(n).forEach(walk);
  return out.join('').split('\n').map((l) => l.replace(/\u00a0/g, ' ').trim()).filter((l, i, a) => l !== '' || (i > 0 && i < a.length - 1 && a[i - 1] !== '')).join('\n').trim();
}

function rowsOf(table: DomNode): DomNode[] {
  const rows: DomNode[] = [];
  const walk = (x: DomNode) => {
    for (const c of children(x)) {
      if (c.nodeType !== 1) continue;
      if (tag(c) === 'TR') rows.push(c);
      else if (['THEAD', 'TBODY', 'TFOOT'].includes(tag(c))) walk(c);
    }
  };
  walk(table);
  return rows;
}

const span = (n: DomNode, name: string) => {
  const v = parseInt(n.getAttribute?.(name) ?? '1', 10);
  return Number.isFinite(v) && v >= 1 ? Math.min(v, 1000) : 1;
};

/** The HTML table model: each cell takes the first free position of its row, rowspans reserve positions below. */
function tableGrid(table: DomNode, file: string, index: number, caption: string[]): Grid {
  const taken: boolean[][] = [];
  const cells: GridCell[] = [];
  const trs = rowsOf(table);
  let cols = 0;
  trs.forEach((tr, r) => {
    taken[r] ??= [];
    let c = 0;
    for (const td of children(tr)) {
      if (td.nodeType !== 1 || !['TD', 'TH'].includes(tag(td))) continue;
      while (taken[r][c]) c++;
      const rowSpan = Math.min(span(td, 'rowspan'), trs.length - r);
      const colSpan = span(td, 'colspan');
      for (let i = r; i < r + rowSpan; i++) for (let k = c; k < c + colSpan; k++) (taken[i] ??= [])[k] = true;
      cells.push({ text: cellText(td), row: r, col: c, rowSpan, colSpan, address: tableAddress(r, c) });
      c += colSpan;
      cols = Math.max(cols, c);
    }
  });
  return { source: { file, table: index }, cells, rows: trs.length, cols, caption };
}

export async function htmlGrids(text: string, file: string): Promise<DocumentGrids> {
  const doc = await parse(text);
  const grids: Grid[] = [];
  let pending: string[] = [];
  let line = '';
  const breakLine = () => {
    const t = line.replace(/\u00a0/g, ' ').replace(/\s+/g, ' ').trim();
    if (t) pending.push(t);
    line = '';
  };
  const walk = (n: DomNode) => {
    if (n.nodeType === 3) {
      line += n.textContent ?? '';
      return;
    }
    if (n.nodeType !== 1 && n.nodeType !== 9) return;
    if (n.nodeType === 1 && SKIP.has(tag(n))) return;
    if (n.nodeType === 1 && tag(n) === 'TABLE' && !containsTable(n)) {
      breakLine();
      grids.push(tableGrid(n, file, grids.length + 1, pending));
      pending = [];
      return;
    }
    const block = n.nodeType === 1 && (BLOCK.has(tag(n)) || tag(n) === 'TD' || tag(n) === 'TH');
    if (block) breakLine();
    children(n).forEach(walk);
    if (block) breakLine();
  };
  walk(doc);
  breakLine();
  return { kind: 'html', grids, trailer: pending, notes: [] };
}

/** A saved page's bytes → grids. */
export async function readHtml(bytes: Uint8Array, file: string): Promise<DocumentGrids> {
  const { text, encoding, note } = decodeHtml(bytes);
  const doc = await htmlGrids(text, file);
  return { ...doc, encoding, notes: note ? [note] : [] };
}
