// Generated forms rendered in the published 附件 layouts, as grids (the Grid every document reader
// produces): 附件1 基础数据表, 附件2 部门整体 and 附件3 项目 forms, one department's years in one
// document, with the messiness real ones have — merged 一级/二级 cells with their points, labels broken
// over lines, 元 forms, a blank 主管部门, spacer rows and columns, 权重 for 分值 — and flat exports
// with a title row, a units row and a two-row header. Drawn from the same contract rows the CSV
// export writes, so reading a rendered document back must give those rows again.
import Decimal from 'decimal.js';
import { tableAddress, type Grid, type GridCell } from '../../ingest/documents/grid';
import { Rng } from '../prng';
import { COLUMNS, type Row, type TableName } from '../tables';

type Rec = Record<string, string | null>;
const record = (t: TableName, r: Row): Rec => Object.fromEntries(COLUMNS[t].map((c, i) => [c.en, r[i] ?? null]));

/** A document before it is written in a format: its tables (each with the lines above it) and the text after them. */
export interface Layout {
  grids: Grid[];
  trailer: string[];
}

/** One department's rows, as the CSV export has them. */
export type DepartmentRows = Record<TableName, Row[]>;

/** Lays cells out on a grid, the way a table editor does (spans reserve the positions they cover). */
class Sheet {
  readonly cells: GridCell[] = [];
  rows = 0;
  cols = 0;
  constructor(private readonly lead: number) {}
  /** Puts a row of [text, colSpan?, rowSpan?] starting at `col` (after the spacer columns). */
  row(cells: [string, number?, number?][], col = 0): number {
    const r = this.rows++;
    let c = this.lead + col;
    for (const [text, colSpan = 1, rowSpan = 1] of cells) {
      while (this.cells.some((x) => x.row < r && x.row + x.rowSpan > r && x.col <= c && x.col + x.colSpan > c)) c++;
      this.cells.push({ text, row: r, col: c, rowSpan, colSpan, address: tableAddress(r, c) });
      c += colSpan;
      this.cols = Math.max(this.cols, c);
    }
    return r;
  }
  /** A spacer row: one empty cell across the table. */
  blank(width: number): void {
    this.row([['', width]]);
  }
  grid(file: string, table: number, caption: string[]): Grid {
    return { source: { file, table }, cells: this.cells, rows: this.rows, cols: this.cols, caption };
  }
}

const yuan = (wan: string | null) => (wan == null ? null : new Decimal(wan).times(10000).toFixed());
/** A label broken over two lines, as a narrow Word column wraps it. */
const broken = (label: string, at: number) => `${label.slice(0, at)}\n${label.slice(at)}`;

interface Mess {
  yuan: boolean;
  spacerColumn: boolean;
  spacerRow: boolean;
  weightWord: '分值' | '权重';
  blankSupervisor: boolean;
  splitTarget: boolean;
  breakLabels: boolean;
}

function messFor(seed: number, evalId: string): Mess {
  const rng = new Rng(seed, `layout/${evalId}`);
  return {
    yuan: rng.chance(0.25),
    spacerColumn: rng.chance(0.15),
    spacerRow: rng.chance(0.3),
    weightWord: rng.chance(0.2) ? '权重' : '分值',
    blankSupervisor: rng.chance(0.3),
    splitTarget: rng.chance(0.3),
    breakLabels: rng.chance(0.6),
  };
}

/** ≥ + 95 + % when a target is exactly that (and joins back to what was written). */
function split(target: string | null): [string, string, string] | null {
  const m = target == null ? null : /^(≥|≧|≤|≦|>|<|=|＞|＜)?(\d+(?:\.\d+)?)([^\d\s.]{1,4})$/.exec(target);
  return m ? [m[1] ?? '', m[2], m[3]] : null;
}

