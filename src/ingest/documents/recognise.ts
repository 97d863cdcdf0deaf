// Grids → the four tables. One recogniser for every reader, driven by the forms' labels (labels.ts),
// never by cell positions: a label names a value beside it (项目名称 | 编办专项), a header row names
// the columns below it (年初预算数 … / 一级指标 …). Two shapes:
// - flat export tables (a header row somewhere near the top): recognised exactly as a CSV is;
// - the published forms (附件1 基础数据表, 附件2 部门整体, 附件3 项目), one or several per document.
// Every row goes through the CSV path's conversion (rowConverter via parse.ts's collector), so
// money, blanks, percentages and fill-down mean the same here; and every non-empty cell of a form is
// either used or reported (a `rejected` entry with line null naming the table, cell and reason).
import { deriveEvalId } from '../evalId';
import { normaliseHeader, recogniseTable, TABLE_COLUMNS, type HeaderMatch } from '../headers';
import { amountIn, collector, refused } from '../parse';
import type { ParsedFile } from '../types';
import type { DataTable } from '../../db/schema';
import { expand, type DocumentGrids, type Grid, type GridCell } from './grid';
import * as L from './labels';
import { KIND_NAMES, type FileKind } from '../sniff';
import type { DocumentKind } from './grid';

/** A document kind as the file kinds name it (for messages). */
const SNIFF_OF: Record<DocumentKind, FileKind> = { txt: 'text', html: 'html', xlsx: 'xlsx', xls: 'xls', ods: 'ods', et: 'xls', docx: 'docx', doc: 'doc', pdf: 'pdf' };

export interface RecogniseOptions {
  /** The batch's region, set by the user: used when a document does not state its own. */
  region?: string;
  /** What the reader decoded the bytes as (shown in the file list). */
  encoding?: string;
}

/** A row of a grid as positions (merged cells repeated), cut after its last position. */
interface Row {
  grid: Grid;
  r: number;
  at: (GridCell | null)[];
}

/** A row's cells left to right, each merged cell once, with the first position it covers. */
function distinct(row: Row): { cell: GridCell; pos: number }[] {
  const out: { cell: GridCell; pos: number }[] = [];
  row.at.forEach((cell, pos) => {
    if (cell && (out.length === 0 || out[out.length - 1].cell !== cell)) out.push({ cell, pos });
  });
  return out;
}

const filled = (c: GridCell | null | undefined): c is GridCell => c != null && c.text.trim() !== '';

/** "-", "/", "……" are not applicable: blank. Text keeps its lines; a run of spaces before a numbered item is a line break typed as spaces. */
function value(c: GridCell | null | undefined): string | null {
  if (!filled(c) || L.NOT_APPLICABLE.test(c.text)) return null;
  return c.text
    .split('\n')
    .map((l) => l.replace(/[ \u3000]{2,}(?=(\d+|[一二三四五六七八九十]+)[、.．]|[（(]\d+[)）])/g, '\n').trim())
    .join('\n')
    .replace(/^\n+|\n+$/g, '');
}

function whereOf(grid: Grid): string {
  const s = grid.source;
  const parts: string[] = [];
  if (s.sheet != null) parts.push(`工作表「${s.sheet}」`);
  if (s.page != null) parts.push(s.pageEnd != null && s.pageEnd !== s.page ? `第${s.page}–${s.pageEnd}页` : `第${s.page}页`);
  if (s.sheet == null) parts.push(`第${s.table}张表`);
  return parts.join('，');
}
const cellWhere = (grid: Grid, cell: GridCell) => `${whereOf(grid)} ${cell.address}`;

/** Positions of `header`'s columns in `row`: the same when both are as wide, else aligned at the right edge (a vertically merged cell copied as text shifts a row). */
function aligned(row: Row, header: Row, pos: number): GridCell | null {
  const shift = row.at.length - header.at.length;
  return row.at[pos + shift] ?? null;
}

// ---------------------------------------------------------------------------------------------
// What a form yields before identities are settled.

interface MoneyFigures {
  initial: string | null; full: string | null; executed: string | null;
  weight: string | null; rate: string | null; score: string | null;
}

interface IndicatorRow {
  cells: Record<'level1' | 'level2' | 'level3' | 'target' | 'actual' | 'weight' | 'score' | 'deviation', string | null>;
  where: string;
}

