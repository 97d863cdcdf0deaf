// The published forms' labels, as every template we have seen writes them: the one place that
// knows a province's wording. The recogniser reads labels through `labelKey` and asks this table
// what a label means; adding a template's variant is adding a word here, never code elsewhere.
import { normaliseHeader } from '../headers';
import { toHalfWidth } from '../values';

export type FormKind = '部门整体' | '项目';

/** Titles: which form a caption or title row announces. */
export const TITLES: { kind: FormKind | 'basic'; words: RegExp }[] = [
  { kind: '部门整体', words: /部门整体支出绩效(自评|评价)表/ },
  { kind: '项目', words: /项目支出绩效(自评|评价)表/ },
  { kind: 'basic', words: /基础数据表/ },
];
/** A year in a title: 2023年度 / 2023年 / 2023 年. */
export const TITLE_YEAR = /((?:19|20)\d{2})\s*年/;

/** Single-value fields: the label, then the value in the next cell to its right. */
export const FIELDS = {
  project: ['项目名称', '项目支出名称', '项目'],
  department: ['预算部门名称', '预算部门', '部门名称', '单位名称', '部门'],
  supervisor: ['主管部门', '主管部门及代码', '主管单位'],
  unit: ['实施单位', '项目实施单位'],
  region: ['地区', '所属地区', '行政区划', '区划'],
} as const;
export type Field = keyof typeof FIELDS;

/** The 项目资金 / 年度预算申请 block: its title cell (which carries the unit) … */
export const MONEY_BLOCK = ['项目资金', '年度预算申请', '资金情况', '预算资金', '项目资金情况', '年度资金'];
/** … its columns (across) … */
export const MONEY_COLUMNS = {
  initial: ['年初预算数', '年初数', '年初预算'],
  full: ['全年预算数', '调整后预算数', '全年预算', '全年数', '调整后预算'],
  executed: ['全年执行数', '预算执行数', '执行数', '全年执行', '实际执行数', '全年实际执行数'],
  weight: ['分值', '权重'],
  rate: ['执行率', '预算执行率', '全年执行率'],
  score: ['得分'],
} as const;
export type MoneyColumn = keyof typeof MONEY_COLUMNS;
/** … and its lines (down). */
export const MONEY_LINES = {
  total: ['年度资金总额', '资金总额', '年度资金合计', '资金合计'],
  appropriation: ['当年财政拨款', '本年财政拨款', '财政拨款'],
  carryover: ['上年结转资金', '上年结转'],
  other: ['其他资金'],
} as const;
export type MoneyLine = keyof typeof MONEY_LINES;
/** A row is the block's header when it names at least this many money columns. */
export const MONEY_HEADER_MIN = 2;

/** 年度总体目标: the block title, and its two columns. */
export const GOALS = {
  block: ['年度总体目标', '总体目标', '年度目标', '年度绩效目标', '绩效目标'],
  target: ['预期目标', '年度预期目标'],
  actual: ['实际完成情况', '全年实际完成情况', '目标实际完成情况'],
};

/** The indicator table's columns. `nature` | `value` | `measure` are a target split in three. */
export const INDICATOR_COLUMNS = {
  level1: ['一级指标'],
  level2: ['二级指标'],
  level3: ['三级指标', '具体指标', '指标名称'],
  target: ['年度指标值', '预期指标值', '年度目标值', '目标值'],
  nature: ['指标性质'],
  value: ['指标值'],
  measure: ['度量单位', '计量单位', '单位'],
  actual: ['实际完成值', '全年实际值', '实际值', '全年实际完成值', '完成值'],
  weight: ['分值', '权重'],
  score: ['得分'],
  deviation: ['偏差原因分析及改进措施', '未完成原因及拟采取的改进措施', '偏差原因分析', '偏差原因', '未完成原因', '原因分析及改进措施'],
  rating: ['评级', '评价等级'],
} as const;
export type IndicatorColumn = keyof typeof INDICATOR_COLUMNS;
/** Labels of the total row (its 得分 cell is the form's 总分). */
export const TOTAL = ['总分', '合计', '总计', '自评得分', '总得分', '自评总分'];
/** Labels that name a section and carry nothing else (used, not data). */
export const SECTIONS = ['绩效指标', '年度绩效指标', '绩效指标完成情况', '按收入性质分', '按支出性质分'];

