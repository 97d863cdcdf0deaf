// The findings view: which forms and departments look filled in from a template (ranked by their
// boilerplate score, a window at a time for a list that scrolls over all of them, and exported whole),
// the rule catalogue with its hits, and indicator texts copied across departments.
//
// Every query reads the views' cache (cache.ts: form_facts, finding_groups, copied_*), once; values
// travel as `?` parameters and filters go through filterWhere.
import type { Engine } from '../../db/engine';
import { join, raw, sql, type SqlFragment } from '../../db/sql';
import { RULES, type Rule, type Severity } from '../rules/index';
import { integerMeanSql } from '../rules/sql';
import { cacheFacts } from './cache-state';
import { ALL_COUNTED, countedCache, type CountedCache, type FindingCount } from './counted';
import { decimalOf, decimalText, limitParam, yearList, yearsOf } from './compact';
import { filterWhere, type Filters } from './filters';
import type { FormIdentity } from './form';
import { DEPARTMENT_RANK_ORDER } from './order';
import type { SortBy } from '../../format/sort';

/**
 * Findings filters on top of the shared ones: one rule, one severity (the URL's `rule`, `severity`),
 * and which findings count (`count`, counted.ts: all, not dismissed, confirmed only; all by default).
 */
export interface FindingFilters {
  rule?: string | null;
  severity?: string | null;
  count?: FindingCount;
}

export const SEVERITIES: readonly Severity[] = ['high', 'medium', 'low', 'info'];

/** `(rule = ? AND severity = ?)` over `alias` (a findings or finding_groups row), only for what is set; null when nothing is. */
function findingMatch(ff: FindingFilters, alias: string): SqlFragment | null {
  const parts: SqlFragment[] = [];
  if (ff.rule) parts.push(sql`${raw(alias)}.rule = ${ff.rule}`);
  if (ff.severity) parts.push(sql`${raw(alias)}.severity = ${ff.severity}`);
  return parts.length ? join(parts, ' AND ') : null;
}

/** The filters over form_facts as alias `e`: the department kind is a column there. */
export const factsWhere = (filters: Filters) => filterWhere(filters, { alias: 'e', deptKindColumn: 'dept_kind' });

/**
 * findingMatch over a form_facts row (`alias`), whose hits (rule ids), hit_sevs and hit_tags
 * (rule chr(31) severity) list the form's rule hits: true when one of them has the rule and severity.
 */
function formHitMatch(ff: FindingFilters, alias: string): SqlFragment | null {
  const a = raw(alias);
  if (ff.rule && ff.severity) {
    // A rule id holds no chr(31): with the rule among the hits, the tag can only match its own row.
    return sql`(list_contains(${a}.hits, ${ff.rule}) AND list_contains(${a}.hit_tags, ${ff.rule} || chr(31) || ${ff.severity}))`;
  }
  if (ff.rule) return sql`list_contains(${a}.hits, ${ff.rule})`;
  if (ff.severity) return sql`list_contains(${a}.hit_sevs, ${ff.severity})`;
  return null;
}

// ---------------------------------------------------------------------------------------------
// Ranked forms

export interface RankedForm extends FormIdentity {
  /** Boilerplate score 0–100 and its uncapped sum. */
  score: number;
  raw: number;
  /** Rules that hit the form (its own and department-wide findings), most severe first. */
  hits: string[];
  /** Findings on the form, department-wide ones included. */
  findings: number;
  /** Of them, of high severity. */
  high: number;
  /** Rows matching the filters in all (the same on every row). */
  total: number;
}

export type RankedFormRow = Omit<RankedForm, 'total'>;

/**
 * The ranked forms matching `filters` and `ff` (a form with a hit of that rule/severity): the scored
 * forms of form_facts (only forms in form_scores rank), as their rank_pos, the form's place in the
 * ranking (order.ts RANK_ORDER) among all scored forms.
 */
function rankedSelection(filters: Filters, ff: FindingFilters, c: CountedCache): SqlFragment {
  const m = formHitMatch(ff, 'e');
  return sql`SELECT e.rank_pos FROM ${c.facts} e WHERE e.scored AND ${factsWhere(filters)}${m ? sql` AND ${m}` : raw('')}`;
}