/** Indicator rows with 一级/二级 filled down as the loader does (blank = the row above, same form). */
function filledDown(rows: Rec[]): Rec[] {
  let prev: Rec | null = null;
  return rows.map((r) => {
    const out = { ...r };
    if (prev) {
      const same = out.level1 == null || out.level1 === prev.level1;
      out.level1 ??= prev.level1;
      if (same) out.level2 ??= prev.level2;
    }
    prev = out;
    return out;
  });
}

/** Runs of equal values: [start, length] — what a merged cell spans. */
function runs(values: (string | null)[]): [number, number][] {
  const out: [number, number][] = [];
  values.forEach((v, i) => {
    const last = out[out.length - 1];
    if (last && values[last[0]] === v && v != null) last[1]++;
    else out.push([i, 1]);
  });
  return out;
}

function pointsOf(rows: Rec[]): string | null {
  if (rows.some((r) => r.weight == null || !/^\d+$/.test(r.weight))) return null;
  return String(rows.reduce((s, r) => s + Number(r.weight), 0));
}

function formGrid(e: Rec, indicators: Rec[], seed: number, file: string, table: number): Grid {
  const m = messFor(seed, e.eval_id ?? '');
  const dept = e.kind === '部门整体';
  const s = new Sheet(m.spacerColumn ? 1 : 0);
  const money = (v: string | null) => (m.yuan ? yuan(v) : v) ?? '';
  const lab = (label: string, at: number) => (m.breakLabels ? broken(label, at) : label);
  if (dept) {
    s.row([[lab('预算部门名称', 4), 2], [e.department ?? '', 8]]);
    if (e.unit) s.row([['实施单位', 2], [e.unit, 8]]);
  } else {
    s.row([[m.breakLabels ? '项目支出名称' : '项目名称', 2], [e.project ?? '', 8]]);
    s.row([['主管部门', 2], [m.blankSupervisor ? '' : (e.department ?? ''), 3], [lab('实施单位', 2), 2], [e.unit ?? '', 3]]);
  }
  const parts = (['appropriation', 'carryover', 'other'] as const).filter((p) => ['initial', 'full', 'executed'].some((c) => e[`${p}_${c}`] != null));
  const unit = m.yuan ? '（元）' : '（万元）';
  s.row([[`${dept ? '年度预算申请' : '项目资金'}\n${unit}`, 2, 2 + parts.length], ['', 2],
    [lab('年初预算数', 2)], [lab('全年预算数', 2)], [lab('全年执行数', 2)], [m.weightWord], ['执行率'], ['得分']]);
  s.row([['年度资金总额', 2], [money(e.budget_initial)], [money(e.budget_full)], [money(e.executed)], [e.exec_weight ?? ''], [e.exec_rate ?? ''], [e.exec_score ?? '']], 2);
  const partLabel = { appropriation: '其中：当年财政拨款', carryover: '上年结转资金', other: '其他资金' };
  parts.forEach((p, i) => {
    const cells: [string, number?, number?][] = [[partLabel[p], 2], [money(e[`${p}_initial`])], [money(e[`${p}_full`])], [money(e[`${p}_executed`])]];
    if (i === 0) cells.push(['—', 3, parts.length]);
    s.row(cells, 2);
  });
  if (m.spacerRow) s.blank(10);
  s.row([['年度总体目标', 1, 2], ['预期目标', 5], ['实际完成情况', 4]]);
  s.row([[e.goal_target ?? '', 5], [e.goal_actual ?? '', 4]], 1);

  const rows = filledDown(indicators);
  const splitAll = m.splitTarget && rows.length > 0 && rows.every((r) => split(r.target)) && rows.every((r) => r.actual == null || !/^[\d.]+$/.test(r.actual));
  const targetHead: [string, number?, number?][] = splitAll ? [['指标性质'], ['指标值'], ['度量单位']] : [['年度指标值']];
  const devSpan = splitAll ? 1 : 2;
  s.row([['绩效指标', 1, rows.length + 1], ['一级指标'], ['二级指标'], ['三级指标'], ...targetHead, ['实际完成值'], [m.weightWord], ['得分'],
    [m.breakLabels ? '偏差原因\n分析及\n改进措施' : '偏差原因分析及改进措施', devSpan]]);
  const l1Runs = new Map(runs(rows.map((r) => r.level1)).map(([i, n]) => [i, n]));
  const l2Runs = new Map(runs(rows.map((r) => `${r.level1}\u0001${r.level2 ?? ''}`)).map(([i, n]) => [i, n]));
  rows.forEach((r, i) => {
    const cells: [string, number?, number?][] = [];
    const n1 = l1Runs.get(i);
    if (n1) {
      const pts = pointsOf(rows.slice(i, i + n1));
      cells.push([r.level1 == null ? '' : pts ? `${r.level1}\n（${pts}分）` : r.level1, 1, n1]);
    }
    const n2 = l2Runs.get(i);
    if (n2) cells.push([r.level2 == null ? '' : m.breakLabels && r.level2.length >= 6 ? broken(r.level2, r.level2.length - 2) : r.level2, 1, n2]);
    const t = splitAll ? split(r.target)! : null;
    cells.push([r.level3 ?? ''], ...(t ? t.map((x): [string] => [x]) : [[r.target ?? ''] as [string]]),
      [r.actual ?? ''], [r.weight ?? ''], [r.score ?? ''], [r.deviation ?? '', devSpan]);
    const skip = (n1 ? 0 : 1) + (n2 ? 0 : 1);
    s.row(cells, 1 + skip);
  });
  const sum = rows.every((r) => r.weight != null) ? rows.reduce((a, r) => a.plus(r.weight!), new Decimal(e.exec_weight ?? 0)).toFixed() : '';
  s.row([['总分', splitAll ? 8 : 6], [sum], [e.total_score ?? ''], ['', devSpan]]);
  const title = `${e.year}年度${dept ? '部门整体支出' : '项目支出'}绩效自评表`;
  return s.grid(file, table, [dept ? '附件2' : '附件3', title]);
}

