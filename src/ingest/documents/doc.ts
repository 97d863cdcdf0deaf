// Word 97–2003 .doc → its main text, for the text reader ([MS-DOC]): the compound file through
// SheetJS's CFB, the FIB for where things are, the piece table (CLX) for the characters (8-bit
// cp1252 pieces or UTF-16LE pieces), and the paragraph properties (PAPX) to tell a cell's end mark
// from a row's. Cells end in tabs, rows and paragraphs in line breaks; field codes are left out,
// field results kept.
import * as XLSX from '@e965/xlsx';

interface CfbEntry {
  content?: ArrayLike<number>;
}

interface Cfb {
  read(data: Uint8Array, opts: { type: 'array' }): unknown;
  find(cfb: unknown, path: string): CfbEntry | null;
}

const CFB = XLSX.CFB as Cfb;

function stream(cfb: unknown, name: string): Uint8Array | null {
  const content = CFB.find(cfb, name)?.content;
  if (!content) return null;
  return content instanceof Uint8Array ? content : Uint8Array.from(content);
}

function view(b: Uint8Array): DataView {
  return new DataView(b.buffer, b.byteOffset, b.byteLength);
}

/** A run of text in the WordDocument stream: where its characters start and how wide they are. */
interface Piece {
  cpStart: number;
  cpEnd: number;
  fc: number;
  compressed: boolean;
}

/** The piece table: the last structure of the CLX, after any property modifiers (Prc). */
function pieces(table: DataView, fcClx: number, lcbClx: number): Piece[] {
  let pos = fcClx;
  const end = fcClx + lcbClx;
  while (pos < end && table.getUint8(pos) === 0x01) pos += 3 + table.getInt16(pos + 1, true);
  if (pos >= end || table.getUint8(pos) !== 0x02) throw new Error('文本表（CLX）损坏');
  const lcb = table.getUint32(pos + 1, true);
  const plc = pos + 5;
  const n = (lcb - 4) / 12;
  const out: Piece[] = [];
  for (let i = 0; i < n; i++) {
    const fcRaw = table.getUint32(plc + 4 * (n + 1) + 8 * i + 2, true);
    const compressed = (fcRaw & 0x40000000) !== 0;
    const fc = fcRaw & 0x3fffffff;
    out.push({ cpStart: table.getUint32(plc + 4 * i, true), cpEnd: table.getUint32(plc + 4 * (i + 1), true), fc: compressed ? fc / 2 : fc, compressed });
  }
  return out;
}

/** The paragraph marks that end a table row (sprmPFTtp), by the file offset of the mark. */
interface ParagraphRun {
  fcStart: number;
  fcEnd: number;
  rowEnd: boolean;
}

const SPRM_P_F_TTP = 0x2417;
const SPRM_T_DEF_TABLE = 0xd608;
const SPRM_P_CHG_TABS = 0xc615;

/** Whether a PAPX's property list marks a row end; stops at a property whose size it cannot know. */
function marksRowEnd(page: DataView, start: number, end: number): boolean {
  let pos = start;
  while (pos + 2 <= end) {
    const sprm = page.getUint16(pos, true);
    pos += 2;
    if (sprm === SPRM_P_F_TTP) return page.getUint8(pos) === 1;
    const spra = sprm >> 13;
    let size: number;
    if (spra === 6) {
      if (sprm === SPRM_T_DEF_TABLE) size = 2 + page.getUint16(pos, true) - 1;
      else if (sprm === SPRM_P_CHG_TABS && page.getUint8(pos) === 255) return false;
      else size = 1 + page.getUint8(pos);
    } else size = [1, 1, 2, 4, 2, 2, 0, 3][spra];
    pos += size;
  }
  return false;
}

/** Paragraph properties from the PlcBtePapx and its 512-byte FKP pages in the WordDocument stream. */
function paragraphRuns(word: Uint8Array, table: DataView, fc: number, lcb: number): ParagraphRun[] {
  const n = (lcb - 4) / 8;
  const runs: ParagraphRun[] = [];
  for (let i = 0; i < n; i++) {
    const pn = table.getUint32(fc + 4 * (n + 1) + 4 * i, true) & 0x3fffff;
    if ((pn + 1) * 512 > word.length) continue;
    const page = new DataView(word.buffer, word.byteOffset + pn * 512, 512);
    const crun = page.getUint8(511);
    for (let k = 0; k < crun; k++) {
      const offset = page.getUint8(4 * (crun + 1) + 13 * k) * 2;
      let rowEnd = false;
      if (offset) {
        const cb = page.getUint8(offset);
        const [start, len] = cb === 0 ? [offset + 2, 2 * page.getUint8(offset + 1)] : [offset + 1, 2 * cb - 1];
        // The first two bytes are the paragraph's style (istd); the properties follow.
        rowEnd = marksRowEnd(page, start + 2, Math.min(start + len, 511));
      }
      runs.push({ fcStart: page.getUint32(4 * k, true), fcEnd: page.getUint32(4 * (k + 1), true), rowEnd });
    }
  }
  return runs.sort((a, b) => a.fcStart - b.fcStart);
}