const RANKED_COLUMNS = raw('e.eval_id, e.region, e.department, e.year, e.kind, e.project, e.score, e.raw, e.hits, e.findings, e.high');

/** The first `limit` forms of the ranking, each with the total count. */
export async function rankedForms(engine: Engine, filters: Filters, ff: FindingFilters = {}, limit = 100): Promise<RankedForm[]> {
  const c = await countedCache(engine, ff.count);
  const selection = rankedSelection(filters, ff, c);
  // The total is counted apart, and the page is picked by rank_pos alone before its columns are
  // read: a window or a top-N over every row would carry all their columns.
  const q = sql`
    WITH ${c.defs} page AS (${selection} ORDER BY e.rank_pos LIMIT ${limitParam(limit)}),
    t AS (SELECT CAST(count(*) AS INTEGER) AS total FROM (${selection}))
    SELECT ${RANKED_COLUMNS}, t.total
    FROM ${c.facts} e JOIN page ON page.rank_pos = e.rank_pos CROSS JOIN t
    ORDER BY e.rank_pos`;
  return engine.query<RankedForm>(q.sql, q.params);
}

/** How many forms match `filters` and `ff` (a form with a hit of that rule/severity). */
export async function rankedFormsCount(engine: Engine, filters: Filters, ff: FindingFilters = {}): Promise<number> {
  const c = await countedCache(engine, ff.count);
  const q = sql`WITH ${c.defs} s AS (${rankedSelection(filters, ff, c)}) SELECT CAST(count(*) AS INTEGER) AS n FROM s`;
  const [row] = await engine.query<{ n: number }>(q.sql, q.params);
  return row.n;
}

/** The columns a header click can sort the forms ranking by. */
export const FORM_SORT_KEYS: readonly string[] = ['department', 'region', 'year', 'project', 'score', 'raw', 'findings', 'high'];

/** `ORDER BY` the sort asked for over form_facts `e`, the ranking (rank_pos) breaking its ties; the ranking alone without one. */
function formOrder(sort: SortBy | null): SqlFragment {
  if (!sort) return raw('ORDER BY e.rank_pos');
  if (!FORM_SORT_KEYS.includes(sort.key)) throw new Error(`cannot sort forms by ${sort.key}`);
  return raw(`ORDER BY e.${sort.key} ${sort.dir === 'asc' ? 'ASC' : 'DESC'} NULLS LAST, e.rank_pos`);
}

/**
 * The forms at positions offset … offset + limit − 1 of the ranking (highest score first), or of the
 * ranking sorted by one column: the forms ranking a window at a time, for a list that scrolls over
 * all of it (a province holds ~110,000 forms). The window is picked by rank_pos alone, then only its
 * rows' columns are read.
 */
export async function rankedFormsWindow(
  engine: Engine, filters: Filters, ff: FindingFilters, offset: number, limit: number, sort: SortBy | null = null,
): Promise<RankedFormRow[]> {
  for (const n of [offset, limit]) if (!Number.isInteger(n) || n < 0) throw new Error(`bad window: ${offset}, ${limit}`);
  const order = formOrder(sort);
  const c = await countedCache(engine, ff.count);
  const q = sql`
    WITH ${c.defs} page AS (${rankedSelection(filters, ff, c)} ${order} LIMIT ${limit} OFFSET ${offset})
    SELECT ${RANKED_COLUMNS}
    FROM ${c.facts} e JOIN page ON page.rank_pos = e.rank_pos
    ${order}`;
  return engine.query<RankedFormRow>(q.sql, q.params);
}

/**
 * The whole filtered ranking for export (CSV rows and Parquet via queryIPC): every form, hits as
 * text; `c` is countedCache(engine, ff.count).
 */
export function formsExportSql(filters: Filters, ff: FindingFilters = {}, c: CountedCache = ALL_COUNTED): SqlFragment {
  return sql`
    WITH ${c.defs} r AS (${rankedSelection(filters, ff, c)})
    SELECT e.eval_id, e.region, e.department, e.year, e.kind, e.project, e.score, e.raw, e.findings, e.high,
      array_to_string(e.hits, '、') AS hits
    FROM ${c.facts} e JOIN r ON r.rank_pos = e.rank_pos
    ORDER BY e.rank_pos`;
}