const ITEM_LABELS: Record<string, string> = {
  三公经费: '“三公”经费', 公务用车购置和维护经费: '1、公务用车购置和维护经费', 公车购置: '其中：公车购置', 公车运行维护: '     公车运行维护',
  出国经费: '2、出国经费', 公务接待: '3、公务接待', 项目支出: '项目支出：', 办公经费: '其中：办公经费', 水费电费差旅费: '   水费、电费、差旅费',
  会议费培训费: '会议费、培训费',
};

function basicGrid(year: string, spending: Rec[], staffing: Rec | null, file: string, table: number): Grid {
  const s = new Sheet(0);
  if (staffing) {
    s.row([['财政供养人员情况(人)'], ['编制数'], [`${year}年实际在职\n人数`], ['控制率']]);
    const rate = staffing.authorized && staffing.actual && staffing.authorized !== '0' ? `${new Decimal(staffing.actual).div(staffing.authorized).times(100).toFixed(2)}%` : '';
    s.row([[''], [staffing.authorized ?? ''], [staffing.actual ?? ''], [rate]]);
  }
  s.row([['经费控制情况(万元)'], [`${Number(year) - 1}年决算数`], [`${year}年预算数`], [`${year}年决算数`]]);
  for (const l of spending) s.row([[ITEM_LABELS[l.item ?? ''] ?? l.item ?? ''], [l.prior_final ?? ''], [l.budget ?? ''], [l.final ?? '']]);
  s.row([['厉行节约保障措施'], ['无', 3]]);
  return s.grid(file, table, ['附件1', `${year}年度部门整体支出绩效评价基础`, '数据表']);
}

