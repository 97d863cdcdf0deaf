// Cells as people write them → exact canonical strings. Money is 万元; nothing here touches a
// binary float: plain decimals are validated by pattern and anything that needs arithmetic
// (元 → 万元, percent → ratio) goes through decimal.js.
import Decimal from 'decimal.js';

export type ParseResult = { ok: true; value: string | null } | { ok: false; reason: string };

const OK_NULL: ParseResult = { ok: true, value: null };
const PLAIN_DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

/** Full-width digits, signs and punctuation → ASCII; ideographic space → space. */
export function toHalfWidth(s: string): string {
  return s.replace(/[\uff01-\uff5e]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/\u3000/g, ' ');
}

/** Trims, folds full-width characters, drops thousands separators and inner spaces. */
function numericText(raw: string): string {
  return toHalfWidth(raw).trim().replace(/[,，\s]/g, '');
}

function canonical(d: string): string {
  return new Decimal(d).toFixed();
}

const fail = (reason: string): ParseResult => ({ ok: false, reason });

/** 万元 amounts: `183.35`, `183.35万元`, `150万`, `1,833,500`, `215,457.6元` (→ 21.54576). */
export function parseMoney(raw: string | null | undefined): ParseResult {
  if (raw == null) return OK_NULL;
  const t = numericText(raw);
  if (t === '') return OK_NULL;
  const m = /^(.*?)(万元|万|元)?$/.exec(t)!;
  const num = m[1];
  if (!PLAIN_DECIMAL.test(num)) return fail(`「${raw.trim()}」不是金额`);
  const value = m[2] === '元' ? new Decimal(num).div(10000).toFixed() : canonical(num);
  return { ok: true, value };
}

/** Weights and scores: `10`, `10.00`, `10分`. Words such as 十 or N/A are refused, never guessed. */
export function parseNumber(raw: string | null | undefined): ParseResult {
  if (raw == null) return OK_NULL;
  const t = numericText(raw).replace(/分$/, '');
  if (t === '') return OK_NULL;
  if (!PLAIN_DECIMAL.test(t)) return fail(`「${raw.trim()}」不是数字`);
  return { ok: true, value: canonical(t) };
}

/**
 * Rates as a ratio: `100.00%`, `100%` → 1; `1`, `1.0` → 1; `0.985` → 0.985. A bare number above 2
 * can only be percentage points written without the sign (`98.5` → 0.985): no execution rate is 200%+
 * in a real form, while 1.2 (120%) is.
 */
export function parsePercent(raw: string | null | undefined): ParseResult {
  if (raw == null) return OK_NULL;
  const t = numericText(raw);
  if (t === '') return OK_NULL;
  const pct = t.endsWith('%');
  const num = pct ? t.slice(0, -1) : t;
  if (!PLAIN_DECIMAL.test(num)) return fail(`「${raw.trim()}」不是百分比`);
  const d = new Decimal(num);
  return { ok: true, value: (pct || d.abs().gt(2) ? d.div(100) : d).toFixed() };
}

/** Integers such as 年度 `2023`/`2023年` or 编制数 `12`/`12人`. */
export function parseInteger(raw: string | null | undefined, suffix: RegExp = /(年|人|个)$/): ParseResult {
  if (raw == null) return OK_NULL;
  const t = numericText(raw).replace(suffix, '');
  if (t === '') return OK_NULL;
  if (!/^[+-]?\d+(\.0*)?$/.test(t)) return fail(`「${raw.trim()}」不是整数`);
  return { ok: true, value: String(parseInt(t, 10)) };
}

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
 * `≧95%` → ≥ 0.95 %; `183.35万元` → = 183.35 万元; `覆盖率达到100%` → ≥ 1 %; `有所提升` → null.
 * Only a text with exactly one number is a measure; dates (`2023年全年`, `12月底前`) are not
 * quantities and are left unparsed, as are texts with several numbers (a range, a list).
 */
export function parseMeasure(raw: string | null | undefined): Measure | null {
  if (raw == null) return null;
  const t = toHalfWidth(raw).replace(/[,，\s]/g, '');
  if (t === '') return null;
  const withoutDates = t.replace(/\d{4}年(\d{1,2}月)?(\d{1,2}日)?|\d{1,2}月(\d{1,2}日)?(底|前|末)?/g, '§');
  const nums = withoutDates.match(/\d+(\.\d+)?/g);
  if (!nums || nums.length !== 1) return null;
  const at = withoutDates.indexOf(nums[0]);
  const after = withoutDates.slice(at + nums[0].length);
  const before = withoutDates.slice(0, at);
  const unitMatch = /^(%|‰|[^\d§≥≧≤≦<>=（）()，。；;、]{1,4})/.exec(after);
  let unit = unitMatch ? unitMatch[1] : null;
  if (unit && /(以上|以下|以内|左右)$/.test(unit)) unit = unit.replace(/(以上|以下|以内|左右)$/, '') || null;
  let op: Measure['op'] = '=';
  for (const [re, o] of OPS) {
    if (re.test(before) || re.test(after.slice(0, 6))) {
      op = o;
      break;
    }
  }
  let value = new Decimal(nums[0]);
  if (unit === '%') value = value.div(100);
  else if (unit === '‰') value = value.div(1000);
  return { op, value: value.toFixed(), unit };
}
