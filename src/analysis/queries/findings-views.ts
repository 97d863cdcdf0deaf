// The queries behind the findings, form and department views: which forms and departments look
// filled in from a template (ranked by their boilerplate score), the rule catalogue with its hits,
// indicator texts copied across departments, one form rebuilt cell by cell with the findings that
// point at its cells, and one department across years against its peers.
//
// Every value travels as a `?` parameter; filters go through filterWhere. Reads the tables that
// analyse() leaves after each load: findings, form_scores (and evaluations, indicators) — and, for
// what the findings view re-runs on a filter change, the view cache built from them (cache.ts), with
// the same query over the tables above as the fallback.
import type { Engine, SqlParam } from '../../db/engine';
import { RULES, type Rule, type Severity } from '../rules/index';
import { blank, indicatorKey, meanSql, sameDepartment } from '../rules/sql';
import { withViewCache, type ViewCache } from './cache-state';
import { ratioSql } from './execution';
import { filterWhere, type Filters, type SqlFragment } from './filters';
import { FORM_RULES_CTE, RANK_ORDER, SEVERITY_RANK } from './form-rules';
import type { FormFigures, FormIdentity } from './forms';

/** Findings filters on top of the shared ones: one rule, one severity (the URL's `rule`, `severity`). */
export interface FindingFilters {
  rule?: string | null;
  severity?: string | null;
}

export const SEVERITIES: readonly Severity[] = ['high', 'medium', 'low', 'info'];

/** A whole number ≥ 0 for LIMIT, or an error (it still travels as a parameter). */
function limitParam(limit: number): number {
  if (!Number.isInteger(limit) || limit < 0) throw new Error(`bad limit: ${limit}`);
  return limit;
}

/** `(rule = ? AND severity = ?)` over `alias`, only for what is set; null when nothing is. */
function findingMatch(ff: FindingFilters, alias: string): SqlFragment | null {
  const parts: string[] = [];
  const params: SqlParam[] = [];
  if (ff.rule) {
    parts.push(`${alias}.rule = ?`);
    params.push(ff.rule);
  }
  if (ff.severity) {
    parts.push(`${alias}.severity = ?`);
    params.push(ff.severity);
  }
  return parts.length ? { sql: parts.join(' AND '), params } : null;
}

/** The filters over form_facts (cache.ts) as alias `e`: the department kind is a column there. */
export const factsWhere = (filters: Filters) => filterWhere(filters, { alias: 'e', deptKindColumn: 'dept_kind' });

/**
 * findingMatch over a form_facts row (`alias`), whose hits (rule ids), hit_sevs and hit_tags
 * (rule chr(31) severity) list the form's `fr` rows: true when one of them has the rule and severity.
 */
export function cachedFindingMatch(ff: FindingFilters, alias: string): SqlFragment | null {
  if (ff.rule && ff.severity) {
    // A rule id holds no chr(31): with the rule among the hits, the tag can only match its own row.
    return { sql: `(list_contains(${alias}.hits, ?) AND list_contains(${alias}.hit_tags, ? || chr(31) || ?))`, params: [ff.rule, ff.rule, ff.severity] };
  }
  if (ff.rule) return { sql: `list_contains(${alias}.hits, ?)`, params: [ff.rule] };
  if (ff.severity) return { sql: `list_contains(${alias}.hit_sevs, ?)`, params: [ff.severity] };
  return null;
}

/**
 * Thousands of rows (a province has ~6,000 departments) cost more to hand over from the engine than
 * the query takes, and list and DECIMAL columns most: the department lists carry them in a cheaper
 * form and turn them back here, into the very values the engine would have given.
 *
 * yearList(): `list(DISTINCT year ORDER BY year)` of a group as a bit mask over the cache's years
 * (bit i = yearBase + i), or as text ('2021,2023') when they span more than 52 years; yearsOf()
 * reads either. decimalText(x): a DECIMAL as its text ('61.50'), which decimalOf() writes as the
 * engine does (db/engine.ts decimalFromUnscaled: '61.5').
 */
const MASK_BITS = 52;
function yearList(cache: ViewCache): SqlFragment {
  return cache.yearSpan <= MASK_BITS
    ? { sql: `bit_or(CAST(1 AS BIGINT) << CAST(year - CAST(? AS INTEGER) AS BIGINT))`, params: [cache.yearBase] }
    : { sql: `array_to_string(list_sort(list_distinct(list(year))), ',')`, params: [] };
}
function yearsOf(cache: ViewCache, value: number | string | null): number[] {
  if (value == null) return [];
  if (typeof value === 'string') return value.split(',').map(Number);
  const years: number[] = [];
  for (let bit = 0, rest = value; rest > 0; bit++, rest = Math.floor(rest / 2)) if (rest % 2 === 1) years.push(cache.yearBase + bit);
  return years;
}
const decimalText = (x: string) => `CAST(${x} AS VARCHAR)`;
const decimalOf = (text: string | null): string | null => (text != null && text.includes('.') ? text.replace(/\.?0+$/, '') : text);

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
  /** Rows matching the filters in all (the same on every row). */
  total: number;
}

