// One file's bytes → a ParsedFile: decode, recognise the table, convert every row. Pure and
// synchronous apart from Parquet decoding, so the browser runs it in a worker.
import { CsvReader, DELIMITERS } from './csv';
import { decodeText, type TextKind } from './decode';
import { recogniseTable, TABLE_COLUMNS, type HeaderMatch, type MoneyUnit } from './headers';
import { parquetCells, readParquetTable } from './parquet';
import { decideReadings, outputColumns, percentColumns, rowConverter, type RowSink } from './rows';
import { refusalReason, sniffKind } from './sniff';
import { StagedRows } from './stage';
import type { ParsedFile, Progress } from './types';

export function refused(file: string, reason: string, encoding: string | null = null): ParsedFile {
  return { file, table: null, encoding, columns: [], rowCount: 0, staged: null, rejected: [{ file, line: null, reason }], rowsRead: 0, notes: [] };
}

/** Column names in a note: a file with hundreds of stray columns must not bury the page in one note. */
const NAMED_AT_MOST = 20;
const NAME_CHARS = 40;

function namesList(names: string[]): string {
  const shown = names.slice(0, NAMED_AT_MOST).map((n) => (n.length > NAME_CHARS ? `${n.slice(0, NAME_CHARS)}…` : n));
  const rest = names.length - shown.length;
  return shown.join('、') + (rest > 0 ? `，另有 ${rest} 列（共 ${names.length} 列）` : '');
}

function headerNotes(m: HeaderMatch): string[] {
  const notes: string[] = [];
  if (m.unknown.length) notes.push(`未识别的列已忽略：${namesList(m.unknown)}`);
  if (m.duplicated.length) notes.push(`重复的列已忽略：${namesList(m.duplicated)}`);
  return notes;
}

/** Notes said once per text, with how many rows and the first of their lines. */
function rowNotes() {
  const byText = new Map<string, { count: number; lines: number[] }>();
  return {
    add(text: string, line: number) {
      const n = byText.get(text) ?? { count: 0, lines: [] };
      n.count++;
      if (n.lines.length < 5) n.lines.push(line);
      byText.set(text, n);
    },
    list: () => [...byText].map(([text, n]) => `${text}：${n.count} 行（第 ${n.lines.join('、')}${n.count > n.lines.length ? ' 等' : ''} 行）`),
  };
}

/**
 * Collects converted rows (column by column) and rejects for one file. A file with a percent column
 * is held until its end: how that column's bare numbers read is decided from all of them, before
 * any row converts. Other files (indicators, the big ones) convert row by row as they stream.
 */
export function collector(file: string, m: HeaderMatch, encoding: string, refused?: ReadonlyMap<string, string>, lineUnit: MoneyUnit = '万元') {
  const columns = outputColumns(m.table);
  const parsed: ParsedFile = {
    file, table: m.table, encoding, columns, rowCount: 0, staged: null, rejected: [], rowsRead: 0, notes: headerNotes(m),
  };
  // Money columns in 元 — by their own header (年初预算数（元）), else by a "单位：元" line above the
  // table — are converted to 万元 exactly as their cells are read; a header saying 万元 stays.
  const yuan = new Set(
    m.columns.flatMap((c, i) =>
      TABLE_COLUMNS[m.table].some((s) => s.name === c && s.type === 'money') && (m.units?.[i] ?? lineUnit) === '元' ? [i] : [],
    ),
  );
  if (yuan.size) parsed.notes.push(`金额以元为单位（${[...yuan].some((i) => m.units?.[i] === '元') ? '见表头' : '表头上方注明“单位：元”'}）：已换算为万元`);
  const rows = new StagedRows(columns);
  const notes = rowNotes();
  const sink: RowSink = {
    take(cells, line) {
      rows.push(cells, line);
      parsed.rowCount++;
    },
    reject(line, reason) {
      parsed.rejected.push({ file, line, reason });
    },
    note: notes.add,
  };
  const held: { cells: string[]; line: number }[] | null = percentColumns(m).length > 0 ? [] : null;
  const take = held
    ? (cells: string[], line: number) => void held.push({ cells, line })
    : rowConverter(m, sink, { readings: {}, refused });
  const convert = yuan.size ? (cells: string[], line: number) => take(cells.map((v, i) => (yuan.has(i) ? amountIn(v, '元')! : v)), line) : take;
  const finish = (): ParsedFile => {
    if (held) {
      const { readings, notes: readingNotes } = decideReadings(m, held.map((h) => h.cells));
      parsed.notes.push(...readingNotes);
      const convertHeld = rowConverter(m, sink, { readings, refused });
      for (const h of held) convertHeld(h.cells, h.line);
      // Rows rejected while reading (a wrong cell count) came first: back into line order.
      parsed.rejected.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
    }
    parsed.notes.push(...notes.list());
    if (parsed.rowCount > 0) parsed.staged = rows.ipc();
    return parsed;
  };
  return { parsed, convert, finish, width: m.columns.length };
}