interface FormRecord {
  title: { kind: L.FormKind | 'basic'; year: number | null } | null;
  fields: Partial<Record<L.Field, string | null>>;
  unit: '万元' | '元';
  lines: Partial<Record<L.MoneyLine, MoneyFigures>>;
  goalTarget: string | null;
  goalActual: string | null;
  total: string | null;
  indicators: IndicatorRow[];
  staffing: { authorized: string | null; actual: string | null; year: number | null } | null;
  spending: { item: string; parent: string | null; prior: string | null; budget: string | null; final: string | null; year: number | null; where: string }[];
  where: string;
  recognised: boolean;
}

interface Unaccounted {
  where: string;
  text: string;
  reason: string;
}

/** Walks a form's rows, label by label. Marks every cell it takes; the rest is reported. */
class FormReader {
  readonly used = new Set<GridCell>();
  readonly reasons = new Map<GridCell, string>();
  readonly form: FormRecord;
  private mode: 'none' | 'money' | 'goals' | 'indicators' | 'staffing' | 'spending' | 'outside' = 'none';
  private header: Row | null = null;
  private columns = new Map<number, string>();
  private outsideReason = '';
  private lastItem: (typeof L.SPENDING_ITEMS)[number] | null = null;
  private projects: string | null = null;

  constructor(where: string, caption: string[]) {
    this.form = {
      title: null, fields: {}, unit: '万元', lines: {}, goalTarget: null, goalActual: null, total: null,
      indicators: [], staffing: null, spending: [], where, recognised: false,
    };
    this.caption(caption);
  }

  /** Captions carry the title (and sometimes the unit or "部门：…"). */
  caption(lines: string[]): void {
    const title = L.titleOf(lines.join(''));
    if (title) {
      // The title is the caption's last lines (it may be broken over two): its year is the last one written.
      const year = [...lines].reverse().map((l) => L.TITLE_YEAR.exec(l)).find((m) => m)?.[1];
      this.form.title = { kind: title.kind, year: year ? Number(year) : title.year };
      this.form.recognised = true;
    }
    for (const l of lines) {
      const m = /^(部门|单位名称|预算部门|地区)[:：]\s*(.+)$/.exec(l.trim());
      if (m) this.form.fields[L.fieldOf(m[1])!] ??= m[2].trim();
      const u = L.unitOf(l);
      if (u && /^单位[:：]/.test(l.trim())) this.form.unit = u;
    }
  }

  private take(...cells: (GridCell | null | undefined)[]): void {
    for (const c of cells) if (c) this.used.add(c);
  }

  /** The value of a label: the next cell to its right, unless that is a label itself. */
  private beside(row: Row, pos: number, cell: GridCell): GridCell | null {
    for (let p = pos + 1; p < row.at.length; p++) {
      const next = row.at[p];
      if (next === cell) continue;
      if (next == null) return null;
      return isLabel(next.text) ? null : next;
    }
    return null;
  }

  read(row: Row): void {
    const cells = distinct(row).filter((x) => filled(x.cell));
    if (cells.length === 0) {
      if (this.mode === 'goals') this.mode = 'none'; // an empty goals row: the form states none
      return;
    }
    const own = cells.filter((x) => x.cell.row === row.r);
    if (own.length === 0) return; // only merged cells from the rows above
    if (this.titleRow(cells)) return;
    if (this.headerRow(row, cells)) return;
    switch (this.mode) {
      case 'money': if (this.moneyLine(row, cells)) return; break;
      case 'goals': this.goalValues(row); this.mode = 'none'; return;
      case 'indicators': if (this.indicatorRow(row, cells)) return; break;
      case 'staffing': this.staffingValues(row); this.mode = 'none'; return;
      case 'spending': if (this.spendingLine(row, cells)) return; break;
      case 'outside': for (const x of own) this.reasons.set(x.cell, this.outsideReason); return;
    }
    this.labelled(row, cells);
  }

  private titleRow(cells: { cell: GridCell }[]): boolean {
    if (cells.length !== 1) return false;
    const t = L.titleOf(cells[0].cell.text);
    if (!t) return false;
    this.form.title = t;
    this.form.recognised = true;
    this.take(cells[0].cell);
    return true;
  }