/** 附件1 财政供养人员情况. */
export const STAFFING = {
  block: ['财政供养人员情况'],
  authorized: ['编制数'],
  actual: ['实际在职人数', '在职人数', '实有人数'],
};
/** 附件1 经费控制情况: the block title and its year columns (2022年决算数 / 2023年预算数 / 2023年决算数). */
export const SPENDING_BLOCK = ['经费控制情况'];
export const SPENDING_COLUMN = /^(?:((?:19|20)\d{2})年度?|(上年|本年))(决算数|预算数|决算|预算)$/;
/** Blocks of 附件1 with no table in the contract: their cells are reported as left out, with this reason. */
export const OUT_OF_CONTRACT = ['楼堂馆所控制情况', '厉行节约保障措施', '控制率', '规模控制率', '投资概算控制率'];

/**
 * 附件1's lines and where they sit: the contract's item name, its parent, and how templates write
 * it. `projects` marks the lines a department lists its projects under (一个专项一行): a line not
 * in this table, below one of them, is a project of that line.
 */
export const SPENDING_ITEMS: { item: string; parent: string | null; words: string[]; projects?: boolean }[] = [
  { item: '三公经费', parent: null, words: ['三公经费', '三公经费支出'] },
  { item: '公务用车购置和维护经费', parent: '三公经费', words: ['公务用车购置和维护经费', '公务用车购置及运行维护费', '公务用车购置及运行费'] },
  { item: '公车购置', parent: '公务用车购置和维护经费', words: ['公车购置', '公务用车购置', '公务用车购置费'] },
  { item: '公车运行维护', parent: '公务用车购置和维护经费', words: ['公车运行维护', '公务用车运行维护', '公务用车运行维护费'] },
  { item: '出国经费', parent: '三公经费', words: ['出国经费', '因公出国经费', '因公出国境经费', '因公出国费'] },
  { item: '公务接待', parent: '三公经费', words: ['公务接待', '公务接待费'] },
  { item: '项目支出', parent: null, words: ['项目支出'], projects: true },
  { item: '业务工作经费', parent: '项目支出', words: ['业务工作经费'], projects: true },
  { item: '运行维护经费', parent: '项目支出', words: ['运行维护经费'], projects: true },
  { item: '县级专项资金', parent: '项目支出', words: ['县级专项资金', '市级专项资金', '专项资金'], projects: true },
  { item: '公用经费', parent: null, words: ['公用经费'] },
  { item: '办公经费', parent: '公用经费', words: ['办公经费'] },
  { item: '水费电费差旅费', parent: '公用经费', words: ['水费电费差旅费'] },
  { item: '会议费培训费', parent: '公用经费', words: ['会议费培训费'] },
  { item: '政府采购金额', parent: null, words: ['政府采购金额', '政府采购'] },
  { item: '部门基本支出预算调整', parent: null, words: ['部门基本支出预算调整', '基本支出预算调整'] },
];

/** How the template writes its own sub-headings: numbered (1、业务工作经费) or with its note ((一个专项一行)). */
export const TEMPLATE_LINE = /^\s*(\d+|[一二三四五六七八九十]+)\s*[、.．]|[（(]一个专项一行[)）]/;

/** Flat exports: a units row above the header ("单位：元"). */
export const UNITS_ROW = /^单位[:：]\s*(万元|元)$/;
/** A money unit written in a label: 项目资金（元）, 经费控制情况(万元). */
const LABEL_UNIT = /[（(\[【]\s*(万元|元)\s*[)）\]】]/;

/** Cells that mean "not applicable" ("-", "/", "——", "……"): blank, never 0. */
export const NOT_APPLICABLE = /^[\s\/／\\\-－—–_…·.。、]*$/;

/** A label reduced to what identifies it: no line breaks or spaces, points ("（30分）"), column marks ("(A)"), numbering. */
export function labelKey(text: string): string {
  let key = keys.get(text);
  if (key === undefined) {
    key = computeKey(text);
    // Forms repeat the same few hundred labels; a bounded memo keeps a county's forms from re-normalising them.
    if (keys.size > 50_000) keys.clear();
    keys.set(text, key);
  }
  return key;
}
const keys = new Map<string, string>();

