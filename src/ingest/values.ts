// Cells as people write them → exact canonical strings. Money is 万元; nothing here touches a
// binary float: plain decimals are validated by pattern and worked on as digits (./exact: 元 → 万元
// and percent → ratio are shifts of the point). Every value is checked against its column's limit
// (./limits) here, so what is staged always fits its SQL type exactly.
import { compareAbs, digitsOf, digitsText, type Digits } from './exact';
import { DECIMAL_LIMITS, INTEGER_LIMITS, type DecimalLimit, type IntegerLimit } from './limits';

export type ParseResult = { ok: true; value: string | null } | { ok: false; reason: string };

const OK_NULL: ParseResult = { ok: true, value: null };
const PLAIN_DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;
/** Thousands grouping: 1–3 digits, then groups of exactly three, one kind of separator throughout. */
const GROUPED = /^\d{1,3}([, ])\d{3}(\1\d{3})*$/;
const FULL_WIDTH = /[\uff01-\uff5e\u3000]/;
/** What cellText changes: most cells hold none of it and are taken as they are. */
const FOLDED = /[\uff01-\uff5e\s]/;

/** Full-width digits, signs and punctuation → ASCII; ideographic space → space. */
export function toHalfWidth(s: string): string {
  if (!FULL_WIDTH.test(s)) return s;
  return s.replace(/[\uff01-\uff5e]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/\u3000/g, ' ');
}

/** Folded to half width (so `，` is `,`), every kind of space one plain space, trimmed. */
function cellText(raw: string): string {
  return FOLDED.test(raw) ? toHalfWidth(raw).replace(/\s/g, ' ').trim() : raw;
}

const fail = (reason: string): ParseResult => ({ ok: false, reason });
const SEPARATOR_REASON = '分隔符不是每三位一组的千位分隔（如 1,833,500）；小数点须写作「.」';

/**
 * A written number without its unit → a plain ASCII decimal. Separators (`,`, `，` or spaces) are
 * taken only as thousands grouping: `1,833,500` is 1833500, while `183,35` (a decimal comma) and
 * `12,34,5` are refused with `why`, never read as 18335 or 12345.
 */
function lexNumber(body: string): { ok: true; n: string } | { ok: false; why: string | null } {
  if (PLAIN_DECIMAL.test(body)) return { ok: true, n: body };
  const m = /^([+-]?) ?(.*)$/.exec(body)!;
  const [int, frac, ...more] = m[2].split('.');
  const separated = /[, ]/;
  if (more.length > 0) return { ok: false, why: null };
  if (frac != null && separated.test(frac)) return { ok: false, why: /^[\d, ]*$/.test(frac) ? SEPARATOR_REASON : null };
  let digits = int;
  if (separated.test(int)) {
    if (!GROUPED.test(int)) return { ok: false, why: /^[\d, ]+$/.test(int) ? SEPARATOR_REASON : null };
    digits = int.replace(/[, ]/g, '');
  }
  const n = m[1] + digits + (frac == null ? '' : `.${frac}`);
  return PLAIN_DECIMAL.test(n) ? { ok: true, n } : { ok: false, why: null };
}

const maxDigits = new Map<DecimalLimit, Digits>();
/** Whether |value| is above `limit`'s magnitude. */
function tooLarge(value: Digits, limit: DecimalLimit): boolean {
  let max = maxDigits.get(limit);
  if (!max) maxDigits.set(limit, (max = digitsOf(limit.maxAbs.toFixed())));
  return compareAbs(value, max) > 0;
}
const fits = (value: Digits, limit: DecimalLimit) => !tooLarge(value, limit) && value.frac.length <= limit.scale;

/** `value` (already exact) checked against `limit`: too large or too many decimals is refused, never rounded. */
function withinLimit(value: Digits, limit: DecimalLimit, shown: string, what: string, unit = ''): ParseResult {
  if (tooLarge(value, limit)) return fail(`「${shown}」超出${what}的范围：绝对值至多 ${limit.maxAbs.toFixed()}${unit}`);
  const exact = digitsText(value);
  if (value.frac.length > limit.scale) {
    const as = exact === shown ? '' : `即 ${exact}${unit}，`;
    return fail(`「${shown}」${as}小数超过 ${limit.scale} 位：不作舍入`);
  }
  return { ok: true, value: exact };
}