  /** Header rows name their columns; the rows below are read by those columns. */
  private headerRow(row: Row, cells: { cell: GridCell; pos: number }[]): boolean {
    const money = cells.filter((x) => L.moneyColumnOf(x.cell.text));
    if (money.filter((x) => ['initial', 'full', 'executed'].includes(L.moneyColumnOf(x.cell.text)!)).length >= L.MONEY_HEADER_MIN) {
      this.start('money', row, money.map((x) => [x.pos, L.moneyColumnOf(x.cell.text)!]));
      for (const x of cells) {
        const u = L.unitOf(x.cell.text);
        if (u) this.form.unit = u;
        if (L.isMoneyBlock(x.cell.text) || money.includes(x)) this.take(x.cell);
      }
      return true;
    }
    const ind = cells.filter((x) => L.indicatorColumnOf(x.cell.text));
    const roles = new Set(ind.map((x) => L.indicatorColumnOf(x.cell.text)));
    if ((roles.has('level3') || (roles.has('level1') && roles.has('level2'))) && (roles.has('weight') || roles.has('score') || roles.has('target'))) {
      this.start('indicators', row, ind.map((x) => [x.pos, L.indicatorColumnOf(x.cell.text)!]));
      for (const x of ind) {
        if (L.indicatorColumnOf(x.cell.text) === 'rating') this.reasons.set(x.cell, `「${x.cell.text}」列不在数据契约中，未载入`);
        else this.take(x.cell);
      }
      for (const x of cells) if (L.isSection(x.cell.text)) this.take(x.cell);
      return true;
    }
    const goal = cells.filter((x) => L.goalLabelOf(x.cell.text));
    const goalRoles = new Set(goal.map((x) => L.goalLabelOf(x.cell.text)));
    if (goalRoles.has('target') && goalRoles.has('actual')) {
      this.start('goals', row, goal.map((x) => [x.pos, L.goalLabelOf(x.cell.text)!]));
      this.take(...goal.map((x) => x.cell));
      return true;
    }
    const staff = cells.filter((x) => L.staffingLabelOf(x.cell.text));
    if (staff.some((x) => L.staffingLabelOf(x.cell.text) === 'authorized')) {
      this.start('staffing', row, staff.map((x) => [x.pos, L.staffingLabelOf(x.cell.text)!]));
      this.take(...staff.map((x) => x.cell));
      this.form.staffing = { authorized: null, actual: null, year: yearIn(staff.map((x) => x.cell.text)) };
      for (const x of cells) if (L.isOutOfContract(x.cell.text)) this.reasons.set(x.cell, `「${x.cell.text}」不在数据契约中（可由编制数与在职人数算出），未载入`);
      return true;
    }
    const spend = cells.filter((x) => L.spendingColumnOf(x.cell.text));
    if (spend.length >= 2) {
      this.start('spending', row, spend.map((x) => [x.pos, JSON.stringify(L.spendingColumnOf(x.cell.text))]));
      for (const x of cells) {
        const u = L.unitOf(x.cell.text);
        if (u) this.form.unit = u;
        if (L.isSpendingBlock(x.cell.text) || spend.includes(x)) this.take(x.cell);
      }
      this.form.recognised = true;
      return true;
    }
    const first = cells[0].cell.text;
    if (L.isOutOfContract(first)) {
      this.mode = 'outside';
      this.outsideReason = `「${first.replace(/\s+/g, '')}」不在数据契约中，未载入`;
      for (const x of cells) this.reasons.set(x.cell, this.outsideReason);
      return true;
    }
    return false;
  }

  private start(mode: FormReader['mode'], row: Row, columns: [number, string][]): void {
    this.mode = mode;
    this.header = row;
    this.columns = new Map(columns);
    this.form.recognised = true;
  }

  /** The cell under each header column in this row. */
  private under(row: Row): Map<string, GridCell | null> {
    const out = new Map<string, GridCell | null>();
    for (const [pos, role] of this.columns) out.set(role, aligned(row, this.header!, pos));
    return out;
  }

  private moneyLine(row: Row, cells: { cell: GridCell; pos: number }[]): boolean {
    const label = cells.find((x) => L.moneyLineOf(x.cell.text));
    if (!label) return false;
    const line = L.moneyLineOf(label.cell.text)!;
    // Values follow the label in the header's column order: 其中 rows often merge or drop the trailing cells.
    const after = distinct(row).filter((x) => x.pos > label.pos).map((x) => x.cell);
    const order = [...this.columns.entries()].sort((a, b) => a[0] - b[0]).map(([, role]) => role as L.MoneyColumn);
    const figures: MoneyFigures = { initial: null, full: null, executed: null, weight: null, rate: null, score: null };
    order.forEach((role, i) => {
      const c = after[i];
      figures[role] = value(c);
      this.take(c);
    });
    this.take(label.cell);
    this.form.lines[line] = figures;
    return true;
  }

