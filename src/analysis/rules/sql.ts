// SQL fragments the rules share. All of them are SQL of our own code: no user text is ever spliced
// in; thresholds travel as parameters. Each returns a fragment (db/sql.ts), so it splices into a
// rule's sql`…` as SQL, not as a value; its arguments are SQL expressions without parameters (most
// of them appear several times in the result).
import { raw, sql, type SqlFragment } from '../../db/sql';

/** An SQL expression of our own code: text, or a fragment without parameters. */
export type SqlText = string | SqlFragment;

/** The text of `x`, refusing a fragment with parameters: repeating it would need them twice. */
function text(x: SqlText): string {
  if (typeof x === 'string') return x;
  if (x.params.length > 0) throw new Error(`an expression with parameters cannot be repeated: ${x.sql}`);
  return x.sql;
}

/** Lists travel as one string parameter, split in SQL with `string_split(?, chr(31))`. */
export const LIST_SEP = '\u001f';
export function listParam(items: readonly string[]): string {
  return items.map((s) => s.replaceAll(LIST_SEP, '')).join(LIST_SEP);
}

/** Full-width characters norm() folds, and what they fold to. */
const FULL_WIDTH = '０１２３４５６７８９％＞＜＝≧≦';
const FOLDED = '0123456789%><=≥≤';

/**
 * Text normalised for comparison: full-width digits and comparison signs folded to ASCII / ≥ ≤,
 * then every space and punctuation mark removed (so "完成时间。" = " 完成时间", "≧95％" = "≥95%").
 * '%' is punctuation to Unicode but meaningful here, so it is shielded (U+E000) before the strip.
 * translate() costs several times the rest together, so it runs only on a text that holds one of the
 * characters it folds.
 */
export function norm(x: SqlText): SqlFragment {
  x = text(x);
  const folded = `CASE WHEN regexp_matches(${x}, '[${FULL_WIDTH}]') THEN translate(${x}, '${FULL_WIDTH}', '${FOLDED}') ELSE coalesce(${x}, '') END`;
  return raw(`lower(regexp_replace(replace(${folded}, '%', '\uE000'), '[\\s\\p{P}]+', '', 'g'))`);
}

/**
 * A number as people write it: DECIMAL 80.0000 → '80', 0.50 → '0.5'; NULL stays NULL (a detail
 * shows it as 空 / blank, ./detail.ts).
 */
export function fmt(x: SqlText): SqlFragment {
  x = text(x);
  return raw(`regexp_replace(regexp_replace(CAST(${x} AS VARCHAR), '(\\.\\d*?)0+$', '\\1'), '\\.$', '')`);
}

/** A ratio shown as a percentage: 0.95 → '95%'; NULL stays NULL. */
export function pct(x: SqlText): SqlFragment {
  x = text(x);
  return raw(`${fmt(`round(${x} * 100, 2)`)} || '%'`);
}

// Exact division. DuckDB divides DECIMALs in DOUBLE: 16 digits, ties rounded either way, and a large
// quotient printed as '1e+20'. Money is 10¹² 万元 with 6 decimals (18 digits), so every ratio the
// analysis shows or compares is computed here instead, in HUGEINT on the unscaled values.

const PLACES = /^(0|[1-9]\d?)$/;

/** SQL for x × 10^scale as a HUGEINT (x a DECIMAL with at most `scale` places). */
export function unscaledSql(x: SqlText, scale = 6): SqlFragment {
  x = text(x);
  return raw(`CAST(CAST((${x}) AS DECIMAL(38,${scale})) * ${10n ** BigInt(scale)} AS HUGEINT)`);
}

/**
 * n / d to `places` as DECIMAL(38, places), rounded half away from zero, for integer expressions n and
 * d (d not 0): the quotient in units of 10^-places, times that unit as a DECIMAL literal.
 */
function roundedQuotientSql(n: string, d: string, places: number): string {
  const unit = places === 0 ? `CAST(1 AS DECIMAL(1,0))` : `CAST('0.${'0'.repeat(places - 1)}1' AS DECIMAL(${places + 1},${places}))`;
  return `CAST(sign(${n}) * sign(${d}) * ((abs(${n}) * ${10n ** BigInt(places)} * 2 + abs(${d})) // (2 * abs(${d}))) AS DECIMAL(38,0)) * ${unit}`;
}

/**
 * SQL for `num / den` as an exact DECIMAL(38, places), rounded half away from zero; NULL when either
 * side is NULL or `den` is 0. `num` and `den` are SQL expressions written in this module family
 * (never user text) with at most `scale` decimals: 6 for money, scores, rates and counts; a product
 * such as executed × exec_weight has 10. Exact while |num| × 10^(scale + places) × 2 stays within
 * HUGEINT (1.7 × 10³⁸): with 6 decimals and 12 places, |num| below 8 × 10¹⁹ — a million forms of
 * 10¹² 万元 each.
 * Each expression appears several times in the result, so it may not hold a parameter.
 */
export function ratioSql(num: SqlText, den: SqlText, places = 6, scale = 6): SqlFragment {
  num = text(num);
  den = text(den);
  if (!PLACES.test(String(places)) || places > 12) throw new Error(`bad places: ${places}`);
  if (!PLACES.test(String(scale)) || scale > 12) throw new Error(`bad scale: ${scale}`);
  // Each expression appears several times in the result: a `?` in it would take a parameter each time.
  if (num.includes('?') || den.includes('?')) throw new Error('ratioSql: expressions are repeated, so they may not hold parameters');
  const n = unscaledSql(num, scale);
  const d = unscaledSql(den, scale);
  return raw(`(CASE WHEN (${num}) IS NULL OR (${den}) IS NULL OR (${den}) = 0 THEN NULL ELSE
    ${roundedQuotientSql(n.sql, d.sql, places)} END)`);
}

