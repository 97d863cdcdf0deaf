// SQL fragments the rules share. All of them are constants of our own code: no user text is ever
// spliced in; thresholds travel as `?` parameters.
import { listParam, type RuleSettings } from '../settings';

/**
 * Text normalised for comparison: full-width digits and comparison signs folded to ASCII / ≥ ≤,
 * then every space and punctuation mark removed (so "完成时间。" = " 完成时间", "≧95％" = "≥95%").
 * '%' is punctuation to Unicode but meaningful here, so it is shielded (U+E000) before the strip.
 */
export function norm(x: string): string {
  return `lower(regexp_replace(replace(translate(coalesce(${x}, ''), '０１２３４５６７８９％＞＜＝≧≦', '0123456789%><=≥≤'), '%', '\uE000'), '[\\s\\p{P}]+', '', 'g'))`;
}

/** A number as people write it: DECIMAL 80.0000 → '80', 0.50 → '0.5'; NULL → '空'. */
export function fmt(x: string): string {
  return `coalesce(regexp_replace(regexp_replace(CAST(${x} AS VARCHAR), '(\\.\\d*?)0+$', '\\1'), '\\.$', ''), '空')`;
}

/** A ratio shown as a percentage: 0.95 → '95%'. */
export function pct(x: string): string {
  return `CASE WHEN ${x} IS NULL THEN '空' ELSE ${fmt(`round(${x} * 100, 2)`)} || '%' END`;
}

/** A text cut to n characters for a detail line; NULL → '空'. */
export function clip(x: string, n = 24): string {
  return `CASE WHEN ${x} IS NULL THEN '空' WHEN length(${x}) > ${n} THEN left(${x}, ${n}) || '…' ELSE ${x} END`;
}

/** True when a text cell is blank (NULL or only spaces/punctuation). */
export function blank(x: string): string {
  return `(${norm(x)} = '')`;
}

/**
 * A department is (region, department), not its name: a province dataset has a 财政局 in every
 * county. True when rows `a` and `b` (table aliases) are of the same department; a missing region
 * (NULL or '') matches a missing region, as ingest's de-duplication treats it, so data without a
 * region still joins.
 */
export function sameDepartment(a: string, b: string): string {
  return `(coalesce(${a}.region, '') = coalesce(${b}.region, '') AND ${a}.department = ${b}.department)`;
}

/** One text value per department (region and name), for count(DISTINCT …). `alias` optional. */
export function departmentKey(alias?: string): string {
  const p = alias ? `${alias}.` : '';
  return `(coalesce(${p}region, '') || chr(31) || ${p}department)`;
}

/**
 * How a detail line names a department: its name, preceded by its region unless the name already
 * says it (青溪县 + 财政局 → 青溪县财政局; 汨罗市 + 中共汨罗市委… → 中共汨罗市委…).
 */
export function departmentName(alias: string): string {
  return `CASE WHEN coalesce(${alias}.region, '') = '' OR contains(${alias}.department, ${alias}.region)
    THEN ${alias}.department ELSE ${alias}.region || ${alias}.department END`;
}

/** CTE `ph(p)`: the placeholder texts, normalised. Consumes one `?` (settings.placeholders). */
export const PLACEHOLDER_CTE = `ph AS (SELECT DISTINCT ${norm('p')} AS p FROM (SELECT unnest(string_split(?, chr(31))) AS p))`;
export const placeholderParam = (s: RuleSettings) => listParam(s.placeholders);

/** True when a text cell says nothing: blank or a placeholder (needs PLACEHOLDER_CTE). */
export function empty(x: string): string {
  return `(${norm(x)} = '' OR ${norm(x)} IN (SELECT p FROM ph))`;
}

/**
 * CTE `ind`: indicator rows with their form's region/department/year/project, the merged-cell levels filled
 * down (l1, l2), `scored` (the row has a weight or a score) and `is_sub`: a breakdown line (其中…)
 * with neither weight nor score under a scored indicator, which is not an indicator of its own.
 */
