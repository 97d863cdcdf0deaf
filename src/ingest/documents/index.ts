// A document's bytes → its tables: find which kind of document it is, load that reader (lazily:
// each reader and its library is its own chunk, so the initial JavaScript stays small), then the one
// recogniser. Readers are registered one line each below.
import { refused } from '../parse';
import type { ParsedFile } from '../types';
import type { DocumentGrids, DocumentKind } from './grid';
import { sniffKind, type FileKind } from '../sniff';

export type DocumentReader = (bytes: Uint8Array, file: string) => DocumentGrids | Promise<DocumentGrids>;

const READERS: Record<DocumentKind, () => Promise<DocumentReader>> = {
  txt: async () => (await import('./text')).readText,
  html: async () => (await import('./html')).readHtml,
  xlsx: async () => (await import('./workbook')).readWorkbook,
  xls: async () => (await import('./workbook')).readWorkbook,
  ods: async () => (await import('./workbook')).readWorkbook,
  et: async () => (await import('./workbook')).readWorkbook,
  docx: async () => (await import('./docx')).readDocx,
  // Word 97–2003 is read through its text (cells become tabs), by the text reader.
  doc: async () => {
    const [{ docText }, { textGrids }] = await Promise.all([import('./doc'), import('./text')]);
    return (bytes, file) => ({ ...textGrids(docText(bytes), file), kind: 'doc' });
  },
  pdf: async () => {
    const { readPdf } = await import('./pdf');
    return (bytes, file) => readPdf(file, bytes);
  },
};

/** The document kinds among what sniff.ts tells from a file's first bytes. */
const SNIFFED: Partial<Record<FileKind, DocumentKind>> = {
  xlsx: 'xlsx', xls: 'xls', ods: 'ods', docx: 'docx', doc: 'doc', pdf: 'pdf', html: 'html',
};

/**
 * The kind of document a file is, from its bytes (sniff.ts, the one detector of file kinds): a
 * .docx that is no zip, or a .pdf without %PDF, is not taken for what its name says. A text file
 * named .txt is 'txt', which may still be an export ("Unicode 文本"): read.ts tries that first.
 * null: not a document.
 */
export function documentKind(file: string, bytes: Uint8Array): DocumentKind | null {
  const sniffed = sniffKind(bytes, file);
  if (/\.txt$/i.test(file) && (sniffed === 'text' || sniffed === 'utf16le' || sniffed === 'utf16be')) return 'txt';
  const kind = SNIFFED[sniffed] ?? null;
  return kind === 'xls' && /\.et$/i.test(file) ? 'et' : kind;
}

/** One document → a ParsedFile per table found in it (or one refusal saying why none was). */
export async function parseDocument(
  file: string,
  bytes: Uint8Array,
  options: { region?: string } = {},
  kind: DocumentKind | null = documentKind(file, bytes),
): Promise<ParsedFile[]> {
  if (bytes.length === 0) return [refused(file, '空文件')];
  if (kind == null) return [refused(file, '不是可读取的文档（支持 .xlsx/.xls/.ods/.et、.docx/.doc、.html、.pdf、.txt）')];
  const load = READERS[kind];
  let doc: DocumentGrids;
  try {
    doc = await (await load())(bytes, file);
  } catch (e) {
    return [refused(file, `无法读取：${e instanceof Error ? e.message : String(e)}`)];
  }
  if (doc.refusal) return [refused(file, doc.refusal, kind)];
  // The recogniser is its own chunk too: only documents need it.
  const { recogniseDocument } = await import('./recognise');
  return recogniseDocument(doc, file, { region: options.region, encoding: doc.encoding ?? kind });
}