/** The forms matching `filters` and `ff` (a form with a hit of that rule/severity), highest score first. */
export function rankedFormsSql(filters: Filters, ff: FindingFilters = {}): { sql: string; params: SqlParam[] } {
  const w = filterWhere(filters, { alias: 'e' });
  const m = findingMatch(ff, 'x');
  const sql = `
    WITH ${FORM_RULES_CTE},
    agg AS (
      SELECT eval_id, list(rule ORDER BY ${SEVERITY_RANK}, rule) AS hits, sum(n) AS findings
      FROM fr GROUP BY eval_id
    )
    SELECT e.eval_id, e.region, e.department, e.year, e.kind, e.project,
      CAST(fs.score AS INTEGER) AS score, CAST(fs.raw AS INTEGER) AS raw,
      coalesce(agg.hits, []) AS hits, CAST(coalesce(agg.findings, 0) AS INTEGER) AS findings
    FROM evaluations e
    JOIN form_scores fs ON fs.eval_id = e.eval_id
    LEFT JOIN agg ON agg.eval_id = e.eval_id
    WHERE ${w.sql}${m ? ` AND EXISTS (SELECT 1 FROM fr x WHERE x.eval_id = e.eval_id AND ${m.sql})` : ''}`;
  return { sql, params: [...w.params, ...(m?.params ?? [])] };
}

/** The first `limit` forms of the ranking, each with the total count. */
export function rankedForms(engine: Engine, filters: Filters, ff: FindingFilters = {}, limit = 100): Promise<RankedForm[]> {
  const n = limitParam(limit);
  return withViewCache(
    engine,
    () => {
      // rank_pos: the form's place in RANK_ORDER among all scored forms (only forms in form_scores rank).
      const w = factsWhere(filters);
      const m = cachedFindingMatch(ff, 'e');
      // The total is counted apart, and the page is picked by rank_pos alone before its columns are
      // read: a window or a top-N over every row would carry all their columns.
      const where = `e.scored AND ${w.sql}${m ? ` AND ${m.sql}` : ''}`;
      const params = [...w.params, ...(m?.params ?? [])];
      return engine.query<RankedForm>(
        `WITH page AS (SELECT e.rank_pos FROM form_facts e WHERE ${where} ORDER BY e.rank_pos LIMIT ?),
         t AS (SELECT CAST(count(*) AS INTEGER) AS total FROM form_facts e WHERE ${where})
         SELECT e.eval_id, e.region, e.department, e.year, e.kind, e.project, e.score, e.raw, e.hits, e.findings, t.total
         FROM form_facts e JOIN page ON page.rank_pos = e.rank_pos CROSS JOIN t
         ORDER BY e.rank_pos`,
        [...params, n, ...params],
      );
    },
    () => {
      const q = rankedFormsSql(filters, ff);
      return engine.query<RankedForm>(
        `SELECT r.*, CAST(count(*) OVER () AS INTEGER) AS total FROM (${q.sql}) r ${RANK_ORDER} LIMIT ?`,
        [...q.params, n],
      );
    },
  );
}

/** Column names (English, as in Parquet) and Chinese headers (CSV) of the export. */
export const FORMS_EXPORT_COLUMNS = [
  ['eval_id', '评价编号'],
  ['region', '地区'],
  ['department', '部门'],
  ['year', '年度'],
  ['kind', '评价类型'],
  ['project', '项目名称'],
  ['score', '模板化得分'],
  ['raw', '未封顶分'],
  ['findings', '发现数'],
  ['hits', '命中规则'],
] as const;

/** The whole filtered ranking for export (CSV rows and Parquet via queryIPC): every form, hits as text. */
export function formsExportSql(filters: Filters, ff: FindingFilters = {}): { sql: string; params: SqlParam[] } {
  const q = rankedFormsSql(filters, ff);
  return {
    sql: `SELECT eval_id, region, department, year, kind, project, score, raw, findings,
      array_to_string(hits, '、') AS hits FROM (${q.sql}) r ${RANK_ORDER}`,
    params: q.params,
  };
}

/** A RankedForm as exported: the hits joined into one text, no total. */
export interface FormExportRow extends Omit<RankedForm, 'hits' | 'total'> {
  hits: string;
}

export function formsExport(engine: Engine, filters: Filters, ff: FindingFilters = {}): Promise<FormExportRow[]> {
  const q = formsExportSql(filters, ff);
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
  max_score: number;
  /** Forms with a hit (of the rule/severity when one is chosen). */
  flagged_forms: number;
  /** Findings of the department within the filters (of the rule/severity when chosen), 附件1 included. */
  findings: number;
}

/**
 * Departments (region + name) over the filtered forms, highest mean boilerplate score first. With a
 * rule or severity chosen, only departments with such a finding. Without filters the score is the
 * department's overall row of `department_scores`.
 */