function computeKey(text: string): string {
  let s = toHalfWidth(text).replace(/\s+/g, '');
  s = s.replace(/\(\d+(\.\d+)?分\)/g, '').replace(/\([A-Za-z](\+[A-Za-z])?\)$/, '');
  s = s.replace(/^(\d+|[一二三四五六七八九十]+)[、.]/, '').replace(/^\(\d+\)/, '');
  s = s.replace(/[:：]$/, '');
  return normaliseHeader(s).replace(/[“”‘’"']/g, '');
}

function keyed<T extends Record<string, readonly string[]>>(table: T): Map<string, keyof T> {
  const m = new Map<string, keyof T>();
  for (const [name, words] of Object.entries(table)) for (const w of words) if (!m.has(labelKey(w))) m.set(labelKey(w), name);
  return m;
}
const wordSet = (words: readonly string[]) => new Set(words.map(labelKey));

const fieldKeys = keyed(FIELDS);
const moneyColumnKeys = keyed(MONEY_COLUMNS);
const moneyLineKeys = keyed(MONEY_LINES);
const indicatorKeys = keyed(INDICATOR_COLUMNS);
const goalKeys = keyed(GOALS);
const staffingKeys = keyed(STAFFING);
const totalKeys = wordSet(TOTAL);
const sectionKeys = wordSet(SECTIONS);
const moneyBlockKeys = wordSet(MONEY_BLOCK);
const spendingBlockKeys = wordSet(SPENDING_BLOCK);
const outOfContractKeys = wordSet(OUT_OF_CONTRACT);
const itemKeys = new Map(SPENDING_ITEMS.flatMap((it) => it.words.map((w) => [itemKey(w), it] as const)));

/** A year written before a label ("2023年实际在职人数") is not part of what the label is. */
const withoutYear = (k: string) => k.replace(/^(19|20)\d{2}年度?/, '');

export const fieldOf = (text: string): Field | undefined => fieldKeys.get(labelKey(text));
export const moneyColumnOf = (text: string): MoneyColumn | undefined => moneyColumnKeys.get(labelKey(text));
export const moneyLineOf = (text: string): MoneyLine | undefined => moneyLineKeys.get(labelKey(text));
export const indicatorColumnOf = (text: string): IndicatorColumn | undefined => indicatorKeys.get(labelKey(text));
export const goalLabelOf = (text: string): keyof typeof GOALS | undefined => goalKeys.get(labelKey(text));
export const staffingLabelOf = (text: string): keyof typeof STAFFING | undefined => staffingKeys.get(withoutYear(labelKey(text)));
export const isTotal = (text: string) => totalKeys.has(labelKey(text));
export const isSection = (text: string) => sectionKeys.has(labelKey(text));
export const isMoneyBlock = (text: string) => moneyBlockKeys.has(labelKey(text));
export const isSpendingBlock = (text: string) => spendingBlockKeys.has(labelKey(text));
/** Out-of-contract labels may carry a note (楼堂馆所控制情况(2023年完工项目)): a prefix is enough. */
export const isOutOfContract = (text: string) => {
  const k = labelKey(text);
  return [...outOfContractKeys].some((o) => k.startsWith(o));
};

/** 附件1 line names lose their numbering, 其中, notes in brackets and list punctuation. */
export function itemKey(text: string): string {
  const s = toHalfWidth(text).replace(/\s+/g, '').replace(/\([^)]*\)/g, '');
  return labelKey(s).replace(/[、，,；;]/g, '');
}
export const spendingItemOf = (text: string) => itemKeys.get(itemKey(text));

/** A spending column header → which figure it is, and the year it names (null for 上年/本年). */
export function spendingColumnOf(text: string): { figure: 'final' | 'budget'; year: number | null; prior: boolean | null } | undefined {
  const m = SPENDING_COLUMN.exec(labelKey(text));
  if (!m) return undefined;
  return { figure: m[3].startsWith('决算') ? 'final' : 'budget', year: m[1] ? Number(m[1]) : null, prior: m[2] ? m[2] === '上年' : null };
}

/** The money unit a label or units row states, if any. */
export function unitOf(text: string): '万元' | '元' | null {
  const t = toHalfWidth(text).replace(/\s+/g, '');
  const m = LABEL_UNIT.exec(t) ?? UNITS_ROW.exec(t) ?? /单位[:：](万元|元)/.exec(t);
  return m ? (m[1] as '万元' | '元') : null;
}

/** The form a title announces, and its year. */
export function titleOf(text: string): { kind: FormKind | 'basic'; year: number | null } | undefined {
  const t = toHalfWidth(text).replace(/\s+/g, '');
  const hit = TITLES.find((x) => x.words.test(t));
  if (!hit) return undefined;
  const y = TITLE_YEAR.exec(t);
  return { kind: hit.kind, year: y ? Number(y[1]) : null };
}