/** One department's years as one document: for each year 附件1, then 附件2, then each 附件3. */
export function departmentDocument(rows: DepartmentRows, seed: number, file: string): Layout {
  const evs = rows.evaluations.map((r) => record('evaluations', r));
  const inds = rows.indicators.map((r) => record('indicators', r));
  const spending = rows.spending.map((r) => record('spending', r));
  const staffing = rows.staffing.map((r) => record('staffing', r));
  const years = [...new Set(evs.map((e) => e.year!))].sort();
  const grids: Grid[] = [];
  for (const year of years) {
    const lines = spending.filter((l) => l.year === year);
    const staff = staffing.find((x) => x.year === year) ?? null;
    if (lines.length || staff) grids.push(basicGrid(year, lines, staff, file, grids.length + 1));
    const forms = evs.filter((e) => e.year === year).sort((a, b) => Number(b.kind === '部门整体') - Number(a.kind === '部门整体'));
    for (const e of forms) grids.push(formGrid(e, inds.filter((i) => i.eval_id === e.eval_id), seed, file, grids.length + 1));
  }
  return { grids, trailer: ['注：1.一级指标分值统一设置为：产出指标50分、效益指标30分、满意度指标10分。'] };
}

const MONEY_GROUP = ['budget_initial', 'budget_full', 'executed'];

/**
 * A flat export as a finance system prints it: a title row, a units row, a blank row, then a
 * two-row header where 项目资金 spans 年初预算数 / 全年预算数 / 全年执行数. In 元 when asked.
 */
export function flatExportGrid(table: TableName, rows: Row[], title: string, unit: '万元' | '元', file: string, index: number): Grid {
  const cols = COLUMNS[table];
  const s = new Sheet(0);
  s.row([[title, cols.length]]);
  s.row([[`单位：${unit}`, cols.length]]);
  s.blank(cols.length);
  const grouped = table === 'evaluations';
  const head: [string, number?, number?][] = [];
  cols.forEach((c) => {
    if (grouped && c.en === MONEY_GROUP[0]) head.push(['项目资金', 3]);
    else if (!(grouped && MONEY_GROUP.includes(c.en))) head.push([c.zh, 1, grouped ? 2 : 1]);
  });
  s.row(head);
  if (grouped) s.row(MONEY_GROUP.map((n) => [cols.find((c) => c.en === n)!.zh] as [string]), cols.findIndex((c) => c.en === MONEY_GROUP[0]));
  const moneyCols = new Set(cols.map((c, i) => (isMoney(table, c.en) ? i : -1)));
  for (const r of rows) s.row(r.map((v, i): [string] => [unit === '元' && moneyCols.has(i) ? (yuan(v) ?? '') : (v ?? '')]));
  return s.grid(file, index, []);
}

/** Each table's sheet in a flat export, and its title after the years. */
const FLAT_SHEETS: Record<TableName, { sheet: string; title: string }> = {
  evaluations: { sheet: '自评汇总', title: '项目支出绩效自评汇总表' },
  indicators: { sheet: '指标明细', title: '绩效指标明细表' },
  spending: { sheet: '经费支出', title: '部门经费支出情况表' },
  staffing: { sheet: '人员情况', title: '财政供养人员情况表' },
};

/**
 * A department's rows as its finance system exports them into one workbook: a sheet per table,
 * each a flat export (flatExportGrid) titled with its years, in 元 for some departments.
 */
export function flatExportLayout(rows: DepartmentRows, seed: number, file: string, department: string): Layout {
  const years = [...new Set(rows.evaluations.map((r) => record('evaluations', r).year!))].sort();
  const span = years.length > 1 ? `${years[0]}—${years[years.length - 1]}` : (years[0] ?? '');
  const unit = new Rng(seed, `flat/${department}`).chance(0.25) ? '元' : '万元';
  const tables = (Object.keys(FLAT_SHEETS) as TableName[]).filter((t) => rows[t].length > 0);
  const grids = tables.map((t, i) => {
    const g = flatExportGrid(t, rows[t], `${span}年度${FLAT_SHEETS[t].title}`, unit, file, i + 1);
    return { ...g, source: { ...g.source, sheet: FLAT_SHEETS[t].sheet } };
  });
  return { grids, trailer: [] };
}

function isMoney(table: TableName, col: string): boolean {
  if (table === 'spending') return ['prior_final', 'budget', 'final'].includes(col);
  return table === 'evaluations' && (MONEY_GROUP.includes(col) || /^(appropriation|carryover|other)_/.test(col));
}