/**
 * The mean of `x` over a group, exact to `places` and rounded half away from zero (avg() is a DOUBLE,
 * whose ties such as 61.505 round either way); NULL over no values, as avg().
 */
export function meanSql(x: SqlText, places = 2): SqlFragment {
  x = text(x);
  return ratioSql(`sum(${x})`, `count(${x})`, places);
}

/**
 * meanSql of an integer column (the forms' boilerplate scores, whole points), the same value and type,
 * computed in BIGINT while the sum allows it: HUGEINT and DECIMAL(38) arithmetic is emulated in
 * WebAssembly, and the exact mean in HUGEINT cost ~60 ms of the findings view's ~6,000 department rows
 * (5 × the BIGINT path). A sum too large for BIGINT after the scaling falls back to meanSql (a CASE
 * evaluates only the branch a row takes).
 */
export function integerMeanSql(x: SqlText, places = 2): SqlFragment {
  x = text(x);
  if (!PLACES.test(String(places)) || places > 12) throw new Error(`bad places: ${places}`);
  const scale = 10n ** BigInt(places);
  // |sum| × scale × 2 + count within 2⁶³ − 1, with count below 2⁶² (it is a row count).
  const limit = (2n ** 62n - 1n) / (scale * 2n);
  const d = `count(${x})`;
  return raw(`(CASE WHEN ${d} = 0 THEN NULL WHEN abs(sum(${x})) <= ${limit} THEN
    ${roundedQuotientSql(`CAST(sum(${x}) AS BIGINT)`, d, places)}
    ELSE ${meanSql(x, places).sql} END)`);
}

/** `num / den` as a percentage rounded to 2 places, exactly: 26000.25 / 52000.5 → '50%'; NULL when den is 0 or NULL. */
export function pctOf(num: SqlText, den: SqlText, scale = 6): SqlFragment {
  num = text(num);
  den = text(den);
  return pct(ratioSql(num, den, 4, scale));
}

/** A text cut to n characters for a detail line; NULL stays NULL. */
export function clip(x: SqlText, n = 24): SqlFragment {
  x = text(x);
  return raw(`CASE WHEN length(${x}) > ${n} THEN left(${x}, ${n}) || '…' ELSE ${x} END`);
}

/** True when a text cell is blank (NULL or only spaces/punctuation). */
export function blank(x: SqlText): SqlFragment {
  x = text(x);
  return raw(`(${norm(x)} = '')`);
}

/**
 * A department is (region, department), not its name: a province dataset has a 财政局 in every
 * county. True when rows `a` and `b` (table aliases) are of the same department; a missing region
 * (NULL or '') matches a missing region, as ingest's de-duplication treats it, so data without a
 * region still joins.
 */
export function sameDepartment(a: string, b: string): SqlFragment {
  return raw(`(coalesce(${a}.region, '') = coalesce(${b}.region, '') AND ${a}.department = ${b}.department)`);
}

/** One value per department (region and name) where only equality matters, e.g. for count(DISTINCT …). `alias` optional. */
export function departmentKey(alias?: string): SqlFragment {
  const p = alias ? `${alias}.` : '';
  return raw(`hash(coalesce(${p}region, ''), ${p}department)`);
}

/**
 * How a detail line names a department: its name, preceded by its region unless the name already
 * says it (青溪县 + 财政局 → 青溪县财政局; 汨罗市 + 中共汨罗市委… → 中共汨罗市委…).
 */
export function departmentName(alias: string): SqlFragment {
  return raw(`CASE WHEN coalesce(${alias}.region, '') = '' OR contains(${alias}.department, ${alias}.region)
    THEN ${alias}.department ELSE ${alias}.region || ${alias}.department END`);
}

/**
 * A normalised text as a key where only equality matters: its hash (a UBIGINT joins and groups far
 * faster than the text), NULL when the text is blank, so a blank never equals anything.
 */
export function textKey(normalised: SqlText): SqlFragment {
  normalised = text(normalised);
  return raw(`CASE WHEN ${normalised} <> '' THEN hash(${normalised}) END`);
}

/** CTE `ph(key)`: the placeholder texts as textKey()s. */
export function placeholderCte(placeholders: readonly string[]): SqlFragment {
  return sql`ph AS (
  SELECT DISTINCT key FROM (SELECT ${textKey(norm('p'))} AS key FROM (SELECT unnest(string_split(${listParam(placeholders)}, chr(31))) AS p)) WHERE key IS NOT NULL
)`;
}

/** True when a text cell, given as its textKey(), says nothing: blank or a placeholder (needs placeholderCte()). */
export function empty(key: SqlText): SqlFragment {
  key = text(key);
  return raw(`(${key} IS NULL OR ${key} IN (SELECT key FROM ph))`);
}

/**
 * How a form is named in a detail line: its project, NULL for a department's own form (the detail
 * says 部门整体 / whole department: FORM_BLANK).
 */
export function formLabel(alias: string): SqlFragment {
  return raw(`NULLIF(trim(${alias}.project), '')`);
}
/** What a detail shows for a form without a project (formLabel() NULL). */
export const FORM_BLANK = { zh: '部门整体', en: 'whole department' } as const;

/** The three money columns of 附件1 and how a detail line names them. */
export const SPENDING_COLUMNS = {
  prior_final: { zh: '上年决算数', en: 'prior-year final' },
  budget: { zh: '本年预算数', en: 'budget' },
  final: { zh: '本年决算数', en: 'final' },
} as const;