/** 万元 amounts: `183.35`, `183.35万元`, `150万`, `1,833,500`, `215,457.6元` (→ 21.54576). */
export function parseMoney(raw: string | null | undefined): ParseResult {
  if (raw == null) return OK_NULL;
  const t = cellText(raw);
  if (t === '') return OK_NULL;
  const m = /^(.*?) ?(万元|万|元)?$/.exec(t)!;
  const lexed = lexNumber(m[1]);
  if (!lexed.ok) return fail(`「${raw.trim()}」不是金额${lexed.why ? `：${lexed.why}` : ''}`);
  const value = digitsOf(lexed.n, m[2] === '元' ? 4 : 0);
  return withinLimit(value, DECIMAL_LIMITS.money, raw.trim(), '金额', ' 万元');
}

/** Weights and scores: `10`, `10.00`, `10分`. Words such as 十 or N/A are refused, never guessed. */
export function parseNumber(raw: string | null | undefined): ParseResult {
  if (raw == null) return OK_NULL;
  const t = cellText(raw).replace(/ ?分$/, '');
  if (t === '') return OK_NULL;
  const lexed = lexNumber(t);
  if (!lexed.ok) return fail(`「${raw.trim()}」不是数字${lexed.why ? `：${lexed.why}` : ''}`);
  return withinLimit(digitsOf(lexed.n), DECIMAL_LIMITS.number, raw.trim(), '分值');
}

/**
 * How a percent column's bare numbers (written without `%`) are read: as ratios (`1` = 100 %) or
 * as percentage points (`98.5` = 98.5 %). Decided once per column of a file, never cell by cell.
 */
export type PercentReading = 'ratio' | 'points';

interface PercentText {
  n: string;
  withSign: boolean;
}

function lexPercent(raw: string): PercentText | null | { why: string | null } {
  const t = cellText(raw);
  if (t === '') return null;
  const withSign = t.endsWith('%');
  const lexed = lexNumber(withSign ? t.slice(0, -1).trimEnd() : t);
  return lexed.ok ? { n: lexed.n, withSign } : { why: lexed.why };
}

const TWO = digitsOf('2');

/**
 * The reading of one percent column from all its values in a file: ratios when every bare value is
 * at most 2 (no execution rate reaches 200 %, while 1.2 = 120 % is real), percentage points
 * otherwise. `bare` counts the values without `%`; `over` is the first one above 2.
 */
export function percentReading(values: Iterable<string | null | undefined>): { reading: PercentReading; bare: number; over: string | null } {
  let bare = 0;
  let over: string | null = null;
  for (const raw of values) {
    if (raw == null) continue;
    const p = lexPercent(raw);
    if (p == null || !('n' in p) || p.withSign) continue;
    bare++;
    if (over == null && compareAbs(digitsOf(p.n), TWO) > 0) over = raw.trim();
  }
  return { reading: over == null ? 'ratio' : 'points', bare, over };
}

/** Rates as a ratio: `100.00%`, `100%` → 1; a bare `0.985` or `98.5` as `bare` says (see percentReading). */
export function parsePercent(raw: string | null | undefined, bare: PercentReading): ParseResult {
  if (raw == null) return OK_NULL;
  const p = lexPercent(raw);
  if (p == null) return OK_NULL;
  if (!('n' in p)) return fail(`「${raw.trim()}」不是百分比${p.why ? `：${p.why}` : ''}`);
  return withinLimit(digitsOf(p.n, p.withSign || bare === 'points' ? 2 : 0), DECIMAL_LIMITS.percent, raw.trim(), '比率');
}

/** Integers such as 年度 `2023`/`2023年` or 编制数 `12`/`12人`, within `limit`. */
function parseInteger(raw: string | null | undefined, suffix: RegExp, limit: IntegerLimit, outside: string): ParseResult {
  if (raw == null) return OK_NULL;
  const t = cellText(raw).replace(suffix, '');
  if (t === '') return OK_NULL;
  const lexed = lexNumber(t);
  if (!lexed.ok) return fail(`「${raw.trim()}」不是整数${lexed.why ? `：${lexed.why}` : ''}`);
  if (!/^[+-]?\d+(\.0*)?$/.test(lexed.n)) return fail(`「${raw.trim()}」不是整数`);
  // Ten digits or fewer are exact as a Number (the limits are within ±2^31).
  const d = digitsOf(lexed.n);
  const n = d.int.length <= 10 ? Number(digitsText(d)) : NaN;
  if (!(n >= limit.min && n <= limit.max)) return fail(`「${raw.trim()}」${outside}：应在 ${limit.min}–${limit.max} 之间`);
  return { ok: true, value: digitsText(d) };
}

/** 年度: `2023`, `2023年`, `2023年度`. */
export const parseYear = (raw: string | null | undefined): ParseResult => parseInteger(raw, / ?年度?$/, INTEGER_LIMITS.year, '不是年份');

