// Header-mapped string cells → contract rows: typed, validated, filled down, each row either
// taken or rejected with its reason. Pure; runs in a worker in the browser.
import type { DataTable } from '../db/schema';
import { deriveEvalId } from './evalId';
import { columnLabel, TABLE_COLUMNS, type ColumnSpec, type ColumnType, type HeaderMatch } from './headers';
import {
  parseCount, parseMeasure, parseMoney, parseNumber, parsePercent, parseText, parseYear, percentReading,
  type ParseResult, type PercentReading,
} from './values';

/** The reading each percent column of a file was given (see percentReading), by column name. */
export type Readings = Record<string, PercentReading>;

const PARSERS: Record<ColumnType, (raw: string | null, reading: PercentReading) => ParseResult> = {
  text: parseText,
  year: parseYear,
  int: parseCount,
  money: parseMoney,
  number: parseNumber,
  percent: parsePercent,
};

const MEASURE_COLUMNS = ['target_op', 'target_value', 'target_unit', 'actual_op', 'actual_value', 'actual_unit'];

/** The columns a parsed file of each table carries, in order (what load.ts inserts). */
export function outputColumns(table: DataTable): string[] {
  const base = TABLE_COLUMNS[table].map((c) => c.name);
  return table === 'indicators' ? [...base, 'seq', ...MEASURE_COLUMNS] : base;
}

/** What makes two rows of a table the same thing: a second one replaces the first. */
function identities(table: DataTable, r: Record<string, string | null>): string[] {
  switch (table) {
    case 'evaluations':
      return [`id:${r.eval_id}`, ['form', r.region ?? '', r.department, r.year, r.kind, r.project ?? ''].join('\u0001')];
    case 'spending':
      return [[r.region ?? '', r.department, r.year, r.parent ?? '', r.item].join('\u0001')];
    case 'staffing':
      return [[r.region ?? '', r.department, r.year].join('\u0001')];
    default:
      return [];
  }
}

const KINDS: Record<string, '部门整体' | '项目'> = {
  部门整体: '部门整体', 整体: '部门整体', 部门: '部门整体', 部门整体支出: '部门整体', department: '部门整体',
  项目: '项目', 项目支出: '项目', project: '项目',
};

/** 一级指标 as the form shows it, without its point budget: `产出指标\n(30分)` → `产出指标`. */
function cleanLevel(s: string | null): string | null {
  if (s == null) return null;
  const t = s.replace(/[（(]\s*\d+(\.\d+)?\s*分\s*[)）]/g, '').replace(/\s+/g, '');
  return t === '' ? null : t;
}

export interface RowSink {
  take(cells: (string | null)[], line: number): void;
  reject(line: number, reason: string): void;
  /** Something worth saying about a row that is taken all the same; the same text is said once, with a count. */
  note(text: string, line: number): void;
}

/** The percent columns a file maps, with where their cells sit: these need the whole file before any row converts. */
export function percentColumns(match: HeaderMatch): { spec: ColumnSpec; index: number }[] {
  return TABLE_COLUMNS[match.table]
    .filter((spec) => spec.type === 'percent')
    .map((spec) => ({ spec, index: match.columns.indexOf(spec.name) }))
    .filter((c) => c.index >= 0);
}

/** One reading per percent column from all of its cells in the file, each with the note that says which was taken. */
export function decideReadings(match: HeaderMatch, rows: readonly (readonly string[])[]): { readings: Readings; notes: string[] } {
  const readings: Readings = {};
  const notes: string[] = [];
  for (const { spec, index } of percentColumns(match)) {
    const { reading, bare, over } = percentReading(rows.map((cells) => cells[index]));
    readings[spec.name] = reading;
    if (bare === 0) continue;
    notes.push(
      reading === 'ratio'
        ? `${columnLabel(spec)}：不带 % 的 ${bare} 个值都不超过 2，按比率读取（1 = 100%）`
        : `${columnLabel(spec)}：不带 % 的值中有「${over}」超过 2，该列不带 % 的 ${bare} 个值都按百分点读取（98.5 = 98.5%）`,
    );
  }
  return { readings, notes };
}

export interface ConvertOptions {
  /** Percent columns' readings (decideReadings); required for every percent column the file maps. */
  readings: Readings;
  /** Columns whose source cannot hold their type (a Parquet DATE for 年度 …), with the reason: a row with a value there is rejected. */
  refused?: ReadonlyMap<string, string>;
}

/**
 * Builds the per-row converter for one file. State it keeps: the previous indicator row of each
 * form (for merged-cell fill-down), the row counter of each form (seq) and the identities seen
 * (so a file repeating a row is caught here, not double-counted).
 */
