// Word .docx → grids. The package is unzipped with fflate and word/document.xml read by a small
// streaming tokenizer over the few elements that carry a form (paragraphs, runs, tables, spans):
// no DOM, so it runs the same in Node and in the ingest worker, where there is no DOMParser.
// Paragraphs between tables become the next table's caption; those after the last, the trailer.
import { strFromU8, unzipSync } from 'fflate';
import { tableAddress, type DocumentGrids, type Grid, type GridCell } from './grid';

const WORD_NS = ['http://schemas.openxmlformats.org/wordprocessingml/2006/main', 'http://purl.oclc.org/ooxml/wordprocessingml/main'];
const MC_NS = 'http://schemas.openxmlformats.org/markup-compatibility/2006';

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function unescapeXml(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (_, e: string) =>
    e[0] === '#' ? String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10)) : ENTITIES[e],
  );
}

function attr(attrs: string, name: string): string | undefined {
  const m = new RegExp(`(?:^|\\s)${name}\\s*=\\s*(["'])(.*?)\\1`).exec(attrs);
  return m ? unescapeXml(m[2]) : undefined;
}

/** The prefix a document binds to a namespace (Word always writes w: and mc:, but may not). */
function prefixOf(rootTag: string, uris: string[], fallback: string): string {
  for (const m of rootTag.matchAll(/xmlns:([\w.-]+)\s*=\s*["']([^"']*)["']/g)) if (uris.includes(m[2])) return m[1];
  return fallback;
}

interface CellBuild {
  paras: string[];
  span: number;
  vMerge: 'restart' | 'continue' | null;
  hMergeContinue: boolean;
}

interface RowBuild {
  gridBefore: number;
  gridAfter: number;
  cells: CellBuild[];
}

interface TableBuild {
  index: number;
  gridCols: number;
  rows: RowBuild[];
  caption: string[];
}

/** The positions of a table's cells, vertical merges joined to the cell that starts them. */
function tableGrid(t: TableBuild, file: string, notes: string[]): Grid {
  const cells: GridCell[] = [];
  let open = new Map<number, GridCell>();
  let width = t.gridCols;
  t.rows.forEach((row, r) => {
    const next = new Map<number, GridCell>();
    let col = row.gridBefore;
    let previous: GridCell | null = null;
    for (const tc of row.cells) {
      const text = tc.paras.join('\n');
      if (tc.hMergeContinue && previous) {
        previous.colSpan += tc.span;
        if (text.trim() !== '') previous.text += '\n' + text;
        col += tc.span;
        continue;
      }
      const above = tc.vMerge === 'continue' ? (open.get(col) ?? [...open.values()].find((c) => c.col <= col && col < c.col + c.colSpan)) : undefined;
      if (above) {
        above.rowSpan = r - above.row + 1;
        if (text.trim() !== '') {
          // Word shows only the merge's first cell; text under it is kept, and said so.
          above.text += '\n' + text;
          notes.push(`第${t.index}张表：${tableAddress(r, col)} 在纵向合并单元格内但有内容，已并入 ${above.address}`);
        }
        next.set(above.col, above);
        previous = above;
      } else {
        const cell: GridCell = { text, row: r, col, rowSpan: 1, colSpan: tc.span, address: tableAddress(r, col) };
        cells.push(cell);
        if (tc.vMerge !== null) next.set(col, cell);
        previous = cell;
      }
      col += tc.span;
    }
    width = Math.max(width, col + row.gridAfter);
    open = next;
  });
  return { source: { file, table: t.index }, cells, rows: t.rows.length, cols: width, caption: t.caption };
}

function lines(paragraph: string): string[] {
  return paragraph.split('\n').filter((l) => l.trim() !== '');
}

/** The main document part's name, from the package relationships (word/document.xml nearly always). */
function mainPart(bytes: Uint8Array): string {
  const rels = unzipSync(bytes, { filter: (f) => f.name === '_rels/.rels' })['_rels/.rels'];
  const target = rels && /<Relationship\b[^>]*Type="[^"]*\/officeDocument"[^>]*>/.exec(strFromU8(rels))?.[0];
  const path = target && attr(target, 'Target');
  return path ? path.replace(/^\//, '') : 'word/document.xml';
}

/** Elements whose whole content is left out: tracked deletions and old properties, the duplicate fallback of a drawing. */
function skipped(name: string, w: string, mc: string): boolean {
  return name === `${mc}:Fallback` || name === `${w}:del` || name === `${w}:moveFrom` || (name.startsWith(`${w}:`) && name.endsWith('PrChange')) || name === `${w}:tblGridChange`;
}