export function rankedDepartments(engine: Engine, filters: Filters, ff: FindingFilters = {}): Promise<RankedDepartment[]> {
  return withViewCache(
    engine,
    async (cache) => {
      const years = yearList(cache);
      const we = factsWhere(filters);
      const wf = filterWhere(filters, { alias: 'g', hasKind: false, deptKindColumn: 'dept_kind' });
      const m = cachedFindingMatch(ff, 'e');
      const mf = findingMatch(ff, 'g');
      // finding_groups counts the findings per rule, severity, year, region and department. dept_id
      // numbers the (region, department) pairs; dkey matches them as sameDepartment() does.
      const sql = `
        WITH forms AS (
          SELECT e.dept_id, e.dkey, e.region, e.department, e.dept_kind, e.year, e.fs_score AS score,
            ${m ? m.sql : 'len(e.hits) > 0'} AS flagged
          FROM form_facts e
          WHERE e.scored AND ${we.sql}
        ),
        nf AS (
          SELECT any_value(g.dkey) AS dkey, sum(g.n) AS n FROM finding_groups g
          WHERE ${wf.sql}${mf ? ` AND ${mf.sql}` : ''}
          GROUP BY g.dept_id
        )
        SELECT d.region, d.department, d.dept_kind, d.years,
          CAST(d.forms AS INTEGER) AS forms, ${decimalText('d.score')} AS score, d.max_score,
          CAST(d.flagged_forms AS INTEGER) AS flagged_forms, CAST(coalesce(nf.n, 0) AS INTEGER) AS findings
        FROM (
          SELECT any_value(region) AS region, any_value(department) AS department, any_value(dept_kind) AS dept_kind,
            any_value(dkey) AS dkey, ${years.sql} AS years, count(*) AS forms,
            CAST(${meanSql('score')} AS DECIMAL(5,2)) AS score, CAST(max(score) AS INTEGER) AS max_score,
            count(*) FILTER (WHERE flagged) AS flagged_forms
          FROM forms GROUP BY dept_id
        ) d
        LEFT JOIN nf ON nf.dkey = d.dkey
        ${m ? 'WHERE coalesce(nf.n, 0) > 0' : ''}
        ORDER BY d.score DESC, d.max_score DESC, d.department, d.region NULLS FIRST`;
      const rows = await engine.query<Omit<RankedDepartment, 'years'> & { years: number | string }>(
        sql,
        [...m?.params ?? [], ...we.params, ...wf.params, ...mf?.params ?? [], ...years.params],
      );
      return rows.map((r) => ({ ...r, years: yearsOf(cache, r.years), score: decimalOf(r.score)! }));
    },
    () => {
      const we = filterWhere(filters, { alias: 'e' });
      const wf = filterWhere(filters, { alias: 'f', hasKind: false });
      const m = findingMatch(ff, 'x');
      const mf = findingMatch(ff, 'f');
      const sql = `
        WITH ${FORM_RULES_CTE},
        forms AS (
          SELECT e.eval_id, e.region, e.department, e.year, fs.score,
            EXISTS (SELECT 1 FROM fr x WHERE x.eval_id = e.eval_id${m ? ` AND ${m.sql}` : ''}) AS flagged
          FROM evaluations e JOIN form_scores fs ON fs.eval_id = e.eval_id
          WHERE ${we.sql}
        ),
        nf AS (
          SELECT f.region, f.department, count(*) AS n FROM findings f
          WHERE ${wf.sql}${mf ? ` AND ${mf.sql}` : ''}
          GROUP BY f.region, f.department
        )
        SELECT d.region, d.department, department_kind(d.department) AS dept_kind, d.years,
          CAST(d.forms AS INTEGER) AS forms, d.score, d.max_score,
          CAST(d.flagged_forms AS INTEGER) AS flagged_forms, CAST(coalesce(nf.n, 0) AS INTEGER) AS findings
        FROM (
          SELECT region, department, list(DISTINCT year ORDER BY year) AS years, count(*) AS forms,
            CAST(${meanSql('score')} AS DECIMAL(5,2)) AS score, CAST(max(score) AS INTEGER) AS max_score,
            count(*) FILTER (WHERE flagged) AS flagged_forms
          FROM forms GROUP BY region, department
        ) d
        LEFT JOIN nf ON ${sameDepartment('nf', 'd')}
        ${m ? 'WHERE coalesce(nf.n, 0) > 0' : ''}
        ORDER BY d.score DESC, d.max_score DESC, d.department, d.region NULLS FIRST`;
      return engine.query<RankedDepartment>(sql, [...m?.params ?? [], ...we.params, ...wf.params, ...mf?.params ?? []]);
    },
  );
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

/** Every rule of the catalogue, in catalogue order, with its hits within the filters (0 when none). */
export async function ruleCatalogue(engine: Engine, filters: Filters): Promise<CatalogueEntry[]> {
  type Row = { rule: string; findings: number; forms: number; departments: number };
  const fromFindings = () => {
    const w = filterWhere(filters, { alias: 'f', hasKind: false });
    return engine.query<Row>(
      `SELECT f.rule, CAST(count(*) AS INTEGER) AS findings, CAST(count(DISTINCT f.eval_id) AS INTEGER) AS forms,
         CAST(count(DISTINCT (coalesce(f.region, ''), f.department)) AS INTEGER) AS departments
       FROM findings f WHERE ${w.sql} GROUP BY f.rule`,
      w.params,
    );
  };
  const rows = await withViewCache(
    engine,
    (cache) => {
      if (!cache.findingFormsExact) return fromFindings();
      // Each (rule, form) sits in one group, so the groups' distinct-form counts add up; dkey
      // numbers the departments as (coalesce(region, ''), department).
      const w = filterWhere(filters, { alias: 'g', hasKind: false, deptKindColumn: 'dept_kind' });
      return engine.query<Row>(
        `SELECT g.rule, CAST(sum(g.n) AS INTEGER) AS findings, CAST(sum(g.forms) AS INTEGER) AS forms,
           CAST(count(DISTINCT g.dkey) AS INTEGER) AS departments
         FROM finding_groups g WHERE ${w.sql} GROUP BY g.rule`,
        w.params,
      );
    },
    fromFindings,
  );
  const by = new Map(rows.map((r) => [r.rule, r]));
  return RULES.map((rule) => {
    const r = by.get(rule.id);
    return { rule, findings: r?.findings ?? 0, forms: r?.forms ?? 0, departments: r?.departments ?? 0 };
  });
}

// ---------------------------------------------------------------------------------------------
// Indicators copied across departments

export interface CopiedCluster {
  /** Normalised 三级指标 + 年度指标值 (see rules/sql.ts indicatorKey): pass it to clusterForms. */
  key: string;
  /** A spelling of the indicator as written (the smallest, for a stable answer). */
  level3: string;
  target: string | null;
  departments: number;
  forms: number;
}

/** Indicator keys (over the filtered forms) standing in at least `minDepartments` departments, most shared first. */
export function copiedClusters(engine: Engine, filters: Filters, limit = 20, minDepartments = 2): Promise<CopiedCluster[]> {
  const n = limitParam(limit);
  const min = limitParam(minDepartments);
  return withViewCache(
    engine,
    (cache) => {
      // copied_cells: per key, its departments, forms and smallest spelling over all forms (year and
      // dept_kind NULL), per year, per department kind and per both. The cells of the chosen years
      // (or all years) and kinds (or all kinds) answer exactly when nothing else is filtered and at
      // most one year is chosen.
      const years = filters.years ?? [];
      const kinds = filters.deptKinds ?? [];
      const level = filterWhere({ years, deptKinds: kinds }, { alias: 'c', hasKind: false, deptKindColumn: 'dept_kind' });
      const cells = {
        sql: `${years.length ? '' : 'c.year IS NULL AND '}${kinds.length ? '' : 'c.dept_kind IS NULL AND '}${level.sql}`,
        params: level.params,
      };
      const output = (x: string) => `
        SELECT k.key, split_part(p.rep, chr(31), 1) AS level3, NULLIF(split_part(p.rep, chr(31), 2), '') AS target,
          CAST(x.departments AS INTEGER) AS departments, CAST(x.forms AS INTEGER) AS forms
        FROM ${x} x JOIN copied_keys k ON k.key_id = x.key_id JOIN copied_reps p ON p.rep_id = x.rep_id
        ORDER BY x.departments DESC, x.forms DESC, k.key
        LIMIT ?`;
      // copied_depts: per key and department, its kind and the years it carries the key as a bit
      // mask: with several years (and nothing but kinds) chosen, a department counts when its mask
      // meets theirs; forms and spellings add up over the cells of those years.
      const onlyYears = !filters.regions?.length && !filters.departments?.length && !filters.kinds?.length;
      if (onlyYears && years.length <= 1) {
        const sql = `
          WITH x AS (
            SELECT c.key_id, CAST(sum(c.departments) AS INTEGER) AS departments, CAST(sum(c.forms) AS INTEGER) AS forms,
              min(c.rep_id) AS rep_id
            FROM copied_cells c WHERE ${cells.sql}
            GROUP BY c.key_id HAVING CAST(sum(c.departments) AS INTEGER) >= CAST(? AS INTEGER)
          )
          ${output('x')}`;
        return engine.query<CopiedCluster>(sql, [...cells.params, min, n]);
      }
      if (onlyYears && cache.yearSpan <= 63) {
        let mask = 0n;
        for (const y of years) if (y >= cache.yearBase && y < cache.yearBase + cache.yearSpan) mask |= 1n << BigInt(y - cache.yearBase);
        const dkinds = filterWhere({ deptKinds: kinds }, { alias: 'd', hasKind: false, deptKindColumn: 'dept_kind' });
        const sql = `
          WITH d AS (
            SELECT d.key_id, CAST(count(*) AS INTEGER) AS departments FROM copied_depts d
            WHERE (d.years & CAST(? AS BIGINT)) <> 0 AND ${dkinds.sql}
            GROUP BY d.key_id HAVING count(*) >= CAST(? AS INTEGER)
          ),
          x AS (
            SELECT d.key_id, any_value(d.departments) AS departments, CAST(sum(c.forms) AS INTEGER) AS forms, min(c.rep_id) AS rep_id
            FROM d JOIN copied_cells c ON c.key_id = d.key_id AND ${cells.sql}
            GROUP BY d.key_id
          )
          ${output('x')}`;
        return engine.query<CopiedCluster>(sql, [mask.toString(), ...dkinds.params, min, ...cells.params, n]);
      }
      // Otherwise copied_rows (one row per key and form, numbered by department: a chosen region's or
      // department's rows lie together) of the filtered forms, counted outright.
      const w = factsWhere(filters);
      const sql = `
        WITH fm AS (SELECT e.form, e.dkey FROM form_facts e WHERE ${w.sql}),
        x AS (
          SELECT r.key_id, CAST(count(DISTINCT fm.dkey) AS INTEGER) AS departments, CAST(count(*) AS INTEGER) AS forms,
            min(r.rep_id) AS rep_id
          FROM copied_rows r JOIN fm ON fm.form = r.form
          GROUP BY r.key_id
          HAVING count(DISTINCT fm.dkey) >= CAST(? AS INTEGER)
        )
        ${output('x')}`;
      return engine.query<CopiedCluster>(sql, [...w.params, min, n]);
    },
    () => {
      const w = filterWhere(filters, { alias: 'e' });
      const sql = `
        WITH k AS (
          SELECT e.eval_id, e.region, e.department, i.level3, i.target, ${indicatorKey('i')} AS key
          FROM indicators i JOIN evaluations e ON e.eval_id = i.eval_id
          WHERE ${w.sql} AND NOT ${blank('i.level3')}
        ),
        g AS (
          SELECT key, min(level3 || chr(31) || coalesce(target, '')) AS rep,
            count(DISTINCT (coalesce(region, ''), department)) AS departments, count(DISTINCT eval_id) AS forms
          FROM k GROUP BY key
        )
        SELECT key, split_part(rep, chr(31), 1) AS level3, NULLIF(split_part(rep, chr(31), 2), '') AS target,
          CAST(departments AS INTEGER) AS departments, CAST(forms AS INTEGER) AS forms
        FROM g WHERE departments >= ?
        ORDER BY departments DESC, forms DESC, key
        LIMIT ?`;
      return engine.query<CopiedCluster>(sql, [...w.params, min, n]);
    },
  );
}

export interface ClusterForm extends FormIdentity {
  score: number;
}

/** The filtered forms carrying an indicator with this key. */
export function clusterForms(engine: Engine, filters: Filters, key: string): Promise<ClusterForm[]> {
  const order = `ORDER BY e.department, e.region NULLS FIRST, e.year, e.kind = '项目', e.project NULLS FIRST, e.eval_id`;
  const fromIndicators = () => {
    const w = filterWhere(filters, { alias: 'e' });
    return engine.query<ClusterForm>(
      `SELECT e.eval_id, e.region, e.department, e.year, e.kind, e.project, CAST(fs.score AS INTEGER) AS score
       FROM evaluations e JOIN form_scores fs ON fs.eval_id = e.eval_id
       WHERE ${w.sql} AND e.eval_id IN (SELECT i.eval_id FROM indicators i WHERE ${indicatorKey('i')} = ?)
       ${order}`,
      [...w.params, key],
    );
  };
  // copied_rows holds the keys of rows with a 三级指标; a row without one has a key starting '|'.
  if (key.startsWith('|')) return fromIndicators();
  return withViewCache(
    engine,
    () => {
      const w = factsWhere(filters);
      return engine.query<ClusterForm>(
        `SELECT e.eval_id, e.region, e.department, e.year, e.kind, e.project, e.score
         FROM form_facts e
         WHERE e.scored AND ${w.sql}
           AND e.form IN (SELECT r.form FROM copied_rows r JOIN copied_keys k ON k.key_id = r.key_id WHERE k.key = ?)
         ${order}`,
        [...w.params, key],
      );
    },
    fromIndicators,
  );
}

// ---------------------------------------------------------------------------------------------
// One form

export interface FormHeader extends FormIdentity, FormFigures {
  dept_kind: string;
  unit: string | null;
  goal_target: string | null;
  goal_actual: string | null;
  appropriation_initial: string | null;
  appropriation_full: string | null;
  appropriation_executed: string | null;
  carryover_initial: string | null;
  carryover_full: string | null;
  carryover_executed: string | null;
  other_initial: string | null;
  other_full: string | null;
  other_executed: string | null;
  source_file: string;
  /** Where in a document the form sits (第2页，第1张表); null for a CSV/Parquet row. */
  source_where: string | null;
  /** Σ indicator weights + 执行率分值 (what the 总分 row's 分值 adds up to); NULL when neither is given. */
  sum_weight: string | null;
  /** Σ indicator scores + 执行率得分. */
  sum_score: string | null;
  score: number | null;
  raw: number | null;
}

/** The form's own cells, the sums of its columns and its boilerplate score; undefined when unknown. */
export async function formHeader(engine: Engine, evalId: string): Promise<FormHeader | undefined> {
  const [row] = await engine.query<FormHeader>(
    `SELECT e.eval_id, e.year, e.region, e.department, department_kind(e.department) AS dept_kind, e.kind, e.project, e.unit,
       e.budget_initial, e.budget_full, e.executed, e.exec_weight, e.exec_rate, e.exec_score, e.total_score,
       e.goal_target, e.goal_actual, e.report_score,
       e.appropriation_initial, e.appropriation_full, e.appropriation_executed,
       e.carryover_initial, e.carryover_full, e.carryover_executed,
       e.other_initial, e.other_full, e.other_executed, e.source_file, e.source_where,
       CASE WHEN i.w IS NULL AND e.exec_weight IS NULL THEN NULL ELSE coalesce(i.w, 0) + coalesce(e.exec_weight, 0) END AS sum_weight,
       CASE WHEN i.s IS NULL AND e.exec_score IS NULL THEN NULL ELSE coalesce(i.s, 0) + coalesce(e.exec_score, 0) END AS sum_score,
       CAST(fs.score AS INTEGER) AS score, CAST(fs.raw AS INTEGER) AS raw
     FROM evaluations e
     LEFT JOIN (SELECT sum(weight) AS w, sum(score) AS s FROM indicators WHERE eval_id = ?) i ON TRUE
     LEFT JOIN form_scores fs ON fs.eval_id = e.eval_id
     WHERE e.eval_id = ?`,
    [evalId, evalId],
  );
  return row;
}

export interface FormIndicatorRow {
  seq: number;
  /** As written, and filled down from the rows above (merged cells). */
  level1: string | null;
  level2: string | null;
  l1: string | null;
  l2: string | null;
  /** Rows the 一级 / 二级 cell spans when this row starts a run of the same text; 0 inside a run. */
  l1_span: number;
  l2_span: number;
  level3: string | null;
  target: string | null;
  actual: string | null;
  weight: string | null;
  score: string | null;
  deviation: string | null;
}

/** The indicator table of a form in order, with the row spans of its merged 一级/二级 cells. */
export function formIndicators(engine: Engine, evalId: string): Promise<FormIndicatorRow[]> {
  return engine.query<FormIndicatorRow>(
    `WITH a AS (
       SELECT i.*,
         last_value(NULLIF(trim(i.level1), '') IGNORE NULLS) OVER w AS l1,
         last_value(NULLIF(trim(i.level2), '') IGNORE NULLS) OVER w AS l2
       FROM indicators i WHERE i.eval_id = ?
       WINDOW w AS (ORDER BY i.seq ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
     ),
     b AS (
       SELECT a.*,
         CASE WHEN lag(l1) OVER (ORDER BY seq) IS NOT DISTINCT FROM l1 AND row_number() OVER (ORDER BY seq) > 1 THEN 0 ELSE 1 END AS new1,
         CASE WHEN lag(l2) OVER (ORDER BY seq) IS NOT DISTINCT FROM l2 AND lag(l1) OVER (ORDER BY seq) IS NOT DISTINCT FROM l1
           AND row_number() OVER (ORDER BY seq) > 1 THEN 0 ELSE 1 END AS new2
       FROM a
     ),
     c AS (
       SELECT b.*, sum(new1) OVER (ORDER BY seq) AS run1, sum(new2) OVER (ORDER BY seq) AS run2 FROM b
     )
     SELECT seq, level1, level2, l1, l2,
       CAST(CASE WHEN new1 = 1 THEN count(*) OVER (PARTITION BY run1) ELSE 0 END AS INTEGER) AS l1_span,
       CAST(CASE WHEN new2 = 1 THEN count(*) OVER (PARTITION BY run2) ELSE 0 END AS INTEGER) AS l2_span,
       level3, target, actual, weight, score, deviation
     FROM c ORDER BY seq`,
    [evalId],
  );
}

export interface FormFinding {
  rule: string;
  severity: Severity;
  /** The indicator row, or null for a form-level cell. */
  seq: number | null;
  field: string;
  detail: string;
  /** The indicator rows the finding names when it names several (Finding.seqs). */
  seqs: number[] | null;
  /** The other forms the finding names that are loaded, in the rule's order (Finding.related). */
  related: FormIdentity[];
  /** 'form': the form's own finding; 'department': a department-wide finding counted on the form. */
  scope: 'form' | 'department';
}

/** Every finding counted on the form: its own, then its department's department-wide ones; most severe first. */
export function formFindings(engine: Engine, evalId: string): Promise<FormFinding[]> {
  return engine.query<FormFinding>(
    `SELECT rule, severity, seq, field, detail, seqs,
       coalesce((SELECT list({'eval_id': r.eval_id, 'year': r.year, 'region': r.region, 'department': r.department,
           'kind': r.kind, 'project': r.project} ORDER BY list_position(x.related, r.eval_id))
         FROM evaluations r WHERE list_contains(x.related, r.eval_id)), []) AS related,
       scope
     FROM (
       SELECT f.rule, f.severity, f.seq, f.field, f.detail, f.seqs, f.related, 'form' AS scope FROM findings f WHERE f.eval_id = ?
       UNION ALL
       SELECT f.rule, f.severity, f.seq, f.field, f.detail, f.seqs, f.related, 'department' FROM findings f
       JOIN evaluations e ON e.eval_id = ? AND ${sameDepartment('e', 'f')} AND (f.year IS NULL OR f.year = e.year)
       WHERE f.eval_id IS NULL AND f.item IS NULL
     ) x
     ORDER BY ${SEVERITY_RANK}, scope DESC, seq NULLS FIRST, rule, field, detail`,
    [evalId, evalId],
  );
}

export interface FormListRow extends FormIdentity {
  /** Null before analyse() has scored the form. */
  score: number | null;
}

/** Forms whose department, project or id contains `text` (case-insensitive), within the filters. */
export function searchForms(engine: Engine, filters: Filters, text: string, limit = 50): Promise<FormListRow[]> {
  const w = filterWhere(filters, { alias: 'e' });
  return engine.query<FormListRow>(
    `SELECT e.eval_id, e.region, e.department, e.year, e.kind, e.project, CAST(fs.score AS INTEGER) AS score
     FROM evaluations e LEFT JOIN form_scores fs ON fs.eval_id = e.eval_id
     WHERE ${w.sql} AND (? = '' OR contains(lower(e.department), lower(?)) OR contains(lower(coalesce(e.project, '')), lower(?))
       OR contains(lower(e.eval_id), lower(?)))
     ORDER BY e.department, e.region NULLS FIRST, e.year DESC, e.kind = '项目', e.project NULLS FIRST, e.eval_id
     LIMIT ?`,
    [...w.params, text, text, text, text, limitParam(limit)],
  );
}

// ---------------------------------------------------------------------------------------------
// One department

/** A department is its name within a region (two counties may both have a 财政局); region null = not given. */
export interface DepartmentKey {
  department: string;
  region: string | null;
}

/** The shared filters that select one department (a null region selects by name only). */
export function departmentFilters(key: DepartmentKey, years: number[] = []): Filters {
  return { departments: [key.department], regions: key.region == null ? [] : [key.region], years };
}

/** The rows (of `alias`, when given) of one department: by name, and by region when the key has one. */
function ofDepartment(key: DepartmentKey, alias?: string): SqlFragment {
  const p = alias ? `${alias}.` : '';
  return { sql: `${p}department = ? AND (?::VARCHAR IS NULL OR ${p}region = ?::VARCHAR)`, params: [key.department, key.region, key.region] };
}

export interface DepartmentChoice {
  region: string | null;
  department: string;
  dept_kind: string;
  forms: number;
  years: number[];
  score: string | null;
}

/** Departments (within the filters) whose name contains `text`, with their forms, years and mean score. */
export function departmentList(engine: Engine, filters: Filters, text = ''): Promise<DepartmentChoice[]> {
  return withViewCache(
    engine,
    async (cache) => {
      const w = factsWhere(filters);
      const years = yearList(cache);
      const rows = await engine.query<Omit<DepartmentChoice, 'years'> & { years: number | string }>(
        `SELECT any_value(e.region) AS region, any_value(e.department) AS department, any_value(e.dept_kind) AS dept_kind,
           CAST(count(*) AS INTEGER) AS forms, ${years.sql} AS years,
           ${decimalText(`CAST(${meanSql('e.fs_score')} AS DECIMAL(5,2))`)} AS score
         FROM form_facts e
         WHERE ${w.sql} AND (? = '' OR contains(lower(e.department), lower(?)))
         GROUP BY e.dept_id
         ORDER BY department, region NULLS FIRST`,
        [...years.params, ...w.params, text, text],
      );
      return rows.map((r) => ({ ...r, years: yearsOf(cache, r.years), score: decimalOf(r.score) }));
    },
    () => {
      const w = filterWhere(filters, { alias: 'e' });
      return engine.query<DepartmentChoice>(
        `SELECT e.region, e.department, department_kind(e.department) AS dept_kind, CAST(count(*) AS INTEGER) AS forms,
           list(DISTINCT e.year ORDER BY e.year) AS years, CAST(${meanSql('fs.score')} AS DECIMAL(5,2)) AS score
         FROM evaluations e LEFT JOIN form_scores fs ON fs.eval_id = e.eval_id
         WHERE ${w.sql} AND (? = '' OR contains(lower(e.department), lower(?)))
         GROUP BY e.region, e.department
         ORDER BY e.department, e.region NULLS FIRST`,
        [...w.params, text, text],
      );
    },
  );
}

/**
 * The distinct department names of the forms within the filters, sorted: what the findings view's
 * department select lists (the names of departmentList, in its order), at a fraction of its cost.
 */
export async function departmentNames(engine: Engine, filters: Filters): Promise<string[]> {
  const run = async (from: string, w: SqlFragment) => {
    const [row] = await engine.query<{ names: string[] | null }>(
      `SELECT list(department ORDER BY department) AS names FROM (SELECT DISTINCT e.department FROM ${from} e WHERE ${w.sql})`,
      w.params,
    );
    return row?.names ?? [];
  };
  return withViewCache(
    engine,
    () => run('form_facts', factsWhere(filters)),
    () => run('evaluations', filterWhere(filters, { alias: 'e' })),
  );
}

export interface DepartmentFormRow {
  eval_id: string;
  year: number;
  kind: string;
  project: string | null;
  total_score: string | null;
  budget_full: string | null;
  executed: string | null;
  /** executed / budget_full, 6 places (NULL when budget_full is 0 or blank or executed blank). */
  rate: string | null;
  score: number | null;
  findings: number;
}

/** The department's forms, year by year, with the boilerplate score and the findings counted on each. */
export function departmentForms(engine: Engine, key: DepartmentKey): Promise<DepartmentFormRow[]> {
  const d = ofDepartment(key, 'e');
  return engine.query<DepartmentFormRow>(
    `WITH ${FORM_RULES_CTE}
     SELECT e.eval_id, e.year, e.kind, e.project, e.total_score, e.budget_full, e.executed,
       ${ratioSql('e.executed', 'e.budget_full')} AS rate,
       CAST(fs.score AS INTEGER) AS score,
       CAST(coalesce((SELECT sum(n) FROM fr WHERE fr.eval_id = e.eval_id), 0) AS INTEGER) AS findings
     FROM evaluations e LEFT JOIN form_scores fs ON fs.eval_id = e.eval_id
     WHERE ${d.sql}
     ORDER BY e.year, e.kind = '项目', e.project NULLS FIRST, e.eval_id`,
    d.params,
  );
}

export interface DepartmentFlagRow {
  /** NULL for department-wide findings that belong to no one year. */
  year: number | null;
  severity: Severity;
  findings: number;
}

/** The department's findings (附件1 included) per year and severity. */
export function departmentFlags(engine: Engine, key: DepartmentKey): Promise<DepartmentFlagRow[]> {
  const d = ofDepartment(key, 'f');
  return engine.query<DepartmentFlagRow>(
    `SELECT f.year, f.severity, CAST(count(*) AS INTEGER) AS findings FROM findings f
     WHERE ${d.sql}
     GROUP BY f.year, f.severity
     ORDER BY f.year NULLS LAST, ${SEVERITY_RANK}`,
    d.params,
  );
}

export interface DepartmentFindingRow {
  rule: string;
  severity: Severity;
  year: number | null;
  eval_id: string | null;
  item: string | null;
  field: string;
  detail: string;
}

/** The department's findings that are not on a form: department-wide ones and 附件1 spending lines. */
export function departmentLevelFindings(engine: Engine, key: DepartmentKey): Promise<DepartmentFindingRow[]> {
  const d = ofDepartment(key, 'f');
  return engine.query<DepartmentFindingRow>(
    `SELECT f.rule, f.severity, f.year, f.eval_id, f.item, f.field, f.detail FROM findings f
     WHERE ${d.sql} AND f.eval_id IS NULL
     ORDER BY f.year NULLS FIRST, ${SEVERITY_RANK}, f.rule, f.item NULLS FIRST, f.field, f.detail`,
    d.params,
  );
}

export interface PeerRow {
  year: number;
  /** The department's mean form score that year, 2 places. */
  score: string;
  /** Median of the peers' yearly means (same region, same department_kind, other departments); NULL without peers. */
  peers_median: string | null;
  peers: number;
}

/** The department's boilerplate score per year against the median of its peers. */
export function departmentVsPeers(engine: Engine, key: DepartmentKey): Promise<PeerRow[]> {
  const me = ofDepartment(key);
  return engine.query<PeerRow>(
    `WITH d AS (
       SELECT e.region, e.department, e.year, ${meanSql('fs.score', 6)} AS score
       FROM evaluations e JOIN form_scores fs ON fs.eval_id = e.eval_id
       GROUP BY e.region, e.department, e.year
     ),
     me AS (SELECT * FROM d WHERE ${me.sql})
     SELECT me.year, CAST(${meanSql('me.score')} AS DECIMAL(5,2)) AS score,
       CAST(round(median(p.score), 2) AS DECIMAL(5,2)) AS peers_median,
       CAST(count(p.department) AS INTEGER) AS peers
     FROM me LEFT JOIN d p ON p.year = me.year AND p.region IS NOT DISTINCT FROM me.region
       AND department_kind(p.department) = department_kind(me.department) AND p.department <> me.department
     GROUP BY me.year ORDER BY me.year`,
    me.params,
  );
}