  private goalValues(row: Row): void {
    const u = this.under(row);
    this.form.goalTarget = value(u.get('target'));
    this.form.goalActual = value(u.get('actual'));
    this.take(u.get('target'), u.get('actual'));
    for (const x of distinct(row)) if (filled(x.cell) && !this.used.has(x.cell) && L.goalLabelOf(x.cell.text) === 'block') this.take(x.cell);
  }

  private staffingValues(row: Row): void {
    const u = this.under(row);
    this.form.staffing!.authorized = value(u.get('authorized'));
    this.form.staffing!.actual = value(u.get('actual'));
    this.take(u.get('authorized'), u.get('actual'));
    for (const x of distinct(row)) if (filled(x.cell) && !this.used.has(x.cell)) this.reasons.set(x.cell, '控制率等派生数不在数据契约中，未载入');
  }

  private indicatorRow(row: Row, cells: { cell: GridCell; pos: number }[]): boolean {
    if (cells.some((x) => L.isTotal(x.cell.text))) {
      const u = this.under(row);
      const label = cells.find((x) => L.isTotal(x.cell.text))!;
      const score = filled(u.get('score')) && u.get('score') !== label.cell ? u.get('score')! : [...cells].reverse().find((x) => x.pos > label.pos && /\d/.test(x.cell.text))?.cell;
      this.form.total = value(score);
      this.take(label.cell, score);
      const weight = u.get('weight');
      if (filled(weight) && weight !== score && weight !== label.cell) this.reasons.set(weight, '分值合计不在数据契约中（由各行分值可算出），未载入');
      this.mode = 'none';
      return true;
    }
    if (cells.some((x) => L.fieldOf(x.cell.text) || L.isMoneyBlock(x.cell.text))) return false;
    const u = this.under(row);
    const v = (role: string) => value(u.get(role));
    let target = v('target');
    let actual = v('actual');
    if (this.has('nature') || this.has('value') || this.has('measure')) {
      const parts = [v('nature'), v('value'), v('measure')].filter((s) => s != null);
      target = parts.length ? parts.join('') : target;
      // A unit column serves the row: a bare actual number is in it too.
      const m = v('measure');
      if (m && actual != null && /^[\d.]+$/.test(actual)) actual += m;
    }
    if ([v('level3'), target, actual, v('weight'), v('score'), v('deviation')].every((x) => x == null)) {
      // "/ / /": the template's explicit not-applicable row. No indicator; its cells are reported, not dropped.
      for (const [role, c] of u) if (c && (role === 'level1' || role === 'level2')) this.take(c);
      for (const x of cells) if (x.cell.row === row.r && !this.used.has(x.cell)) this.reasons.set(x.cell, '不适用的行（“/”），没有指标，未载入');
      return true;
    }
    const where = cellWhere(row.grid, (u.get('level3') && u.get('level3')!.row === row.r ? u.get('level3') : cells[0].cell)!);
    this.form.indicators.push({
      cells: {
        level1: v('level1'), level2: v('level2'), level3: v('level3'), target, actual,
        weight: v('weight'), score: v('score'), deviation: v('deviation'),
      },
      where,
    });
    for (const [role, c] of u) {
      if (!c) continue;
      if (role === 'rating') { if (filled(c)) this.reasons.set(c, '评级不在数据契约中，未载入'); } else this.take(c);
    }
    return true;
  }

  private has(role: string): boolean {
    return [...this.columns.values()].includes(role);
  }

