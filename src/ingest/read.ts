// One file's bytes → its parts: every table found in it, each a ParsedFile with the same `file`.
// A CSV or Parquet export is one table; a document (workbook, report) may hold several. Pure, like
// parse.ts: it runs in the ingest worker in the browser.
import { tableFromIPC } from 'apache-arrow';
import { deriveEvalId } from './evalId';
import { documentKind, parseDocument } from './documents/index';
import { parseFile } from './parse';
import { sniffKind } from './sniff';
import { stageIPC } from './stage';
import type { ParsedFile, Progress } from './types';

/** What a user sets for a batch of files. */
export interface ReadOptions {
  /** The region of files that name none (a document, an export without a 地区 column). */
  region?: string;
}

/**
 * Workbooks, Word files, PDFs and web pages go to their document readers; CSV and Parquet to the
 * export reader. A text file is either an export or a form's copied text (like shared/seeds/): the
 * export reader tries first; a text whose header it does not know goes to the recogniser, and so
 * does a small one it read with rows rejected (a sheet copied out of Excel under a two-row header,
 * whose second row the export reader takes for data) — the reading that rejects fewer rows wins.
 */
export async function readFile(file: string, bytes: Uint8Array, options: ReadOptions, onProgress?: Progress): Promise<ParsedFile[]> {
  const kind = documentKind(file, bytes);
  const parts = kind && kind !== 'txt' ? await parseDocument(file, bytes, options, kind) : await readExportOrText(file, bytes, options, onProgress);
  const region = options.region?.trim();
  return region ? parts.map((p) => withRegion(p, region)) : parts;
}

/** Text up to this size may be a form or a sheet copied out (a county's flat export of ~1,000 forms is ~2 MB), never a province's export. */
const TEXT_FORM_MAX_BYTES = 16 * 1024 * 1024;

const rowsRejected = (parts: ParsedFile[]) => parts.reduce((n, p) => n + p.rejected.filter((r) => r.line != null).length, 0);

async function readExportOrText(file: string, bytes: Uint8Array, options: ReadOptions, onProgress?: Progress): Promise<ParsedFile[]> {
  const parsed = await parseFile(file, bytes, onProgress);
  const kind = sniffKind(bytes, file);
  if (kind !== 'text' && kind !== 'utf16le' && kind !== 'utf16be') return [parsed];
  const unknownText = parsed.table == null && parsed.rowsRead === 0;
  const rejecting = parsed.table != null && rowsRejected([parsed]) > 0 && bytes.length <= TEXT_FORM_MAX_BYTES;
  if (!unknownText && !rejecting) return [parsed];
  const asDocument = await parseDocument(file, bytes, options, 'txt');
  if (!asDocument.some((p) => p.table != null)) return [parsed];
  return unknownText || rowsRejected(asDocument) < rowsRejected([parsed]) ? asDocument : [parsed];
}

/**
 * A part none of whose rows names a region takes the batch's region, and a 评价编号 derived
 * without one is derived again with it (so the form's id names its region). A part that names a
 * region anywhere keeps its own: a blank cell there is blank, not the batch's.
 */
function withRegion(part: ParsedFile, region: string): ParsedFile {
  if (!part.staged || !part.columns.includes('region')) return part;
  const table = tableFromIPC(part.staged);
  if (table.getChild('region')!.nullCount !== table.numRows) return part;
  const cells = part.columns.map((c) => table.getChild(c)!.toArray() as (string | null)[]);
  const at = (c: string) => cells[part.columns.indexOf(c)];
  const lines = Array.from(table.getChild('source_line')!.toArray() as Int32Array);
  at('region').fill(region);
  if (part.table === 'evaluations') {
    const [ids, departments, years, kinds, projects] = ['eval_id', 'department', 'year', 'kind', 'project'].map(at);
    for (let i = 0; i < ids.length; i++) {
      const unnamed = deriveEvalId(null, departments[i]!, years[i]!, kinds[i]!, projects[i]);
      if (ids[i] === unnamed) ids[i] = deriveEvalId(region, departments[i]!, years[i]!, kinds[i]!, projects[i]);
    }
  }
  return { ...part, staged: stageIPC(part.columns, cells, lines), notes: [...part.notes, `文件未注明地区：按本批设置记为「${region}」`] };
}