export function rowConverter(match: HeaderMatch, sink: RowSink, options: ConvertOptions) {
  const table = match.table;
  const specs = TABLE_COLUMNS[table];
  const out = outputColumns(table);
  const sourceIndex = new Map<string, number>();
  match.columns.forEach((c, i) => c != null && sourceIndex.set(c, i));
  const seen = new Map<string, number>();
  const lastLevels = new Map<string, { level1: string | null; level2: string | null }>();
  const seqOf = new Map<string, number>();

  return (cells: readonly string[], line: number): void => {
    const r: Record<string, string | null> = {};
    for (const spec of specs) {
      const i = sourceIndex.get(spec.name);
      const raw = i == null ? null : (cells[i] ?? null);
      const refusal = options.refused?.get(spec.name);
      if (refusal != null && raw != null && raw.trim() !== '') return sink.reject(line, `${columnLabel(spec)}：${refusal}`);
      const parsed = PARSERS[spec.type](raw, options.readings[spec.name]);
      if (!parsed.ok) return sink.reject(line, `${columnLabel(spec)}：${parsed.reason}`);
      r[spec.name] = parsed.value;
    }
    const problem = complete(table, r, (text) => sink.note(text, line));
    if (problem) return sink.reject(line, problem);
    if (table === 'indicators') fillDown(r, lastLevels, seqOf);
    const keys = identities(table, r);
    for (const key of keys) {
      const first = seen.get(key);
      if (first != null) return sink.reject(line, `与本文件第 ${first} 行重复（同一张表单或同一部门、年度与项目）`);
    }
    for (const key of keys) seen.set(key, line);
    sink.take(out.map((c) => r[c] ?? null), line);
  };
}

/** target/actual → their op, value and unit columns; a number no measure column can hold is left as text only, with a note. */
function measureCells(r: Record<string, string | null>, column: 'target' | 'actual', note: (text: string) => void): void {
  const parsed = parseMeasure(r[column]);
  const m = parsed.ok ? parsed.measure : null;
  if (!parsed.ok) {
    const spec = TABLE_COLUMNS.indicators.find((s) => s.name === column)!;
    note(`${columnLabel(spec)}中的数字超出数值列的范围或精度（如编号），未作为数值读取，原文照存`);
  }
  r[`${column}_op`] = m?.op ?? null;
  r[`${column}_value`] = m?.value ?? null;
  r[`${column}_unit`] = m?.unit ?? null;
}

/** Checks a row has what its table cannot do without, and completes derived cells. */
function complete(table: DataTable, r: Record<string, string | null>, note: (text: string) => void): string | null {
  if (table === 'evaluations') {
    if (r.year == null) return '缺少年度';
    if (r.department == null) return '缺少预算部门';
    const kind = r.kind == null ? undefined : KINDS[r.kind.replace(/\s+/g, '').toLowerCase()];
    if (!kind) return `评价类型「${r.kind ?? ''}」应为「部门整体」或「项目」`;
    r.kind = kind;
    if (kind === '项目' && r.project == null) return '项目支出绩效自评表缺少项目名称';
    if (kind === '部门整体') r.project = null;
    r.eval_id ??= deriveEvalId(r.region, r.department, r.year, kind, r.project);
    return null;
  }
  if (table === 'indicators') {
    if (r.eval_id == null) return '缺少评价编号';
    r.level1 = cleanLevel(r.level1);
    r.level2 = cleanLevel(r.level2);
    if ([r.level1, r.level2, r.level3, r.target, r.actual, r.weight, r.score].every((v) => v == null)) return '指标行没有任何内容';
    measureCells(r, 'target', note);
    measureCells(r, 'actual', note);
    return null;
  }
  if (r.year == null) return '缺少年度';
  if (r.department == null) return '缺少预算部门';
  if (table === 'spending' && r.item == null) return '缺少项目（经费科目）';
  return null;
}

/**
 * Exports leave 一级/二级指标 blank under merged cells: blank means "as the row above" — of the same
 * form only. 二级 is filled only while the row stays under the same 一级 (a new 一级 with a blank
 * 二级 is a genuinely blank 二级).
 */
function fillDown(
  r: Record<string, string | null>,
  lastLevels: Map<string, { level1: string | null; level2: string | null }>,
  seqOf: Map<string, number>,
): void {
  const id = r.eval_id!;
  const prev = lastLevels.get(id);
  if (prev) {
    const sameGroup = r.level1 == null || r.level1 === prev.level1;
    r.level1 ??= prev.level1;
    if (sameGroup) r.level2 ??= prev.level2;
  }
  lastLevels.set(id, { level1: r.level1, level2: r.level2 });
  const seq = (seqOf.get(id) ?? 0) + 1;
  seqOf.set(id, seq);
  r.seq = String(seq);
}