/** A RankedForm as exported: the hits joined into one text, no total. */
export interface FormExportRow extends Omit<RankedForm, 'hits' | 'total'> {
  hits: string;
}

export async function formsExport(engine: Engine, filters: Filters, ff: FindingFilters = {}): Promise<FormExportRow[]> {
  const q = formsExportSql(filters, ff, await countedCache(engine, ff.count));
  return engine.query<FormExportRow>(q.sql, q.params);
}

// ---------------------------------------------------------------------------------------------
// Ranked departments

export interface RankedDepartment {
  region: string | null;
  department: string;
  /** department_kind(): 党委部门 / 政府部门 / 乡镇街道 / 事业单位. */
  dept_kind: string;
  years: number[];
  forms: number;
  /** Mean of the filtered forms' boilerplate scores, exact to 2 decimals ("61.5"). */
  score: string;
  /** The same mean of the uncapped scores: it tells apart departments tied at the cap. */
  raw: string;
  max_score: number;
  /** Forms with a hit (of the rule/severity when one is chosen). */
  flagged_forms: number;
  /** Findings of the department within the filters (of the rule/severity when chosen), 附件1 included. */
  findings: number;
  /** Of them, of high severity. */
  high: number;
}

/**
 * Departments (region + name) over the filtered forms, highest mean boilerplate score first. With a
 * rule or severity chosen, only departments with such a finding. Without filters the score is the
 * department's overall row of `department_scores`.
 */
export async function rankedDepartments(engine: Engine, filters: Filters, ff: FindingFilters = {}): Promise<RankedDepartment[]> {
  const cache = await cacheFacts(engine);
  const c = await countedCache(engine, ff.count);
  const m = formHitMatch(ff, 'e');
  const mf = findingMatch(ff, 'g');
  // finding_groups counts the findings per rule, severity, year, region and department. dept_id
  // numbers the (region, department) pairs; dkey matches them as sameDepartment() does.
  const q = sql`
    WITH ${c.defs} forms AS (
      SELECT e.dept_id, e.dkey, e.region, e.department, e.dept_kind, e.year, e.fs_score AS score, e.fs_raw AS raw,
        ${m ?? raw('len(e.hits) > 0')} AS flagged
      FROM ${c.facts} e
      WHERE e.scored AND ${factsWhere(filters)}
    ),
    nf AS (
      SELECT any_value(g.dkey) AS dkey, sum(g.n) AS n, sum(g.n) FILTER (WHERE g.severity = 'high') AS high FROM ${c.groups} g
      WHERE ${filterWhere(filters, { alias: 'g', hasKind: false, deptKindColumn: 'dept_kind' })}${mf ? sql` AND ${mf}` : raw('')}
      GROUP BY g.dept_id
    )
    SELECT d.region, d.department, d.dept_kind, d.years,
      CAST(d.forms AS INTEGER) AS forms, ${raw(decimalText('d.score'))} AS score, ${raw(decimalText('d.raw'))} AS raw, d.max_score,
      CAST(d.flagged_forms AS INTEGER) AS flagged_forms, CAST(coalesce(nf.n, 0) AS INTEGER) AS findings,
      CAST(coalesce(nf.high, 0) AS INTEGER) AS high
    FROM (
      SELECT any_value(region) AS region, any_value(department) AS department, any_value(dept_kind) AS dept_kind,
        any_value(dkey) AS dkey, ${yearList(cache)} AS years, count(*) AS forms,
        CAST(${integerMeanSql('score')} AS DECIMAL(5,2)) AS score, CAST(${integerMeanSql('raw')} AS DECIMAL(9,2)) AS raw,
        CAST(max(score) AS INTEGER) AS max_score,
        count(*) FILTER (WHERE flagged) AS flagged_forms
      FROM forms GROUP BY dept_id
    ) d
    LEFT JOIN nf ON nf.dkey = d.dkey
    ${raw(m ? 'WHERE coalesce(nf.n, 0) > 0' : '')}
    ${raw(DEPARTMENT_RANK_ORDER)}`;
  const rows = await engine.query<Omit<RankedDepartment, 'years'> & { years: number | string }>(q.sql, q.params);
  return rows.map((r) => ({ ...r, years: yearsOf(cache, r.years), score: decimalOf(r.score)!, raw: decimalOf(r.raw)! }));
}

