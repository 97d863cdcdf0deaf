// One file's bytes → a ParsedFile: decode, recognise the table, convert every row. Pure and
// synchronous apart from Parquet decoding, so the browser runs it in a worker.
import Papa from 'papaparse';
import { decodeText, isParquet } from './decode';
import { recogniseTable, type HeaderMatch } from './headers';
import { columnAsText, readParquetTable } from './parquet';
import { outputColumns, rowConverter } from './rows';
import { stageIPC } from './stage';
import type { ParsedFile, Progress } from './types';

export function refused(file: string, reason: string, encoding: string | null = null): ParsedFile {
  return { file, table: null, encoding, columns: [], rowCount: 0, staged: null, rejected: [{ file, line: null, reason }], rowsRead: 0, notes: [] };
}

function headerNotes(m: HeaderMatch): string[] {
  const notes: string[] = [];
  if (m.unknown.length) notes.push(`未识别的列已忽略：${m.unknown.join('、')}`);
  if (m.duplicated.length) notes.push(`重复的列已忽略：${m.duplicated.join('、')}`);
  return notes;
}

/** Collects converted rows (column by column) and rejects for one file. */
export function collector(file: string, m: HeaderMatch, encoding: string) {
  const columns = outputColumns(m.table);
  const parsed: ParsedFile = {
    file, table: m.table, encoding, columns, rowCount: 0, staged: null, rejected: [], rowsRead: 0, notes: headerNotes(m),
  };
  const cellsByColumn: (string | null)[][] = columns.map(() => []);
  const lines: number[] = [];
  const convert = rowConverter(m, {
    take(cells, line) {
      for (let c = 0; c < cells.length; c++) cellsByColumn[c].push(cells[c]);
      lines.push(line);
      parsed.rowCount++;
    },
    reject(line, reason) {
      parsed.rejected.push({ file, line, reason });
    },
  });
  const finish = (): ParsedFile => {
    if (parsed.rowCount > 0) parsed.staged = stageIPC(columns, cellsByColumn, lines);
    return parsed;
  };
  return { parsed, convert, finish, width: m.columns.length };
}

const isBlank = (cells: string[]) => cells.every((c) => c == null || c.trim() === '');

export async function parseFile(file: string, bytes: Uint8Array, onProgress?: Progress): Promise<ParsedFile> {
  if (bytes.length === 0) return refused(file, '空文件');
  try {
    return isParquet(bytes) ? await parseParquet(file, bytes, onProgress) : parseCsv(file, bytes, onProgress);
  } catch (e) {
    return refused(file, `无法读取：${e instanceof Error ? e.message : String(e)}`);
  }
}

function parseCsv(file: string, bytes: Uint8Array, onProgress?: Progress): ParsedFile {
  const { text, encoding } = decodeText(bytes);
  if (text.trim() === '') return refused(file, '空文件', encoding);
  let state: ReturnType<typeof collector> | null = null;
  let refusal: ParsedFile | null = null;
  let blankRows = 0;
  // Line numbers as an editor shows them: count line breaks up to where each record starts.
  let counted = 0;
  let line = 1;
  let rowStart = 0;
  const total = text.length;
  let nextReport = 0;
  Papa.parse<string[]>(text, {
    delimitersToGuess: [',', '\t', ';', '|'],
    step(result, parser) {
      const cells = result.data;
      for (; counted < rowStart; counted++) {
        const ch = text.charCodeAt(counted);
        if (ch === 10 || (ch === 13 && text.charCodeAt(counted + 1) !== 10)) line++;
      }
      const at = line;
      rowStart = result.meta.cursor;
      if (state == null) {
        if (isBlank(cells)) return;
        const rec = recogniseTable(cells);
        if (!rec.ok) {
          refusal = refused(file, rec.reason, encoding);
          parser.abort();
          return;
        }
        state = collector(file, rec.match, encoding);
        return;
      }
      if (isBlank(cells)) {
        // An empty line is nothing; a row of empty cells (",,,,") is worth a note.
        if (cells.length > 1) blankRows++;
        return;
      }
      state.parsed.rowsRead++;
      const expected = state.width;
      if (cells.length < expected || cells.slice(expected).some((c) => c.trim() !== '')) {
        state.parsed.rejected.push({ file, line: at, reason: `列数不符：表头 ${expected} 列，此行 ${cells.length} 列` });
      } else {
        state.convert(cells, at);
      }
      if (onProgress && rowStart >= nextReport) {
        onProgress(rowStart, total);
        nextReport = rowStart + total / 50;
      }
    },
  });
  if (refusal) return refusal;
  if (state == null) return refused(file, '只有空行，没有表头', encoding);
  const { parsed, finish } = state as ReturnType<typeof collector>;
  if (blankRows) parsed.notes.push(`跳过全空的行 ${blankRows} 行`);
  onProgress?.(total, total);
  return finish();
}

async function parseParquet(file: string, bytes: Uint8Array, onProgress?: Progress): Promise<ParsedFile> {
  const table = await readParquetTable(bytes);
  const headers = table.schema.fields.map((f) => f.name);
  const rec = recogniseTable(headers);
  if (!rec.ok) return refused(file, rec.reason, 'parquet');
  const { parsed, convert, finish } = collector(file, rec.match, 'parquet');
  const columns = headers.map((h) => columnAsText(table, h));
  const n = table.numRows;
  const step = Math.max(1, Math.floor(n / 50));
  for (let i = 0; i < n; i++) {
    const cells = columns.map((c) => c[i] ?? '');
    parsed.rowsRead++;
    // Parquet has no lines: row i is reported as the line it would be in the CSV it mirrors.
    convert(cells, i + 2);
    if (onProgress && i % step === 0) onProgress(i, n);
  }
  onProgress?.(n, n);
  return finish();
}