  private spendingLine(row: Row, cells: { cell: GridCell; pos: number }[]): boolean {
    const firstColumn = Math.min(...this.columns.keys());
    const label = [...cells].reverse().find((x) => x.pos < firstColumn && !/^[\d.,\s%-]*$/.test(x.cell.text));
    if (!label) return false;
    const listed = L.spendingItemOf(label.cell.text);
    // A sub-heading that lists projects (1、业务工作经费) is the template's line only when written as one; a bare name below 项目支出 is a project of that name.
    const known = listed?.projects && listed.parent && this.projects && !L.TEMPLATE_LINE.test(label.cell.text) ? undefined : listed;
    const item = known?.item ?? label.cell.text.replace(/\s*\n\s*/g, '').trim();
    // A line the template does not have is a project under the line that lists them, else a sibling of the line before.
    const parent = known ? known.parent : (this.projects ?? this.lastItem?.parent ?? this.lastItem?.item ?? null);
    if (known) {
      this.lastItem = known;
      this.projects = known.projects ? known.item : null;
    }
    const figures: Record<string, string | null> = {};
    let year: number | null = null;
    for (const [pos, role] of this.columns) {
      const col = JSON.parse(role) as NonNullable<ReturnType<typeof L.spendingColumnOf>>;
      const c = aligned(row, this.header!, pos);
      year = Math.max(year ?? 0, col.year ?? 0) || null;
      const key = col.figure === 'budget' ? 'budget' : col.prior === true ? 'prior' : col.prior === false ? 'final' : `final:${col.year}`;
      figures[key] = value(c);
      this.take(c);
    }
    // With years in the headers, the later 决算数 is this year's and the earlier the year before's.
    const finals = Object.keys(figures).filter((k) => k.startsWith('final:')).sort();
    if (finals.length) {
      figures.final = figures[finals[finals.length - 1]];
      if (finals.length > 1) figures.prior = figures[finals[0]];
    }
    this.take(label.cell);
    this.form.spending.push({
      item, parent, prior: figures.prior ?? null, budget: figures.budget ?? null, final: figures.final ?? null, year, where: cellWhere(row.grid, label.cell),
    });
    return true;
  }

  /** Rows outside any block: label | value pairs, section headings, a total. */
  private labelled(row: Row, cells: { cell: GridCell; pos: number }[]): void {
    for (const x of cells) {
      if (this.used.has(x.cell) || this.reasons.has(x.cell)) continue;
      const field = L.fieldOf(x.cell.text);
      const goal = L.goalLabelOf(x.cell.text);
      if (field) {
        const v = this.beside(row, x.pos, x.cell);
        this.form.fields[field] = value(v);
        this.take(x.cell, v);
        this.form.recognised = true;
      } else if (goal) {
        const v = this.beside(row, x.pos, x.cell);
        if (v) {
          if (goal === 'actual') this.form.goalActual = value(v);
          else this.form.goalTarget = value(v);
        }
        this.take(x.cell, v);
      } else if (L.isTotal(x.cell.text)) {
        const v = this.beside(row, x.pos, x.cell);
        this.form.total = value(v);
        this.take(x.cell, v);
      } else if (L.isSection(x.cell.text) || L.isMoneyBlock(x.cell.text)) {
        this.take(x.cell);
      }
    }
  }

  unaccounted(cells: Iterable<{ grid: Grid; cell: GridCell }>): Unaccounted[] {
    const out: Unaccounted[] = [];
    for (const { grid, cell } of cells) {
      if (this.used.has(cell) || !filled(cell)) continue;
      out.push({ where: cellWhere(grid, cell), text: cell.text, reason: this.reasons.get(cell) ?? '未识别的单元格' });
    }
    return out;
  }
}

const yearIn = (texts: string[]) => {
  const m = texts.map((t) => L.TITLE_YEAR.exec(t)).find((x) => x);
  return m ? Number(m[1]) : null;
};

function isLabel(text: string): boolean {
  return !!(L.fieldOf(text) || L.moneyColumnOf(text) || L.moneyLineOf(text) || L.goalLabelOf(text) || L.indicatorColumnOf(text) || L.isTotal(text) || L.isMoneyBlock(text));
}

// ---------------------------------------------------------------------------------------------
// Flat export tables.

const knownHeaders = new Set(
  Object.values(TABLE_COLUMNS).flatMap((specs) => specs.flatMap((s) => [s.name, ...s.zh].map(normaliseHeader))),
);

/** A header cell under a wider one (项目资金 over 年初预算数 …): the pair when that names a column (当年财政拨款 + 年初), else the lower label. */
function combined(top: GridCell | null, bottom: GridCell | null): string {
  if (!top || top === bottom) return top?.text ?? '';
  if (!bottom || bottom.text.trim() === '') return top.text;
  const pair = top.text + bottom.text;
  return knownHeaders.has(normaliseHeader(pair)) ? pair : bottom.text;
}

interface FlatHeader {
  match: HeaderMatch;
  /** Last header row. */
  end: number;
  unit: '万元' | '元';
}

