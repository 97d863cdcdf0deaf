// The review file: the marks of a review, small enough to mail to a colleague or keep for next
// year's load, as JSON or as CSV (Excel-safe). Each mark carries its finding's identity in parts
// (rule, region, department, year, kind, project, cell), never a 评价编号, so it finds its finding
// in any load of the same forms. Reading one never loses a line silently: a line that is not a
// mark is returned with its line number and why.
import { CsvReader } from '../ingest/csv';
import { guardFormula, toCsv } from '../format/csv';
import { REVIEW_STATES, type ReviewMark, type ReviewState } from './store';

export const REVIEW_FILE_FORMAT = 'selfeval-lens-review';
export const REVIEW_FILE_VERSION = 1;

const COLUMNS = ['rule', 'region', 'department', 'year', 'kind', 'project', 'cell', 'state', 'reason', 'marked_at'] as const;
const HEADERS_ZH = ['规则', '地区', '部门', '年度', '评价类型', '项目名称', '单元格', '复核状态', '理由', '标记时间'] as const;
/** The states as the CSV writes them (a person may edit the file in Excel); English ones are read too. */
export const STATE_ZH: Record<ReviewState, string> = { confirmed: '确认', dismissed: '排除', pending: '待核' };

export function reviewFileJson(marks: readonly ReviewMark[]): string {
  return JSON.stringify({ format: REVIEW_FILE_FORMAT, version: REVIEW_FILE_VERSION, marks: marks.map((m) => Object.fromEntries(COLUMNS.map((c) => [c, m[c]]))) }, null, 2) + '\n';
}

/**
 * Guards a cell against Excel's formulas so that reading undoes it exactly: a text starting with
 * `'` gets one more, so every leading `'` that reading strips was added here.
 */
const guardCell = (s: string) => (s.startsWith("'") ? `'${s}` : guardFormula(s));
const unguardCell = (s: string) => (s.startsWith("'") ? s.slice(1) : s);

export function reviewFileCsv(marks: readonly ReviewMark[]): string {
  const rows = marks.map((m) => ({
    ...Object.fromEntries(COLUMNS.map((c) => [c, m[c] == null ? null : guardCell(String(m[c]))])),
    state: STATE_ZH[m.state],
  }));
  return toCsv([...COLUMNS], rows, [...HEADERS_ZH]);
}

export interface ReviewFileProblem {
  /** The line (CSV) or the mark's place (JSON, from 1); null for the file as a whole. */
  line: number | null;
  reason: string;
}

export interface ReadReviewFile {
  marks: ReviewMark[];
  problems: ReviewFileProblem[];
}

function stateOf(v: string): ReviewState | null {
  const t = v.trim();
  if ((REVIEW_STATES as readonly string[]).includes(t)) return t as ReviewState;
  return (Object.keys(STATE_ZH) as ReviewState[]).find((s) => STATE_ZH[s] === t) ?? null;
}

/** One mark from its fields as read (strings or JSON values), or why it is not one. */
function markOf(get: (c: (typeof COLUMNS)[number]) => unknown): ReviewMark | string {
  const t = {} as Record<(typeof COLUMNS)[number], string | null>;
  for (const c of COLUMNS) {
    const v = get(c);
    if (v == null || v === '') t[c] = null;
    else if (typeof v === 'string' || typeof v === 'number') t[c] = String(v);
    else return `「${c}」不是文字 / not text`;
  }
  const { rule, department, cell } = t;
  if (!rule || !department || !cell) return '缺少规则、部门或单元格 / rule, department or cell missing';
  const year = t.year == null ? null : Number(t.year);
  if (year != null && !(Number.isInteger(year) && year >= 1900 && year <= 2100)) return `年度「${t.year}」不是年份 / not a year`;
  const state = stateOf(t.state ?? '');
  if (!state) return `复核状态「${t.state ?? ''}」应为 确认、排除 或 待核 / state must be confirmed, dismissed or pending`;
  const reason = t.reason?.trim() || null;
  if (state === 'dismissed' && !reason) return '排除未写理由 / a dismissal without a reason';
  return { rule, region: t.region, department, year, kind: t.kind, project: t.project, cell, state, reason, marked_at: t.marked_at };
}

function readJson(text: string): ReadReviewFile {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    return { marks: [], problems: [{ line: null, reason: `不是有效的 JSON / not valid JSON: ${(e as Error).message}` }] };
  }
  const d = doc as { format?: unknown; marks?: unknown };
  if (d == null || typeof d !== 'object' || d.format !== REVIEW_FILE_FORMAT || !Array.isArray(d.marks)) {
    return { marks: [], problems: [{ line: null, reason: '不是复核文件（缺少 format 或 marks）/ not a review file' }] };
  }
  const marks: ReviewMark[] = [];
  const problems: ReviewFileProblem[] = [];
  d.marks.forEach((m: unknown, i) => {
    const r = m != null && typeof m === 'object' ? markOf((c) => (m as Record<string, unknown>)[c]) : '不是对象 / not an object';
    if (typeof r === 'string') problems.push({ line: i + 1, reason: r });
    else marks.push(r);
  });
  return { marks, problems };
}

function readCsv(text: string): ReadReviewFile {
  const reader = new CsvReader(text.replace(/^\ufeff/, ''), ',');
  const marks: ReviewMark[] = [];
  const problems: ReviewFileProblem[] = [];
  let columns: number[] | null = null;
  while (!reader.done) {
    const rec = reader.read();
    if (!rec.ok) {
      problems.push({ line: rec.line, reason: rec.reason });
      continue;
    }
    if (rec.cells.every((c) => c.trim() === '')) continue;
    if (!columns) {
      const heads = rec.cells.map((c) => c.trim());
      columns = COLUMNS.map((c, i) => heads.findIndex((h) => h === c || h === HEADERS_ZH[i]));
      const missing = COLUMNS.filter((c, i) => columns![i] < 0 && ['rule', 'department', 'cell', 'state'].includes(c));
      if (missing.length) return { marks: [], problems: [{ line: rec.line, reason: `表头缺少列 / header lacks: ${missing.join(', ')}` }] };
      continue;
    }
    const cols = columns;
    const r = markOf((c) => {
      const at = cols[COLUMNS.indexOf(c)];
      return at < 0 || at >= rec.cells.length ? null : unguardCell(rec.cells[at]);
    });
    if (typeof r === 'string') problems.push({ line: rec.line, reason: r });
    else marks.push(r);
  }
  if (!columns) problems.push({ line: null, reason: '文件为空 / empty file' });
  return { marks, problems };
}

/** A review file's marks, JSON or CSV (told from its first character), and every line that is not one. */
export function readReviewFile(text: string): ReadReviewFile {
  return text.replace(/^\ufeff/, '').trimStart().startsWith('{') ? readJson(text) : readCsv(text);
}
