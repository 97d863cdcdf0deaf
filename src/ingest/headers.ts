// Which table a file holds, recognised from its headers (never its name), and which canonical
// column each header is. Chinese headers come with the variants real exports have: full-width
// brackets, 其中： prefixes, unit suffixes such as （万元）, spaces and line breaks inside a cell.
import type { DataTable } from '../db/schema';
import { toHalfWidth } from './values';

export type ColumnType = 'text' | 'year' | 'int' | 'money' | 'number' | 'percent';

export interface ColumnSpec {
  name: string;
  type: ColumnType;
  zh: string[];
}

/** A column as reasons and notes name it: `全年预算数（budget_full）`. */
export const columnLabel = (spec: ColumnSpec): string => `${spec.zh[0] ?? spec.name}（${spec.name}）`;

const FUND_PARTS: [string, string[]][] = [
  ['appropriation', ['当年财政拨款', '财政拨款']],
  ['carryover', ['上年结转资金', '上年结转']],
  ['other', ['其他资金']],
];
const FUND_COLUMNS: [string, string[]][] = [
  ['initial', ['年初', '年初预算数', '年初数']],
  ['full', ['全年', '全年预算数', '全年数']],
  ['executed', ['执行', '全年执行数', '执行数']],
];
const fundSpecs: ColumnSpec[] = FUND_PARTS.flatMap(([part, partNames]) =>
  FUND_COLUMNS.map(([col, colNames]) => ({
    name: `${part}_${col}`,
    type: 'money' as const,
    zh: partNames.flatMap((p) => colNames.map((c) => p + c)),
  })),
);

export const TABLE_COLUMNS: Record<DataTable, ColumnSpec[]> = {
  evaluations: [
    { name: 'eval_id', type: 'text', zh: ['评价编号'] },
    { name: 'year', type: 'year', zh: ['年度'] },
    { name: 'region', type: 'text', zh: ['地区'] },
    { name: 'department', type: 'text', zh: ['预算部门', '部门名称', '预算部门名称', '部门'] },
    { name: 'kind', type: 'text', zh: ['评价类型'] },
    { name: 'project', type: 'text', zh: ['项目名称', '项目支出名称'] },
    { name: 'unit', type: 'text', zh: ['实施单位'] },
    { name: 'budget_initial', type: 'money', zh: ['年初预算数'] },
    { name: 'budget_full', type: 'money', zh: ['全年预算数'] },
    { name: 'executed', type: 'money', zh: ['全年执行数'] },
    { name: 'exec_weight', type: 'number', zh: ['执行率分值', '分值'] },
    { name: 'exec_rate', type: 'percent', zh: ['执行率'] },
    { name: 'exec_score', type: 'number', zh: ['执行率得分', '得分'] },
    { name: 'total_score', type: 'number', zh: ['总分', '自评得分'] },
    { name: 'goal_target', type: 'text', zh: ['预期目标', '年度总体目标'] },
    { name: 'goal_actual', type: 'text', zh: ['实际完成情况'] },
    { name: 'report_score', type: 'number', zh: ['报告得分'] },
    ...fundSpecs,
    { name: 'source_where', type: 'text', zh: ['来源位置'] },
  ],
  indicators: [
    { name: 'eval_id', type: 'text', zh: ['评价编号'] },
    { name: 'level1', type: 'text', zh: ['一级指标'] },
    { name: 'level2', type: 'text', zh: ['二级指标'] },
    { name: 'level3', type: 'text', zh: ['三级指标'] },
    { name: 'target', type: 'text', zh: ['年度指标值'] },
    { name: 'actual', type: 'text', zh: ['实际完成值'] },
    { name: 'weight', type: 'number', zh: ['分值'] },
    { name: 'score', type: 'number', zh: ['得分'] },
    { name: 'deviation', type: 'text', zh: ['偏差原因分析及改进措施', '偏差原因'] },
    { name: 'source_where', type: 'text', zh: ['来源位置'] },
  ],
  spending: [
    { name: 'year', type: 'year', zh: ['年度'] },
    { name: 'region', type: 'text', zh: ['地区'] },
    { name: 'department', type: 'text', zh: ['预算部门', '部门名称', '预算部门名称', '部门'] },
    { name: 'item', type: 'text', zh: ['项目'] },
    { name: 'parent', type: 'text', zh: ['上级项目'] },
    { name: 'prior_final', type: 'money', zh: ['上年决算数'] },
    { name: 'budget', type: 'money', zh: ['本年预算数', '预算数'] },
    { name: 'final', type: 'money', zh: ['本年决算数', '决算数'] },
  ],
  staffing: [
    { name: 'year', type: 'year', zh: ['年度'] },
    { name: 'region', type: 'text', zh: ['地区'] },
    { name: 'department', type: 'text', zh: ['预算部门', '部门名称', '预算部门名称', '部门'] },
    { name: 'authorized', type: 'int', zh: ['编制数'] },
    { name: 'actual', type: 'int', zh: ['实际在职人数'] },
  ],
};