const HEADER_SEARCH_ROWS = 15;

function flatHeader(grid: Grid, m: (GridCell | null)[][]): FlatHeader | null {
  let unit: '万元' | '元' = L.unitOf(grid.caption.find((l) => /^单位[:：]/.test(l.trim())) ?? '') ?? '万元';
  for (let r = 0; r < Math.min(grid.rows, HEADER_SEARCH_ROWS); r++) {
    const texts = m[r].map((c) => c?.text ?? '');
    const units = texts.filter((t) => L.UNITS_ROW.test(t.replace(/\s+/g, '')));
    if (units.length) unit = L.unitOf(units[0]) ?? unit;
    if (texts.every((t) => t.trim() === '')) continue;
    const one = recogniseTable(texts);
    const two = r + 1 < grid.rows ? recogniseTable(m[r].map((c, i) => combined(c, m[r + 1][i]))) : null;
    const width = (x: typeof one | null) => (x && x.ok ? x.match.columns.filter((c) => c != null).length : -1);
    if (two && width(two) > width(one) && two.ok) return { match: two.match, end: r + 1, unit };
    if (one.ok) return { match: one.match, end: r, unit };
  }
  return null;
}

/** A bare number in a 元 table is 元: say so to the money parser, which converts exactly. */
const MONEY_COLUMNS = new Set(Object.values(TABLE_COLUMNS).flatMap((specs) => specs.filter((s) => s.type === 'money').map((s) => s.name)));

// ---------------------------------------------------------------------------------------------
// Output: one ParsedFile per table, rows converted as a CSV's are.

type Collector = ReturnType<typeof collector>;

class Output {
  private readonly forms = new Map<DataTable, { c: Collector; where: Map<number, string> }>();
  readonly flats: { c: Collector; where: Map<number, string> }[] = [];
  readonly unaccounted: Unaccounted[] = [];
  readonly notes: string[] = [];

  constructor(private readonly file: string, private readonly encoding: string) {}

  flat(match: HeaderMatch) {
    const entry = { c: collector(this.file, match, this.encoding), where: new Map<number, string>() };
    this.flats.push(entry);
    return entry;
  }

  /** Adds one form row: cells by canonical column name. */
  row(table: DataTable, cells: Record<string, string | null>, where: string): void {
    let entry = this.forms.get(table);
    if (!entry) {
      const columns = TABLE_COLUMNS[table].map((c) => c.name);
      entry = { c: collector(this.file, { table, columns, unknown: [], duplicated: [] }, this.encoding), where: new Map() };
      this.forms.set(table, entry);
    }
    const line = entry.c.parsed.rowsRead + 1;
    entry.c.parsed.rowsRead++;
    entry.where.set(line, where);
    entry.c.convert(TABLE_COLUMNS[table].map((c) => cells[c.name] ?? null) as string[], line);
  }

  finish(): ParsedFile[] {
    const entries = [...this.forms.values(), ...this.flats];
    const out = entries.map(({ c, where }) => {
      const parsed = c.finish();
      // A 自评表 is read whole, indicators and all; a flat table is a table of an export, like a CSV.
      if (parsed.table === 'evaluations' && this.forms.get('evaluations')?.c === c) parsed.wholeForms = true;
      // A document has no lines: each rejected row says where it sits.
      for (const r of parsed.rejected) if (r.line != null && where.has(r.line)) r.reason = `${where.get(r.line)}：${r.reason}`;
      return parsed;
    });
    if (out.length === 0) return out;
    const first = out[0];
    first.notes.push(...this.notes);
    if (this.unaccounted.length) {
      first.notes.push(`${this.unaccounted.length} 个单元格未载入，逐个列在被拒清单中（行号为空）`);
      for (const u of this.unaccounted) first.rejected.push({ file: this.file, line: null, reason: `${u.where}「${clip(u.text)}」：${u.reason}` });
    }
    return out;
  }
}

const clip = (s: string) => {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length > 40 ? `${t.slice(0, 40)}…` : t;
};

// ---------------------------------------------------------------------------------------------
// The document.

interface Segment {
  reader: FormReader;
  grids: Grid[];
  cells: { grid: Grid; cell: GridCell }[];
}