export function documentGrids(xml: string, file: string): DocumentGrids {
  const rootStart = /<[\w.-]+:document\b[^>]*>/.exec(xml)?.[0] ?? '';
  const w = prefixOf(rootStart, WORD_NS, 'w');
  const mc = prefixOf(rootStart, [MC_NS], 'mc');
  const notes: string[] = [];
  const slots: (Grid | null)[] = [];
  const tables: TableBuild[] = [];
  const cellStack: CellBuild[] = [];
  const paraStack: string[][] = [];
  let pending: string[] = [];
  let runDepth = 0;
  let inText = false;
  let skipDepth = 0;
  let altChunks = 0;

  const rowOf = () => tables[tables.length - 1]?.rows.at(-1);
  const emitParagraph = (text: string) => {
    const cell = cellStack[cellStack.length - 1];
    if (cell && tables.length > 0) cell.paras.push(text);
    else pending.push(...lines(text));
  };
  const addText = (s: string) => {
    const p = paraStack[paraStack.length - 1];
    if (p) p.push(s);
  };
  const val = (attrs: string) => attr(attrs, `${w}:val`);

  const tag = /<(\/?)([\w.:-]+)([^>]*?)(\/?)>|<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<!\[CDATA\[([\s\S]*?)\]\]>/g;
  let last = 0;
  for (let m = tag.exec(xml); m; m = tag.exec(xml)) {
    if (inText && skipDepth === 0 && m.index > last) addText(unescapeXml(xml.slice(last, m.index)));
    last = tag.lastIndex;
    if (m[2] === undefined) {
      if (m[5] !== undefined && inText && skipDepth === 0) addText(m[5]);
      continue;
    }
    const [, close, name, attrs, selfClose] = m;
    if (skipDepth > 0) {
      if (close) skipDepth--;
      else if (!selfClose) skipDepth++;
      continue;
    }
    if (!close && skipped(name, w, mc)) {
      if (!selfClose) skipDepth = 1;
      continue;
    }
    const local = name.startsWith(`${w}:`) ? name.slice(w.length + 1) : null;
    if (local === null) continue;
    if (close) {
      switch (local) {
        case 'p': {
          const p = paraStack.pop();
          if (p) emitParagraph(p.join(''));
          break;
        }
        case 'r':
          runDepth--;
          break;
        case 't':
          inText = false;
          break;
        case 'tc': {
          cellStack.pop();
          break;
        }
        case 'tbl': {
          const t = tables.pop()!;
          const nested = tables.length > 0;
          const grid = tableGrid(t, file, notes);
          if (nested) notes.push(`第${t.index}张表嵌套在第${tables[tables.length - 1].index}张表的单元格内，已作为单独的表读取`);
          slots[t.index - 1] = grid.cells.some((c) => c.text.trim() !== '') ? grid : null;
          // A table with nothing in it is no grid: its caption carries over to the next table.
          if (!nested && !slots[t.index - 1]) pending = [...t.caption, ...pending];
          break;
        }
      }
      continue;
    }
    switch (local) {
      case 'p':
        if (!selfClose) paraStack.push([]);
        else emitParagraph('');
        break;
      case 'r':
        if (!selfClose) runDepth++;
        break;
      case 't':
        if (!selfClose) inText = true;
        break;
      case 'tab':
        // A w:tab outside a run is a tab stop in the paragraph's properties, not a character.
        if (runDepth > 0) addText('\t');
        break;
      case 'br':
      case 'cr':
        if (runDepth > 0) addText('\n');
        break;
      case 'noBreakHyphen':
        addText('-');
        break;
      case 'sym': {
        const code = attr(attrs, `${w}:char`);
        if (code) addText(String.fromCharCode(parseInt(code, 16)));
        break;
      }
      case 'altChunk':
        altChunks++;
        break;
      case 'tbl': {
        slots.push(null);
        const nested = tables.length > 0;
        tables.push({ index: slots.length, gridCols: 0, rows: [], caption: nested ? [] : pending });
        if (!nested) pending = [];
        break;
      }
      case 'gridCol':
        if (tables.length) tables[tables.length - 1].gridCols++;
        break;
      case 'tr':
        tables[tables.length - 1]?.rows.push({ gridBefore: 0, gridAfter: 0, cells: [] });
        break;
      case 'gridBefore':
      case 'gridAfter': {
        const row = rowOf();
        if (row) row[local] = Number(val(attrs) ?? 0) || 0;
        break;
      }
      case 'tc': {
        const cell: CellBuild = { paras: [], span: 1, vMerge: null, hMergeContinue: false };
        rowOf()?.cells.push(cell);
        cellStack.push(cell);
        break;
      }
      case 'gridSpan': {
        const cell = cellStack[cellStack.length - 1];
        if (cell) cell.span = Math.max(1, Number(val(attrs) ?? 1) || 1);
        break;
      }
      case 'vMerge': {
        const cell = cellStack[cellStack.length - 1];
        if (cell) cell.vMerge = val(attrs) === 'restart' ? 'restart' : 'continue';
        break;
      }
      case 'hMerge': {
        const cell = cellStack[cellStack.length - 1];
        if (cell) cell.hMergeContinue = val(attrs) !== 'restart';
        break;
      }
    }
  }
  if (altChunks) notes.push(`文档含 ${altChunks} 个嵌入的外部内容块（altChunk），其中的文字未读取`);
  return { kind: 'docx', grids: slots.filter((g): g is Grid => g !== null), trailer: pending, notes };
}

export function readDocx(bytes: Uint8Array, file: string): DocumentGrids {
  if (bytes[0] === 0xd0 && bytes[1] === 0xcf) throw new Error(`${file} 不是 .docx：它是 Word 97–2003 (.doc) 文件或已加密的文档`);
  let xml: Uint8Array | undefined;
  try {
    const part = mainPart(bytes);
    xml = unzipSync(bytes, { filter: (f) => f.name === part })[part];
  } catch (e) {
    throw new Error(`无法打开 ${file}：不是有效的 .docx 压缩包（${e instanceof Error ? e.message : String(e)}）`);
  }
  if (!xml) throw new Error(`${file} 中没有 Word 正文（word/document.xml）`);
  return documentGrids(strFromU8(xml), file);
}