/** Columns a file must have to be taken as that table. */
const REQUIRED: Record<DataTable, string[]> = {
  evaluations: ['year', 'department', 'kind'],
  indicators: ['eval_id', 'level3', 'weight', 'score'],
  spending: ['year', 'department', 'item'],
  staffing: ['year', 'department'],
};
/** …and at least one of these: a spending file without any amount, or a staffing file without a
 * headcount, is some other list that happens to name departments and years (a fault list, say). */
const REQUIRED_ANY: Partial<Record<DataTable, string[]>> = {
  spending: ['prior_final', 'budget', 'final'],
  staffing: ['authorized', 'actual'],
};

/** A header reduced to what identifies it: half-width, no spaces, units, brackets or 其中 prefix. */
export function normaliseHeader(h: string): string {
  let s = toHalfWidth(h).replace(/^\ufeff/, '').trim().toLowerCase();
  s = s.replace(/\s+/g, '');
  s = s.replace(/^其中[:：]?/, '');
  s = s.replace(/[(\[【](万元|元|%|分|人|个)[)\]】]$/, '');
  s = s.replace(/[()（）\[\]【】:：_\-—/、."“”'’]/g, '');
  return s;
}

const lookup: Record<DataTable, Map<string, string>> = Object.fromEntries(
  (Object.keys(TABLE_COLUMNS) as DataTable[]).map((t) => {
    const m = new Map<string, string>();
    for (const c of TABLE_COLUMNS[t]) {
      m.set(normaliseHeader(c.name), c.name);
      for (const z of c.zh) if (!m.has(normaliseHeader(z))) m.set(normaliseHeader(z), c.name);
    }
    return [t, m];
  }),
) as Record<DataTable, Map<string, string>>;

export interface HeaderMatch {
  table: DataTable;
  /** For each header position: the canonical column, or null when the column is left out. */
  columns: (string | null)[];
  unknown: string[];
  duplicated: string[];
  /** For each header position, the money unit its header names (`年初预算数（元）`), else null. */
  units?: (MoneyUnit | null)[];
}

export type MoneyUnit = '万元' | '元';

/** The money unit a header ends with, in any brackets: 年初预算数（元） → 元, 执行数(万元) → 万元; null when none. */
export function headerUnit(h: string): MoneyUnit | null {
  const m = /[(\[【](万元|元)[)\]】]$/.exec(toHalfWidth(h).replace(/\s+/g, ''));
  return m ? (m[1] as MoneyUnit) : null;
}

export type Recognition = { ok: true; match: HeaderMatch } | { ok: false; reason: string };

function matchTable(table: DataTable, headers: string[]): HeaderMatch {
  const seen = new Set<string>();
  const unknown: string[] = [];
  const duplicated: string[] = [];
  const columns = headers.map((h) => {
    const name = lookup[table].get(normaliseHeader(h)) ?? null;
    if (name == null) {
      if (h.trim() !== '') unknown.push(h.trim());
      return null;
    }
    if (seen.has(name)) {
      duplicated.push(h.trim());
      return null;
    }
    seen.add(name);
    return name;
  });
  return { table, columns, unknown, duplicated, units: headers.map(headerUnit) };
}

/**
 * The table whose required columns are all present; among several, the one that explains the most
 * headers (an evaluations file and a spending file share 年度 and 预算部门).
 */
export function recogniseTable(headers: string[]): Recognition {
  let best: HeaderMatch | null = null;
  let bestCount = -1;
  for (const t of Object.keys(TABLE_COLUMNS) as DataTable[]) {
    const m = matchTable(t, headers);
    const present = new Set(m.columns.filter((c): c is string => c != null));
    if (!REQUIRED[t].every((c) => present.has(c))) continue;
    if (REQUIRED_ANY[t] && !REQUIRED_ANY[t].some((c) => present.has(c))) continue;
    if (present.size > bestCount) {
      best = m;
      bestCount = present.size;
    }
  }
  if (best) return { ok: true, match: best };
  const expected = (Object.keys(TABLE_COLUMNS) as DataTable[])
    .map((t) => {
      const named = (c: string) => `${c}/${TABLE_COLUMNS[t].find((s) => s.name === c)!.zh[0] ?? c}`;
      const any = REQUIRED_ANY[t] ? `，及 ${REQUIRED_ANY[t].map(named).join(' 或 ')}` : '';
      return `${t}（${REQUIRED[t].map(named).join('、')}${any}）`;
    })
    .join('；');
  const shown = headers.filter((h) => h.trim() !== '').slice(0, 12).join('、') || '（无）';
  return {
    ok: false,
    reason: `表头不属于任何一张表：${shown}。应为以下之一（必需列）：${expected}`,
  };
}