function isRowEnd(runs: ParagraphRun[], fc: number): boolean {
  let lo = 0;
  let hi = runs.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (runs[mid].fcEnd <= fc) lo = mid + 1;
    else if (runs[mid].fcStart > fc) hi = mid - 1;
    else return runs[mid].rowEnd;
  }
  return false;
}

const FIELD_BEGIN = 0x13;
const FIELD_SEPARATOR = 0x14;
const FIELD_END = 0x15;
const CELL_MARK = 0x07;

/** Characters that stand for a break, an object or a hyphen rather than for themselves. */
const SPECIAL: Record<number, string> = {
  0x0d: '\n', // paragraph end
  0x0b: '\n', // line break
  0x0c: '\n', // page or section break
  0x0e: '\n', // column break
  0x1e: '-', // non-breaking hyphen
  0x1f: '', // soft hyphen
  0x01: '', // picture
  0x02: '', // footnote reference
  0x03: '', // footnote separator
  0x04: '', // continuation separator
  0x05: '', // annotation reference
  0x08: '', // drawn object
};

const CP1252 = new TextDecoder('windows-1252');
const UTF16 = new TextDecoder('utf-16le');

/** The main document's text: table cells separated by tabs, rows and paragraphs by line breaks. */
export function docText(bytes: Uint8Array): string {
  let cfb: unknown;
  try {
    cfb = CFB.read(bytes, { type: 'array' });
  } catch {
    throw new Error('不是 Word 97–2003 (.doc) 文件：无法打开其复合文档结构');
  }
  const word = stream(cfb, 'WordDocument');
  if (!word || word.length < 0x200) throw new Error('不是 Word 97–2003 (.doc) 文件：缺少 WordDocument 流');
  const fib = view(word);
  if (fib.getUint16(0, true) !== 0xa5ec) throw new Error('不是 Word 97–2003 (.doc) 文件：文件头标识不符');
  const nFib = fib.getUint16(2, true);
  const flags = fib.getUint16(0x0a, true);
  if (flags & 0x0100) throw new Error('Word 文档已加密，无法读取');
  if (nFib < 0xc1) throw new Error('Word 6.0/95 格式的 .doc 不受支持：请在 Word/WPS 中另存为 .docx');
  const table = stream(cfb, flags & 0x0200 ? '1Table' : '0Table');
  if (!table) throw new Error('Word 文档缺少表流（0Table/1Table）');
  // The FIB's variable parts: csw shorts, cslw longs (ccpText is the 4th), then fc/lcb pairs.
  const csw = fib.getUint16(32, true);
  const lw = 34 + 2 * csw;
  const cslw = fib.getUint16(lw, true);
  const ccpText = fib.getInt32(lw + 2 + 4 * 3, true);
  const fcLcb = lw + 2 + 4 * cslw + 2;
  const pair = (i: number): [number, number] => [fib.getUint32(fcLcb + 8 * i, true), fib.getUint32(fcLcb + 8 * i + 4, true)];
  const [fcClx, lcbClx] = pair(33);
  const [fcPapx, lcbPapx] = pair(13);
  const t = view(table);
  const runs = paragraphRuns(word, t, fcPapx, lcbPapx);

  const out: string[] = [];
  // Field nesting: true while inside a field's code (before its separator), whose text is not shown.
  const fields: boolean[] = [];
  for (const p of pieces(t, fcClx, lcbClx)) {
    const cpEnd = Math.min(p.cpEnd, ccpText);
    if (cpEnd <= p.cpStart) continue;
    const width = p.compressed ? 1 : 2;
    const raw = word.subarray(p.fc, p.fc + (cpEnd - p.cpStart) * width);
    const text = (p.compressed ? CP1252 : UTF16).decode(raw);
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (code === FIELD_BEGIN) fields.push(true);
      else if (code === FIELD_SEPARATOR) fields[fields.length - 1] = false;
      else if (code === FIELD_END) fields.pop();
      else if (fields.includes(true)) continue;
      else if (code === CELL_MARK) {
        if (isRowEnd(runs, p.fc + i * width)) {
          if (out[out.length - 1] === '\t') out.pop();
          out.push('\n');
        } else out.push('\t');
      } else out.push(SPECIAL[code] ?? text[i]);
    }
  }
  return out.join('');
}