// ---------------------------------------------------------------------------------------------
// Rule catalogue

export interface CatalogueEntry {
  rule: Rule;
  /** Findings of the rule within the filters. */
  findings: number;
  /** Distinct forms they point at (0 for department-wide and 附件1 rules). */
  forms: number;
  departments: number;
}

/** Every rule of the catalogue, in catalogue order, with its hits within the filters (0 when none), as `count` counts them. */
export async function ruleCatalogue(engine: Engine, filters: Filters, count: FindingCount = 'all'): Promise<CatalogueEntry[]> {
  const c = await countedCache(engine, count);
  // Each (rule, form) sits in one group, so the groups' distinct-form counts add up — unless a finding
  // disagrees with its form's year, region or department (findingFormsExact): the forms are then
  // counted from the findings of the filtered groups. dkey numbers the departments as
  // (coalesce(region, ''), department).
  const forms = (await cacheFacts(engine)).findingFormsExact
    ? raw('SELECT g.rule, sum(g.forms) AS forms FROM g GROUP BY g.rule')
    : raw(`SELECT g.rule, count(DISTINCT f.eval_id) AS forms
      FROM g JOIN ${c.findings.sql} f ON f.rule = g.rule AND f.severity = g.severity AND f.year IS NOT DISTINCT FROM g.year
        AND f.region IS NOT DISTINCT FROM g.region AND f.department IS NOT DISTINCT FROM g.department
      GROUP BY g.rule`);
  const q = sql`
    WITH ${c.defs} g AS (SELECT g.* FROM ${c.groups} g WHERE ${filterWhere(filters, { alias: 'g', hasKind: false, deptKindColumn: 'dept_kind' })}),
    c AS (SELECT g.rule, sum(g.n) AS findings, count(DISTINCT g.dkey) AS departments FROM g GROUP BY g.rule),
    fo AS (${forms})
    SELECT c.rule, CAST(c.findings AS INTEGER) AS findings, CAST(coalesce(fo.forms, 0) AS INTEGER) AS forms,
      CAST(c.departments AS INTEGER) AS departments
    FROM c LEFT JOIN fo ON fo.rule = c.rule`;
  const rows = await engine.query<{ rule: string; findings: number; forms: number; departments: number }>(q.sql, q.params);
  const by = new Map(rows.map((r) => [r.rule, r]));
  return RULES.map((rule) => {
    const r = by.get(rule.id);
    return { rule, findings: r?.findings ?? 0, forms: r?.forms ?? 0, departments: r?.departments ?? 0 };
  });
}

// ---------------------------------------------------------------------------------------------
// Indicators copied across departments

export interface CopiedCluster {
  /** The indicator key (form_indicators.indicator_key) as text: pass it to clusterForms. */
  key: string;
  /** A spelling of the indicator as written (the smallest, for a stable answer). */
  level3: string;
  target: string | null;
  departments: number;
  forms: number;
}

/** The clusters `x` (key_id, departments, forms, rep_id) as CopiedCluster rows, most shared first. */
const clusterRows = (x: SqlFragment, limit: number) => sql`
  WITH x AS (${x})
  SELECT CAST(k.key AS VARCHAR) AS key, split_part(p.rep, chr(31), 1) AS level3, NULLIF(split_part(p.rep, chr(31), 2), '') AS target,
    CAST(x.departments AS INTEGER) AS departments, CAST(x.forms AS INTEGER) AS forms
  FROM x JOIN copied_keys k ON k.key_id = x.key_id JOIN copied_reps p ON p.rep_id = x.rep_id
  ORDER BY x.departments DESC, x.forms DESC, p.rep
  LIMIT ${limit}`;