/** A grid starts a new form when its caption has a title, or its first rows name the form's fields; otherwise it goes on with the form before (a page break). */
function startsForm(grid: Grid, m: (GridCell | null)[][]): boolean {
  if (L.titleOf(grid.caption.join(''))) return true;
  for (let r = 0; r < Math.min(3, grid.rows); r++) {
    if (m[r].some((c) => c && (L.titleOf(c.text) || L.fieldOf(c.text) || L.staffingLabelOf(c.text)))) return true;
  }
  return false;
}

function rowsOf(grid: Grid, m: (GridCell | null)[][]): Row[] {
  return m.map((at, r) => {
    let end = at.length;
    while (end > 0 && at[end - 1] == null) end--;
    return { grid, r, at: at.slice(0, end) };
  });
}

/** A row that begins another form inside the same grid: a title, or a field the form already has. */
function beginsAnother(row: Row, reader: FormReader): boolean {
  const cells = distinct(row).filter((x) => filled(x.cell) && x.cell.row === row.r);
  if (cells.length === 1 && L.titleOf(cells[0].cell.text) && reader.form.recognised) return true;
  return cells.some((x) => {
    const f = L.fieldOf(x.cell.text);
    return (f === 'project' || f === 'department') && reader.form.fields[f] !== undefined;
  });
}

/** The report's sentence "“A”“B”…等5个项目绩效评价综合得分98分": the score it states for those projects. */
function reportScores(lines: string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const l of lines) {
    const m = /综合得分\s*(\d+(?:\.\d+)?)\s*分/.exec(l);
    if (!m) continue;
    for (const q of l.matchAll(/“([^”]+)”/g)) out.set(q[1].trim(), m[1]);
  }
  return out;
}

export function recogniseDocument(doc: DocumentGrids, file: string, options: RecogniseOptions = {}): ParsedFile[] {
  const out = new Output(file, options.encoding ?? doc.kind);
  const segments: Segment[] = [];
  const skipped: string[] = [];
  for (const grid of doc.grids) {
    const m = expand(grid);
    const flat = flatHeader(grid, m);
    if (flat) {
      readFlat(grid, m, flat, out);
      continue;
    }
    const rows = rowsOf(grid, m);
    let seg = segments[segments.length - 1];
    if (!seg || startsForm(grid, m)) {
      seg = { reader: new FormReader(whereOf(grid), grid.caption), grids: [], cells: [] };
      segments.push(seg);
    } else seg.reader.caption(grid.caption);
    seg.grids.push(grid);
    for (const row of rows) {
      if (beginsAnother(row, seg.reader) && seg.cells.length > 0) {
        seg = { reader: new FormReader(`${whereOf(grid)} ${row.at.find((c) => c)?.address ?? ''}`.trim(), []), grids: [grid], cells: [] };
        segments.push(seg);
      }
      // Each cell once: on the row it starts on.
      for (const x of distinct(row)) if (x.cell.row === row.r) seg.cells.push({ grid, cell: x.cell });
      seg.reader.read(row);
    }
  }
  const forms = segments.filter((s) => s.reader.form.recognised);
  for (const s of segments) if (!s.reader.form.recognised) skipped.push(s.reader.form.where);
  if (forms.length === 0 && out.flats.length === 0) {
    const what = KIND_NAMES[SNIFF_OF[doc.kind]];
    const reason = doc.grids.length === 0 ? `${what}中没有表格，没有可读取的自评表` : `${what}中的表格都不是可识别的自评表或数据表（没有找到 项目资金/绩效指标/基础数据表 等标签）`;
    return [refused(file, reason, options.encoding ?? doc.kind)];
  }
  out.notes.push(...doc.notes);
  if (skipped.length) out.notes.push(`不是自评表、未读取的表格：${skipped.join('、')}`);
  emitForms(forms, doc, out, options);
  return out.finish();
}

function readFlat(grid: Grid, m: (GridCell | null)[][], h: FlatHeader, out: Output): void {
  const { c, where } = out.flat(h.match);
  for (let r = h.end + 1; r < grid.rows; r++) {
    const cells = h.match.columns.map((col, i) => {
      const raw = m[r][i]?.text ?? '';
      return col != null && MONEY_COLUMNS.has(col) ? (amountIn(raw, h.unit) ?? '') : raw;
    });
    const extra = m[r].slice(h.match.columns.length).filter(filled);
    if (cells.every((x) => x.trim() === '') && extra.length === 0) continue;
    c.parsed.rowsRead++;
    where.set(r + 1, `${whereOf(grid)} 第${r + 1}行`);
    c.convert(cells, r + 1);
  }
  if (h.unit === '元') c.parsed.notes.push(`${whereOf(grid)}：金额单位为元，已换算为万元`);
}