export const IND_CTE = `ind0 AS (
  SELECT i.eval_id, i.seq, e.region, e.department, e.year, e.project, e.kind,
    i.level1, i.level2, i.level3, i.target, i.actual, i.weight, i.score, i.deviation,
    i.target_op, i.target_value, i.target_unit, i.actual_op, i.actual_value, i.actual_unit,
    (i.weight IS NOT NULL OR i.score IS NOT NULL) AS scored,
    coalesce(bool_or(i.weight IS NOT NULL OR i.score IS NOT NULL) OVER (PARTITION BY i.eval_id ORDER BY i.seq
      ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), false) AS after_scored,
    last_value(NULLIF(trim(i.level1), '') IGNORE NULLS) OVER (PARTITION BY i.eval_id ORDER BY i.seq
      ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS l1,
    last_value(NULLIF(trim(i.level2), '') IGNORE NULLS) OVER (PARTITION BY i.eval_id ORDER BY i.seq
      ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS l2
  FROM indicators i JOIN evaluations e ON e.eval_id = i.eval_id
),
ind AS (SELECT *, (NOT scored AND after_scored) AS is_sub FROM ind0)`;

/**
 * CTE `fm`: forms at full marks — every scored indicator row at its weight (a blank score is not
 * full) and the execution score equal to the execution weight. Columns: eval_id, region, department, year,
 * project, n (scored rows), exec_rate, executed, budget_full, exec_score, exec_weight.
 */
export const FULL_MARKS_CTE = `fm AS (
  SELECT e.eval_id, any_value(e.region) AS region, any_value(e.department) AS department, any_value(e.year) AS year,
    any_value(e.project) AS project, count(*) AS n,
    any_value(e.exec_rate) AS exec_rate, any_value(e.executed) AS executed,
    any_value(e.budget_full) AS budget_full, any_value(e.exec_score) AS exec_score,
    any_value(e.exec_weight) AS exec_weight
  FROM evaluations e
  JOIN indicators i ON i.eval_id = e.eval_id AND (i.weight IS NOT NULL OR i.score IS NOT NULL)
  WHERE e.exec_score IS NOT NULL AND e.exec_score = e.exec_weight
  GROUP BY e.eval_id
  HAVING bool_and(coalesce(i.score = i.weight, false))
)`;

/** How a form is named in a detail line: the project, or 部门整体. */
export function formLabel(alias: string): string {
  return `coalesce(NULLIF(trim(${alias}.project), ''), '部门整体')`;
}

/** Indicator key for copy detection: normalised 三级指标 + 年度指标值. */
export function indicatorKey(alias: string): string {
  return `(${norm(`${alias}.level3`)} || '|' || ${norm(`${alias}.target`)})`;
}

/**
 * A 附件1 item name without its numbering, 其中, spaces or punctuation: "1、公务用车购置和维护经费" →
 * "公务用车购置和维护经费", "其中：公车购置" → "公车购置", "“三公”经费" → "三公经费" (the numbering must be
 * followed by its mark, so the 三 of 三公 stays).
 */
export function spendingItem(x: string): string {
  const unnumbered = `regexp_replace(${x}, '^\\s*[(（]?([0-9０-９]+|[一二三四五六七八九十]+)\\s*[、.．,，:：)）]', '')`;
  return `regexp_replace(${norm(unnumbered)}, '^其中', '')`;
}

/**
 * CTE `sg`: the 三公经费 lines of 附件1 with their role — total (三公经费), car (公务用车购置和维护经费),
 * car_buy (公车购置), car_run (公车运行维护), abroad (出国经费), reception (公务接待) — whatever the
 * numbering or the "费/经费" ending. Lines under 项目支出 are never 三公 lines.
 */
export const SANGONG_CTE = `sg AS (
  SELECT year, region, department, item, prior_final, budget, final,
    CASE
      WHEN it = '三公经费' THEN 'total'
      WHEN it LIKE '%出国%' THEN 'abroad'
      WHEN it LIKE '%接待%' THEN 'reception'
      WHEN (it LIKE '%公务用车%' OR it LIKE '%公车%') AND it LIKE '%购置%' AND (it LIKE '%维护%' OR it LIKE '%运行%') THEN 'car'
      WHEN (it LIKE '%公务用车%' OR it LIKE '%公车%') AND it LIKE '%购置%' THEN 'car_buy'
      WHEN (it LIKE '%公务用车%' OR it LIKE '%公车%') AND (it LIKE '%运行%' OR it LIKE '%维护%') THEN 'car_run'
    END AS role
  FROM (SELECT s.*, ${spendingItem('s.item')} AS it FROM spending s WHERE coalesce(s.parent, '') NOT LIKE '%项目%')
)`;

/** The three money columns of 附件1 and how a detail line names them. */
export const SPENDING_COLUMNS = [
  ['prior_final', '上年决算数'],
  ['budget', '本年预算数'],
  ['final', '本年决算数'],
] as const;
