// A document's bytes → its tables: find which kind of document it is, load that reader (lazily:
// each reader and its library is its own chunk, so the initial JavaScript stays small), then the one
// recogniser. Readers are registered one line each below.
import { refused } from '../parse';
import type { ParsedFile } from '../types';
import type { DocumentGrids, DocumentKind } from './grid';
import { recogniseDocument } from './recognise';

export type DocumentReader = (bytes: Uint8Array, file: string) => DocumentGrids | Promise<DocumentGrids>;

const READERS: Partial<Record<DocumentKind, () => Promise<DocumentReader>>> = {
  txt: async () => (await import('./text')).readText,
  html: async () => (await import('./html')).readHtml,
};

const EXTENSIONS: Record<string, DocumentKind> = {
  xlsx: 'xlsx', xlsm: 'xlsx', xls: 'xls', ods: 'ods', et: 'et', docx: 'docx', doc: 'doc',
  html: 'html', htm: 'html', shtml: 'html', pdf: 'pdf', txt: 'txt',
};

const starts = (bytes: Uint8Array, magic: number[]) => magic.every((b, i) => bytes[i] === b);
const ZIP = [0x50, 0x4b, 0x03, 0x04];
const OLE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const PDF = [0x25, 0x50, 0x44, 0x46, 0x2d];
const ZIPPED: DocumentKind[] = ['xlsx', 'ods', 'docx'];
const COMPOUND: DocumentKind[] = ['xls', 'et', 'doc'];

/** Looks like markup: an HTML page saved from a site, whatever its name. */
function looksLikeHtml(bytes: Uint8Array): boolean {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 1024)).trimStart().toLowerCase();
  return /^(<!doctype html|<html|<head|<meta|<table|<body)/.test(head.replace(/^\ufeff|^ï»¿/, ''));
}

/**
 * The kind of document, by its name and checked against its first bytes: a .docx that is not a
 * zip, or a .pdf without %PDF, is not taken for what its name says. null: not a document we read.
 */
export function documentKind(file: string, bytes: Uint8Array): DocumentKind | null {
  const ext = EXTENSIONS[/\.([a-z0-9]+)$/i.exec(file)?.[1].toLowerCase() ?? ''];
  if (starts(bytes, PDF)) return 'pdf';
  if (starts(bytes, ZIP)) return ext && ZIPPED.includes(ext) ? ext : null;
  if (starts(bytes, OLE)) return ext && COMPOUND.includes(ext) ? ext : null;
  if (looksLikeHtml(bytes)) return 'html';
  if (ext === 'txt') return 'txt';
  return null;
}

export const isDocument = (file: string, bytes: Uint8Array) => documentKind(file, bytes) != null;

/** One document → a ParsedFile per table found in it (or one refusal saying why none was). */
export async function parseDocument(file: string, bytes: Uint8Array, options: { region?: string } = {}): Promise<ParsedFile[]> {
  if (bytes.length === 0) return [refused(file, '空文件')];
  const kind = documentKind(file, bytes);
  if (kind == null) return [refused(file, '不是可读取的文档（支持 .xlsx/.xls/.ods/.et、.docx/.doc、.html、.pdf、.txt）')];
  const load = READERS[kind];
  if (!load) return [refused(file, `尚不能读取 ${kind} 文档`)];
  let doc: DocumentGrids;
  try {
    doc = await (await load())(bytes, file);
  } catch (e) {
    return [refused(file, `无法读取：${e instanceof Error ? e.message : String(e)}`)];
  }
  return recogniseDocument(doc, file, { region: options.region, encoding: doc.encoding ?? kind });
}
