// What a file is, from its first bytes (and its name only where the bytes leave it open): the
// loader routes each kind to its reader, or refuses it in words that name the kind, so nobody gets
// a "header not recognised" message full of a workbook's binary. Pure: no I/O, no decoding state.

export type FileKind =
  | 'parquet'
  | 'xlsx'
  | 'ods'
  | 'docx'
  | 'zip'
  | 'xls'
  | 'doc'
  | 'ole'
  | 'pdf'
  | 'rtf'
  | 'html'
  | 'xml'
  | 'image'
  | 'archive'
  | 'utf16le'
  | 'utf16be'
  | 'text'
  | 'binary';

/** How much of the start of a file the text heuristics look at. */
const SAMPLE = 4096;

const IMAGE_FORMATS: [string, (b: Uint8Array) => boolean][] = [
  ['PNG', (b) => startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])],
  ['JPEG', (b) => startsWith(b, [0xff, 0xd8, 0xff])],
  ['GIF', (b) => ascii(b, 0, 6) === 'GIF87a' || ascii(b, 0, 6) === 'GIF89a'],
  // "BM" alone could start a text line: the header's reserved bytes must be zero too.
  ['BMP', (b) => ascii(b, 0, 2) === 'BM' && b.length >= 14 && b[6] === 0 && b[7] === 0 && b[8] === 0 && b[9] === 0],
  ['WebP', (b) => ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 12) === 'WEBP'],
  ['TIFF', (b) => startsWith(b, [0x49, 0x49, 0x2a, 0x00]) || startsWith(b, [0x4d, 0x4d, 0x00, 0x2a])],
  ['HEIC', (b) => ascii(b, 4, 8) === 'ftyp' && /^(heic|heix|mif1|avif)$/.test(ascii(b, 8, 12))],
];

function startsWith(b: Uint8Array, magic: number[], at = 0): boolean {
  if (b.length < at + magic.length) return false;
  for (let i = 0; i < magic.length; i++) if (b[at + i] !== magic[i]) return false;
  return true;
}

/** Bytes [from, to) as Latin-1: enough to compare ASCII signatures. */
function ascii(b: Uint8Array, from: number, to: number): string {
  return String.fromCharCode(...b.subarray(from, Math.min(to, b.length)));
}

/** Whether `needle` (ASCII; `utf16` spells it as UTF-16LE) occurs in `b`. */
function contains(b: Uint8Array, needle: string, utf16 = false): boolean {
  const pat = utf16 ? [...needle].flatMap((c) => [c.charCodeAt(0), 0]) : [...needle].map((c) => c.charCodeAt(0));
  for (let i = b.indexOf(pat[0]); i >= 0 && i + pat.length <= b.length; i = b.indexOf(pat[0], i + 1)) {
    if (startsWith(b, pat, i)) return true;
  }
  return false;
}

/** The image format of a file ("PNG", "JPEG" …), or null when it is no image. */
export function imageFormat(bytes: Uint8Array): string | null {
  return IMAGE_FORMATS.find(([, test]) => test(bytes))?.[0] ?? null;
}

const ext = (name: string) => /\.([a-z0-9]+)$/i.exec(name)?.[1].toLowerCase() ?? '';

/** A zip's entry names sit in its local headers (start) and central directory (end). */
function zipKind(b: Uint8Array, name: string): FileKind {
  const ends = b.length > 2 * 65536 ? [b.subarray(0, 65536), b.subarray(b.length - 65536)] : [b];
  const has = (s: string) => ends.some((part) => contains(part, s));
  if (has('xl/workbook')) return 'xlsx';
  if (has('word/document')) return 'docx';
  if (has('application/vnd.oasis.opendocument.spreadsheet')) return 'ods';
  const e = ext(name);
  if (e === 'xlsx' || e === 'xlsm') return 'xlsx';
  if (e === 'docx') return 'docx';
  if (e === 'ods') return 'ods';
  return 'zip';
}

/** An OLE compound file names its streams in UTF-16LE: Workbook/Book for Excel, WordDocument for Word. */
function oleKind(b: Uint8Array, name: string): FileKind {
  // Word first: a document's own text (stored as UTF-16 too) may well say "Book".
  if (contains(b, 'WordDocument', true)) return 'doc';
  if (contains(b, 'Workbook', true) || contains(b, 'Book', true)) return 'xls';
  const e = ext(name);
  if (e === 'xls' || e === 'et') return 'xls';
  if (e === 'doc' || e === 'wps') return 'doc';
  return 'ole';
}

/**
 * UTF-16 text has a zero byte in every ASCII character (delimiters, digits, line ends): at odd
 * offsets in little-endian, even ones in big-endian. UTF-8 and GBK text has none.
 */
function utf16Order(b: Uint8Array, hasBom: boolean): 'utf16le' | 'utf16be' | null {
  const n = Math.min(b.length, SAMPLE) & ~1;
  let even = 0;
  let odd = 0;
  for (let i = 0; i < n; i += 2) {
    if (b[i] === 0) even++;
    if (b[i + 1] === 0) odd++;
  }
  // With a BOM a few ASCII characters settle it; without one they must be frequent, as in a table.
  const needed = hasBom ? 1 : Math.max(1, n / 2 / 10);
  if (odd >= needed && even * 4 <= odd) return 'utf16le';
  if (even >= needed && odd * 4 <= even) return 'utf16be';
  return null;
}