const isBlank = (cells: string[]) => cells.every((c) => c == null || c.trim() === '');

export async function parseFile(file: string, bytes: Uint8Array, onProgress?: Progress): Promise<ParsedFile> {
  if (bytes.length === 0) return refused(file, '空文件');
  const kind = sniffKind(bytes, file);
  try {
    if (kind === 'parquet') return await parseParquet(file, bytes, onProgress);
    if (kind === 'text' || kind === 'utf16le' || kind === 'utf16be') return parseCsv(file, bytes, kind, onProgress);
    return refused(file, refusalReason(kind, bytes) ?? kind);
  } catch (e) {
    return refused(file, `无法读取：${e instanceof Error ? e.message : String(e)}`);
  }
}

/**
 * An amount as written under a heading that says its unit: in 元 it is read as "183.5元" is (to
 * 万元, exactly); text that is no plain number is left for the value checks to judge.
 */
export function amountIn(raw: string | null, unit: '万元' | '元'): string | null {
  if (raw == null || unit === '万元') return raw;
  return /^\s*[+-]?[\d,，.]+\s*$/.test(raw) ? `${raw.trim()}元` : raw;
}

/** A units line among the lines above the header ("单位：元", as a finance system prints it over a table). */
const YUAN_LINE = /(?:^|[\r\n])[\s,;|\t"]*单位\s*[:：]\s*元(?![\u4e00-\u9fff])/;

/** How many non-blank lines may stand above the header (titles, 单位：万元, Excel's sep=…). */
const HEADER_SEARCH_LINES = 30;

type HeaderFound =
  | { ok: true; match: HeaderMatch; body: CsvReader; notes: string[] }
  | { ok: false; reason: string };

/**
 * The header is the first non-blank line that is a table's header under one of the delimiters,
 * and that delimiter reads the whole body: a `;` or `|` inside a long text cell (预期目标
 * "1.…;2.…") then cannot pass for the delimiter, as it could when guessed from the body.
 */
function findHeader(text: string, badLines: Map<number, string>): HeaderFound {
  const at = new CsvReader(text, ',');
  let looked = 0;
  let shown: string[] | null = null;
  let firstBad: number | null = null;
  while (!at.done && looked < HEADER_SEARCH_LINES) {
    if (badLines.has(at.line)) {
      firstBad ??= at.line;
      looked++;
      at.skipLine();
      continue;
    }
    let best: { match: HeaderMatch; body: CsvReader; named: number } | null = null;
    let widest: string[] | null = null;
    for (const d of DELIMITERS) {
      const body = new CsvReader(text, d, at.pos, at.line);
      const rec = body.read();
      if (!rec.ok || isBlank(rec.cells)) continue;
      if (widest == null || rec.cells.length > widest.length) widest = rec.cells;
      const r = recogniseTable(rec.cells);
      const named = r.ok ? r.match.columns.filter((c) => c != null).length : 0;
      if (r.ok && (best == null || named > best.named)) best = { match: r.match, body, named };
    }
    if (best) {
      const notes = looked > 0 ? [`表头在第 ${at.line} 行：此前 ${looked} 行不是表头（标题、说明等），未作为数据读入`] : [];
      return { ok: true, match: best.match, body: best.body, notes };
    }
    if (widest) {
      // The refusal quotes the first line that could have been the header, cut where it has most cells.
      shown ??= widest;
      looked++;
    }
    at.skipLine();
  }
  const first = shown && recogniseTable(shown);
  if (first && !first.ok) return { ok: false, reason: first.reason };
  if (firstBad != null) return { ok: false, reason: `找不到表头：第 ${firstBad} 行${badLines.get(firstBad)}` };
  return { ok: false, reason: '只有空行，没有表头' };
}

/** Why a record cannot be taken because a line it covers is not text; null when all are. */
function badLineIn(badLines: Map<number, string>, first: number, last: number): string | null {
  const own = badLines.get(first);
  if (own) return own;
  for (let l = first + 1; l <= last; l++) {
    const reason = badLines.get(l);
    if (reason) return `此行开始的跨行单元格覆盖了第 ${l} 行，而该行${reason.replace(/^此行/, '')}`;
  }
  return null;
}

function parseCsv(file: string, bytes: Uint8Array, kind: TextKind, onProgress?: Progress): ParsedFile {
  const { text, encoding, badLines, notes } = decodeText(bytes, kind);
  if (text.trim() === '' && badLines.size === 0) return refused(file, '空文件', encoding);
  const header = findHeader(text, badLines);
  if (!header.ok) return refused(file, header.reason, encoding);
  // Amounts under a "单位：元" line are in 元, unless their header says otherwise.
  const state = collector(file, header.match, encoding, undefined, YUAN_LINE.test(text.slice(0, header.body.pos)) ? '元' : '万元');
  const { parsed, convert } = state;
  parsed.notes.push(...notes, ...header.notes);
  const reader = header.body;
  const expected = state.width;
  const reject = (line: number, reason: string) => parsed.rejected.push({ file, line, reason });
  let blankRows = 0;
  const total = text.length;
  let nextReport = 0;
  while (!reader.done) {
    const rec = reader.read();
    if (!rec.ok) {
      // Malformed quoting: the reader has already moved on to the next line.
      parsed.rowsRead++;
      reject(rec.line, rec.reason);
      continue;
    }
    const cells = rec.cells;
    const notText = badLines.size > 0 ? badLineIn(badLines, rec.line, rec.lastLine) : null;
    if (notText) {
      parsed.rowsRead++;
      reject(rec.line, notText);
      if (rec.lastLine > rec.line) reader.restartAfterFirstLine();
      continue;
    }
    if (isBlank(cells)) {
      // An empty line is nothing; a row of empty cells (",,,,") is worth a note.
      if (cells.length > 1) blankRows++;
      continue;
    }
    parsed.rowsRead++;
    if (!fits(cells, expected)) {
      reject(rec.line, `列数不符：表头 ${expected} 列，此行 ${cells.length} 列`);
      // A record that spans lines and does not fit was probably opened by a stray quote: only its first line is lost.
      if (rec.lastLine > rec.line) reader.restartAfterFirstLine();
    } else {
      convert(cells, rec.line);
    }
    if (onProgress && reader.pos >= nextReport) {
      onProgress(reader.pos, total);
      nextReport = reader.pos + total / 50;
    }
  }
  if (blankRows) parsed.notes.push(`跳过全空的行 ${blankRows} 行`);
  onProgress?.(total, total);
  return state.finish();
}

/** As many cells as the header, or more when the extra ones are empty (trailing delimiters). */
function fits(cells: string[], expected: number): boolean {
  if (cells.length < expected) return false;
  for (let c = expected; c < cells.length; c++) if (cells[c].trim() !== '') return false;
  return true;
}

async function parseParquet(file: string, bytes: Uint8Array, onProgress?: Progress): Promise<ParsedFile> {
  const table = await readParquetTable(bytes);
  const headers = table.schema.fields.map((f) => f.name);
  const rec = recogniseTable(headers);
  if (!rec.ok) return refused(file, rec.reason, 'parquet');
  const { columns, refused: refusedColumns, notes } = parquetCells(table, rec.match);
  const { parsed, convert, finish } = collector(file, rec.match, 'parquet', refusedColumns);
  parsed.notes.push(...notes);
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