/** Counts such as 编制数: `12`, `12人`. */
export const parseCount = (raw: string | null | undefined): ParseResult => parseInteger(raw, / ?(人|个)$/, INTEGER_LIMITS.int, '超出整数范围');

export function parseText(raw: string | null | undefined): ParseResult {
  if (raw == null) return OK_NULL;
  const t = raw.trim();
  return { ok: true, value: t === '' ? null : t };
}

/** A target or actual read as a comparison with a number, where there is one. */
export interface Measure {
  op: '>=' | '<=' | '>' | '<' | '=';
  /** Exact decimal; percentages as a ratio (95% → 0.95). */
  value: string;
  unit: string | null;
}

const OPS: [RegExp, Measure['op']][] = [
  [/(≥|≧|>=|不低于|不少于|不小于|大于等于|至少|达到|以上)/, '>='],
  [/(≤|≦|<=|不高于|不超过|不多于|小于等于|以内|以下|控制在)/, '<='],
  [/(＞|>|大于|高于|超过)/, '>'],
  [/(＜|<|小于|低于|少于)/, '<'],
];

/**
 * The text a measure is read from: half width; thousands grouping dropped only where it really is
 * grouping (`1,000人次`), and spaces dropped except between digits, so that `第1,2季度` or
 * `100 200` stay several numbers instead of merging into one.
 */
function measureText(raw: string): string {
  let t = toHalfWidth(raw);
  if (t.includes(',')) t = t.replace(/(?<![\d.,])\d{1,3}(,\d{3})+(?!\d|,\d)/g, (g) => g.replace(/,/g, ''));
  return /\s/.test(t) ? t.replace(/(?<!\d)\s+|\s+(?!\d)/g, '') : t;
}

/** No measure, a measure, or a number that is no storable quantity (an id such as a contract number). */
export type MeasureResult = { ok: true; measure: Measure | null } | { ok: false; number: string };

/**
 * `≧95%` → ≥ 0.95 %; `183.35万元` → = 183.35 万元; `覆盖率达到100%` → ≥ 1 %; `有所提升` → null.
 * Only a text with exactly one number is a measure; dates (`2023年全年`, `12月底前`) are not
 * quantities and are left unparsed, as are texts with several numbers (a range, a list). A number
 * beyond the measure columns' limit (`按合同编号2023110512345678执行`) is no quantity either: the
 * text stays as written and the caller says that no measure was read from it.
 */
export function parseMeasure(raw: string | null | undefined): MeasureResult {
  if (raw == null) return NO_MEASURE;
  let m = measures.get(raw);
  if (m) return m;
  m = readMeasure(raw);
  if (measures.size >= MEASURES_KEPT) measures.clear();
  measures.set(raw, m);
  return m;
}

const NO_MEASURE: MeasureResult = { ok: true, measure: null };
// Targets and actuals repeat across a file's forms (the boilerplate this product is about), so each
// text is read once; the results are never changed by their readers.
const measures = new Map<string, MeasureResult>();
const MEASURES_KEPT = 100_000;

function readMeasure(raw: string): MeasureResult {
  const none = NO_MEASURE;
  const t = measureText(raw);
  if (t === '') return none;
  const withoutDates = t.replace(/\d{4}年(\d{1,2}月)?(\d{1,2}日)?|\d{1,2}月(\d{1,2}日)?(底|前|末)?/g, '§');
  const nums = withoutDates.match(/\d+(\.\d+)?/g);
  if (!nums || nums.length !== 1) return none;
  const at = withoutDates.indexOf(nums[0]);
  const after = withoutDates.slice(at + nums[0].length);
  const before = withoutDates.slice(0, at);
  const unitMatch = /^(%|‰|[^\d§≥≧≤≦<>=（）()，,。；;、]{1,4})/.exec(after);
  let unit = unitMatch ? unitMatch[1] : null;
  if (unit && /(以上|以下|以内|左右)$/.test(unit)) unit = unit.replace(/(以上|以下|以内|左右)$/, '') || null;
  let op: Measure['op'] = '=';
  for (const [re, o] of OPS) {
    if (re.test(before) || re.test(after.slice(0, 6))) {
      op = o;
      break;
    }
  }
  const value = digitsOf(nums[0], unit === '%' ? 2 : unit === '‰' ? 3 : 0);
  if (!fits(value, DECIMAL_LIMITS.measure)) return { ok: false, number: nums[0] };
  return { ok: true, measure: { op, value: digitsText(value), unit } };
}