/** Control bytes no text file has (tab, LF, CR, FF and ESC aside). */
function controlShare(b: Uint8Array): { count: number; share: number } {
  const n = Math.min(b.length, SAMPLE);
  let count = 0;
  for (let i = 0; i < n; i++) {
    const c = b[i];
    if (c < 0x20 && c !== 9 && c !== 10 && c !== 13 && c !== 12 && c !== 27) count++;
  }
  return { count, share: n ? count / n : 0 };
}

export function sniffKind(bytes: Uint8Array, name: string): FileKind {
  const b = bytes;
  if (startsWith(b, [0x50, 0x41, 0x52, 0x31]) && b.length >= 8) return 'parquet';
  if (startsWith(b, [0x50, 0x4b, 0x03, 0x04]) || startsWith(b, [0x50, 0x4b, 0x05, 0x06]) || startsWith(b, [0x50, 0x4b, 0x07, 0x08])) return zipKind(b, name);
  if (startsWith(b, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return oleKind(b, name);
  if (ascii(b, 0, 1024).includes('%PDF-')) return 'pdf';
  if (imageFormat(b)) return 'image';
  if (startsWith(b, [0x1f, 0x8b]) || startsWith(b, [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c]) || ascii(b, 0, 6) === 'Rar!\x1a\x07') return 'archive';
  if (startsWith(b, [0xff, 0xfe]) && !startsWith(b, [0xff, 0xfe, 0x00, 0x00])) return utf16Order(b.subarray(2), true) === 'utf16le' ? 'utf16le' : 'binary';
  if (startsWith(b, [0xfe, 0xff])) return utf16Order(b.subarray(2), true) === 'utf16be' ? 'utf16be' : 'binary';
  const order = utf16Order(b, false);
  if (order) return order;
  const head = ascii(b, startsWith(b, [0xef, 0xbb, 0xbf]) ? 3 : 0, 1024).trimStart().toLowerCase();
  if (head.startsWith('{\\rtf')) return 'rtf';
  if (/^<(!doctype\s+html|html|head|body|table|meta)[\s>]/.test(head)) return 'html';
  if (head.startsWith('<?xml')) return 'xml';
  // Compressed or executable data is one byte in ten a control byte; a text file has none, and a
  // damaged line or two must stay a damaged line, not a refused file.
  const ctl = controlShare(b);
  if (ctl.count >= 64 && ctl.share >= 0.05) return 'binary';
  return 'text';
}

/** What each kind is called in messages (a reason names what the file is, never shows its bytes). */
export const KIND_NAMES: Record<FileKind, string> = {
  parquet: 'Parquet 文件', text: '文本文件', utf16le: 'UTF-16 文本', utf16be: 'UTF-16 文本',
  xlsx: 'Excel 工作簿（.xlsx）', xls: 'Excel 97–2003 工作簿（.xls）', ods: 'OpenDocument 表格（.ods）',
  docx: 'Word 文档（.docx）', doc: 'Word 97–2003 文档（.doc）', pdf: 'PDF 文档',
  html: '网页文件（HTML；Excel“另存为网页”的 .xls 也是这种）', ole: 'Office 97–2003 文件（OLE 复合文档）',
  rtf: 'RTF 文档', xml: 'XML 文件（例如 Excel 2003 XML 表格）', image: '图片', zip: 'ZIP 压缩包',
  archive: '压缩文件（gzip、7z 或 RAR）', binary: '二进制文件',
};

const CONVERT = '请在原软件中另存为 CSV（UTF-8 或 GBK）、“Unicode 文本”、.xlsx、.docx 或 Parquet 后再载入';

/**
 * Why the export reader does not read a file of this kind, naming the kind; null for kinds it reads.
 * Workbooks, Word files, PDFs and web pages are read by the document readers (read.ts routes them
 * there first), so here they are only "not an export table".
 */
export function refusalReason(kind: FileKind, bytes: Uint8Array): string | null {
  switch (kind) {
    case 'parquet':
    case 'text':
    case 'utf16le':
    case 'utf16be':
      return null;
    case 'xlsx':
    case 'xls':
    case 'ods':
    case 'docx':
    case 'doc':
    case 'pdf':
    case 'html':
      return `这是${KIND_NAMES[kind]}，由文档读取器读取，不是导出的数据表（CSV/Parquet）`;
    case 'ole':
    case 'rtf':
    case 'xml':
      return `这是${KIND_NAMES[kind]}，暂不能直接读取：${CONVERT}`;
    case 'image':
      return `这是图片（${imageFormat(bytes) ?? '图像'}），不是数据表；扫描件请改用有文字层的 PDF、Word 或 Excel 文件`;
    case 'zip':
    case 'archive':
      return `这是${KIND_NAMES[kind]}：请先解压，再载入其中的文件`;
    case 'binary':
      return '这是二进制文件，不是文本表格（CSV）、Parquet 或可读取的文档';
  }
}

/** Names a folder walk takes (CLI and page): exports, and the documents the readers read. */
export const READABLE_NAME = /\.(csv|tsv|txt|parquet|xlsx|xlsm|xls|ods|et|docx|doc|html?|shtml|pdf)$/i;