/** Indicator keys (over the filtered forms) standing in at least `minDepartments` departments, most shared first. */
export async function copiedClusters(engine: Engine, filters: Filters, limit = 20, minDepartments = 2): Promise<CopiedCluster[]> {
  const n = limitParam(limit);
  const min = limitParam(minDepartments);
  const cache = await cacheFacts(engine);
  // copied_cells: per key, its departments, forms and smallest spelling over all forms (year and
  // dept_kind NULL), per year, per department kind and per both. The cells of the chosen years (or
  // all years) and kinds (or all kinds) answer exactly when nothing else is filtered and at most one
  // year is chosen.
  const years = filters.years ?? [];
  const kinds = filters.deptKinds ?? [];
  const cells = sql`${raw(years.length ? '' : 'c.year IS NULL AND ')}${raw(kinds.length ? '' : 'c.dept_kind IS NULL AND ')}${filterWhere(
    { years, deptKinds: kinds },
    { alias: 'c', hasKind: false, deptKindColumn: 'dept_kind' },
  )}`;
  const onlyYears = !filters.regions?.length && !filters.departments?.length && !filters.kinds?.length;
  let x: SqlFragment;
  if (onlyYears && years.length <= 1) {
    x = sql`
      SELECT c.key_id, CAST(sum(c.departments) AS INTEGER) AS departments, CAST(sum(c.forms) AS INTEGER) AS forms,
        min(c.rep_id) AS rep_id
      FROM copied_cells c WHERE ${cells}
      GROUP BY c.key_id HAVING CAST(sum(c.departments) AS INTEGER) >= CAST(${min} AS INTEGER)`;
  } else if (onlyYears && cache.yearSpan <= 63) {
    // copied_depts: per key and department, its kind and the years it carries the key as a bit mask:
    // with several years (and nothing but kinds) chosen, a department counts when its mask meets
    // theirs; forms and spellings add up over the cells of those years.
    let mask = 0n;
    for (const y of years) if (y >= cache.yearBase && y < cache.yearBase + cache.yearSpan) mask |= 1n << BigInt(y - cache.yearBase);
    x = sql`
      WITH d AS (
        SELECT d.key_id, CAST(count(*) AS INTEGER) AS departments FROM copied_depts d
        WHERE (d.years & CAST(${mask.toString()} AS BIGINT)) <> 0 AND ${filterWhere({ deptKinds: kinds }, { alias: 'd', hasKind: false, deptKindColumn: 'dept_kind' })}
        GROUP BY d.key_id HAVING count(*) >= CAST(${min} AS INTEGER)
      )
      SELECT d.key_id, any_value(d.departments) AS departments, CAST(sum(c.forms) AS INTEGER) AS forms, min(c.rep_id) AS rep_id
      FROM d JOIN copied_cells c ON c.key_id = d.key_id AND ${cells}
      GROUP BY d.key_id`;
  } else {
    // Otherwise copied_rows (one row per key and form, numbered by department: a chosen region's or
    // department's rows lie together) of the filtered forms, counted outright.
    x = sql`
      WITH fm AS (SELECT e.form, e.dkey FROM form_facts e WHERE ${factsWhere(filters)})
      SELECT r.key_id, CAST(count(DISTINCT fm.dkey) AS INTEGER) AS departments, CAST(count(*) AS INTEGER) AS forms,
        min(r.rep_id) AS rep_id
      FROM copied_rows r JOIN fm ON fm.form = r.form
      GROUP BY r.key_id
      HAVING count(DISTINCT fm.dkey) >= CAST(${min} AS INTEGER)`;
  }
  const q = clusterRows(x, n);
  return engine.query<CopiedCluster>(q.sql, q.params);
}

export interface ClusterForm extends FormIdentity {
  score: number;
}

/** The filtered (scored) forms carrying an indicator with this key. */
export function clusterForms(engine: Engine, filters: Filters, key: string): Promise<ClusterForm[]> {
  const q = sql`
    SELECT e.eval_id, e.region, e.department, e.year, e.kind, e.project, e.score
    FROM form_facts e
    WHERE e.scored AND ${factsWhere(filters)}
      AND e.form IN (SELECT r.form FROM copied_rows r JOIN copied_keys k ON k.key_id = r.key_id WHERE CAST(k.key AS VARCHAR) = ${key})
    ORDER BY e.department, e.region NULLS FIRST, e.year, e.kind = '项目', e.project NULLS FIRST, e.eval_id`;
  return engine.query<ClusterForm>(q.sql, q.params);
}