function emitForms(forms: Segment[], doc: DocumentGrids, out: Output, options: RecogniseOptions): void {
  if (forms.length === 0) return;
  const records = forms.map((s) => s.reader.form);
  const docYear = records.map((f) => f.title?.year).find((y) => y != null) ?? null;
  const deptForm = records.find((f) => f.title?.kind === '部门整体' || (f.title == null && f.fields.department && !f.fields.project && f.indicators.length > 0));
  const packageDept = deptForm ? (deptForm.fields.department ?? deptForm.fields.supervisor ?? null) : null;
  const stated = records.map((f) => f.fields.region).find((r) => r) ?? null;
  // A batch region left blank (the page's empty field) is no region: the note below says so.
  const region = stated ?? (options.region?.trim() || null);
  if (region == null) out.notes.push('地区为空：文档未写明地区，本批文件也未设定地区（数据页的“地区”或命令行 --region）');
  const reported = reportScores([...doc.grids.flatMap((g) => g.caption), ...doc.trailer]);

  forms.forEach((seg) => {
    const f = seg.reader.form;
    const kind = f.title?.kind ?? (f.fields.project ? '项目' : f.staffing || f.spending.length ? 'basic' : '部门整体');
    const year = f.title?.year ?? f.staffing?.year ?? docYear;
    const department = f.fields.department ?? f.fields.supervisor ?? packageDept ?? f.fields.unit ?? null;
    const where = seg.grids.length > 1 ? `${f.where} 至 ${whereOf(seg.grids[seg.grids.length - 1])}` : f.where;
    if (kind === 'basic') emitBasic(f, { year, department, region, where }, out);
    else {
      const project = kind === '项目' ? (f.fields.project ?? null) : null;
      const money = (v: string | null) => amountIn(v, f.unit);
      const line = (l: L.MoneyLine) => f.lines[l];
      const total = line('total');
      out.row('evaluations', {
        year: year == null ? null : String(year), region, department, kind, project,
        unit: f.fields.unit ?? null,
        budget_initial: money(total?.initial ?? null), budget_full: money(total?.full ?? null), executed: money(total?.executed ?? null),
        exec_weight: total?.weight ?? null, exec_rate: total?.rate ?? null, exec_score: total?.score ?? null,
        total_score: f.total, goal_target: f.goalTarget, goal_actual: f.goalActual,
        report_score: project ? (reported.get(project) ?? null) : null,
        ...Object.fromEntries((['appropriation', 'carryover', 'other'] as const).flatMap((p) => [
          [`${p}_initial`, money(line(p)?.initial ?? null)], [`${p}_full`, money(line(p)?.full ?? null)], [`${p}_executed`, money(line(p)?.executed ?? null)],
        ])),
        source_where: where,
      }, `${where}（${kind === '项目' ? `项目「${project ?? ''}」` : '部门整体'}）`);
      const evalId = year != null && department != null && (kind !== '项目' || project) ? deriveEvalId(region, department.trim(), String(year), kind, project?.trim() ?? null) : null;
      for (const ind of f.indicators) out.row('indicators', { eval_id: evalId, ...ind.cells, source_where: ind.where }, ind.where);
      if (evalId == null && f.indicators.length) out.notes.push(`${where}：表单缺少年度、部门或项目名称，其 ${f.indicators.length} 行指标无法归属`);
    }
    out.unaccounted.push(...seg.reader.unaccounted(seg.cells));
  });
}

function emitBasic(f: FormRecord, id: { year: number | null; department: string | null; region: string | null; where: string }, out: Output): void {
  const money = (v: string | null) => amountIn(v, f.unit);
  const dept = id.department;
  if (f.staffing) {
    out.row('staffing', { year: id.year == null ? null : String(f.staffing.year ?? id.year), region: id.region, department: dept, authorized: f.staffing.authorized, actual: f.staffing.actual }, `${id.where}（财政供养人员情况）`);
  }
  for (const s of f.spending) {
    const year = s.year ?? id.year;
    out.row('spending', {
      year: year == null ? null : String(year), region: id.region, department: dept, item: s.item, parent: s.parent,
      prior_final: money(s.prior), budget: money(s.budget), final: money(s.final),
    }, s.where);
  }
}
