// The findings view's tables as exports (CSV, .xlsx): the ranked forms, the ranked departments, every
// finding one per cell, the copied indicators. Rows come from the same queries the view shows; the
// words are the user's language (rule titles, severities, department kinds, headers), never ids.
import type { Engine } from '../db/engine';
import { raw, sql } from '../db/sql';
import type { ExportColumn, ExportTable } from '../format/export-table';
import { translate, type Key, type Lang } from '../format/i18n';
import { filterWhere, type Filters } from './queries/filters';
import { formsExport, type CopiedCluster, type FindingFilters, type RankedDepartment } from './queries/findings';
import { SEVERITY_RANK } from './queries/order';
import { ruleById } from './rules/index';

/** A rule's title in `lang` (its id when the catalogue no longer has it). */
export function ruleTitle(id: string, lang: Lang): string {
  const r = ruleById(id);
  return r ? (lang === 'zh' ? r.titleZh : r.titleEn) : id;
}

const column = (lang: Lang, key: string, header: Key, kind: ExportColumn['kind']): ExportColumn => ({ key, header: translate(lang, header), kind });
const listSeparator = (lang: Lang) => (lang === 'zh' ? '、' : ', ');

/** Every form of the filtered ranking, in its order, with the rules it hit by title. */
export async function formsExportTable(engine: Engine, filters: Filters, ff: FindingFilters, lang: Lang): Promise<ExportTable> {
  const rows = await formsExport(engine, filters, ff);
  return {
    name: translate(lang, 'findings.forms.title'),
    file: `selfeval-findings${ff.rule ? '-' + ff.rule : ''}`,
    columns: [
      column(lang, 'eval_id', 'export.col.evalId', 'id'),
      column(lang, 'region', 'findings.col.region', 'text'),
      column(lang, 'department', 'findings.col.department', 'text'),
      column(lang, 'year', 'findings.col.year', 'integer'),
      column(lang, 'kind', 'export.col.formKind', 'text'),
      column(lang, 'project', 'export.col.project', 'text'),
      column(lang, 'score', 'findings.col.score', 'score'),
      column(lang, 'raw', 'export.col.raw', 'score'),
      column(lang, 'findings', 'findings.col.findings', 'count'),
      column(lang, 'hits', 'findings.col.hits', 'text'),
    ],
    // The export query joins the rule ids with 、 (no id holds one).
    rows: rows.map((r) => ({
      ...r,
      kind: r.kind === '项目' ? translate(lang, 'export.kind.project') : translate(lang, 'export.kind.dept'),
      hits: r.hits ? r.hits.split('、').map((id) => ruleTitle(id, lang)).join(listSeparator(lang)) : '',
    })),
  };
}

/** The department ranking as shown. */
export function departmentsExportTable(rows: readonly RankedDepartment[], lang: Lang): ExportTable {
  return {
    name: translate(lang, 'findings.depts.title'),
    columns: [
      column(lang, 'region', 'findings.col.region', 'text'),
      column(lang, 'department', 'findings.col.department', 'text'),
      column(lang, 'dept_kind', 'findings.col.kind', 'text'),
      column(lang, 'years', 'findings.col.years', 'text'),
      column(lang, 'score', 'findings.col.score', 'score'),
      column(lang, 'max_score', 'findings.col.maxScore', 'score'),
      column(lang, 'forms', 'findings.col.forms', 'count'),
      column(lang, 'flagged_forms', 'findings.col.flagged', 'count'),
      column(lang, 'findings', 'findings.col.findings', 'count'),
    ],
    rows: rows.map((d) => ({ ...d, dept_kind: translate(lang, `dkind.${d.dept_kind}` as Key), years: d.years.join(listSeparator(lang)) })),
  };
}

/** One finding as exported: where it points (form, 附件1 item, cell) and what it says. */
export interface FindingExportRow {
  rule: string;
  severity: string;
  eval_id: string | null;
  region: string | null;
  department: string | null;
  year: number | null;
  project: string | null;
  item: string | null;
  field: string | null;
  detail: string | null;
}

/**
 * Every finding within the filters (of the rule/severity when one is chosen), one row per cell it
 * points at, most severe first. Department-wide findings have no form; a form's kind filter keeps
 * only findings on forms of that kind.
 */
export async function findingsListTable(engine: Engine, filters: Filters, ff: FindingFilters, lang: Lang): Promise<ExportTable> {
  const where = filterWhere({ ...filters, kinds: undefined }, { alias: 'f', hasKind: false });
  const kinds = filters.kinds?.length ? filterWhere({ kinds: filters.kinds }, { alias: 'e' }) : sql`TRUE`;
  const q = sql`
    SELECT f.rule, f.severity, f.eval_id, f.region, f.department, f.year, e.project, f.item, f.field, f.detail
    FROM findings f LEFT JOIN evaluations e ON e.eval_id = f.eval_id
    WHERE ${where} AND ${kinds}
      AND (${ff.rule ?? null} IS NULL OR f.rule = ${ff.rule ?? null})
      AND (${ff.severity ?? null} IS NULL OR f.severity = ${ff.severity ?? null})
    ORDER BY ${raw(SEVERITY_RANK.replace('severity', 'f.severity'))}, f.department, f.region NULLS FIRST, f.year, f.eval_id NULLS FIRST, f.seq, f.rule`;
  const rows = await engine.query<FindingExportRow>(q.sql, q.params);
  return {
    name: translate(lang, 'export.findings.title'),
    columns: [
      column(lang, 'rule', 'export.col.rule', 'text'),
      column(lang, 'severity', 'findings.filter.severity', 'text'),
      column(lang, 'eval_id', 'export.col.evalId', 'id'),
      column(lang, 'region', 'findings.col.region', 'text'),
      column(lang, 'department', 'findings.col.department', 'text'),
      column(lang, 'year', 'findings.col.year', 'integer'),
      column(lang, 'project', 'export.col.project', 'text'),
      column(lang, 'item', 'export.col.item', 'text'),
      column(lang, 'field', 'export.col.field', 'id'),
      column(lang, 'detail', 'export.col.detail', 'text'),
    ],
    rows: rows.map((r) => ({ ...r, rule: ruleTitle(r.rule, lang), severity: translate(lang, `severity.${r.severity}` as Key) })),
  };
}

/** The indicator texts copied across departments, as listed. */
export function clustersExportTable(rows: readonly CopiedCluster[], lang: Lang): ExportTable {
  return {
    name: translate(lang, 'findings.clusters.title'),
    columns: [
      column(lang, 'level3', 'export.col.level3', 'text'),
      column(lang, 'target', 'export.col.target', 'text'),
      column(lang, 'departments', 'findings.clusters.departments', 'count'),
      column(lang, 'forms', 'findings.clusters.forms', 'count'),
    ],
    rows: rows.map((c) => ({ ...c })),
  };
}
