// Every view's tables, defined once: each column (its row property, label and kind) is written here
// once per concept, each table is a list of those columns, and the view's head (ColumnHeads), its
// cells' formats and its exports (CSV, .xlsx) read the same list. Exported rows are the rows the
// table shows, from the same queries; the words are the user's language (rule titles, severities,
// department kinds, headers), never ids; money stays the engine's exact decimal text.
import type { Engine } from '../db/engine';
import { raw, sql } from '../db/sql';
import { col, exportTable, type ExportTable, type TableColumn } from '../format/export-table';
import { translate, type Key, type Lang } from '../format/i18n';
import type { DepartmentFindingRow, DepartmentFlagRow, DepartmentFormRow, DepartmentSummaryRow, PeerRow } from './queries/department';
import type { ExecFormRow, ExecQuantileRow } from './queries/execution';
import { filterWhere, type Filters } from './queries/filters';
import type { FormFinding } from './queries/form';
import { formsExport, type CopiedCluster, type FindingFilters, type RankedDepartment } from './queries/findings';
import { SEVERITY_RANK } from './queries/order';
import type { SangongChangeRow, SangongDepartmentRow, SangongTrendRow } from './queries/sangong';
import { findingDetail, ruleTitle } from './rule-text';

const sortable = (c: TableColumn): TableColumn => ({ ...c, sortable: true });
const exportOnly = (c: TableColumn): TableColumn => ({ ...c, exportOnly: true });

/** The columns, one per concept: every table below is made of these. */
export const COLUMNS = {
  evalId: col('eval_id', 'export.col.evalId', 'id'),
  region: col('region', 'findings.col.region'),
  department: col('department', 'findings.col.department'),
  deptKind: col('dept_kind', 'findings.col.kind'),
  year: col('year', 'findings.col.year', 'integer'),
  years: col('years', 'findings.col.years'),
  /** The form as a link names it: its project, or 部门整体. */
  form: col('project', 'findings.col.form'),
  formKind: col('kind', 'export.col.formKind'),
  project: col('project', 'export.col.project'),
  score: col('score', 'findings.col.score', 'score'),
  raw: col('raw', 'export.col.raw', 'score'),
  maxScore: col('max_score', 'findings.col.maxScore', 'score'),
  totalScore: col('total_score', 'dept.col.total', 'score'),
  forms: col('forms', 'findings.col.forms', 'count'),
  flaggedForms: col('flagged_forms', 'findings.col.flagged', 'count'),
  findings: col('findings', 'findings.col.findings', 'count'),
  high: col('high', 'findings.col.high', 'count'),
  hits: col('hits', 'findings.col.hits'),
  rule: col('rule', 'export.col.rule'),
  severity: col('severity', 'findings.filter.severity'),
  item: col('item', 'export.col.item'),
  field: col('field', 'export.col.field', 'id'),
  detail: col('detail', 'export.col.detail'),
  budgetFull: col('budget_full', 'form.funds.full', 'money'),
  executed: col('executed', 'form.funds.executed', 'money'),
  rate: col('rate', 'execution.col.rate', 'percent'),
  claimedRate: col('exec_rate', 'execution.col.claimed', 'percent'),
  sangongBudget: col('budget', 'sangong.col.budget', 'money'),
  sangongFinal: col('final', 'sangong.col.final', 'money'),
  sangongPrior: col('prior_final', 'sangong.col.prior', 'money'),
  sangongChange: col('change', 'sangong.col.change', 'money'),
  sangongChangeRatio: col('change_ratio', 'sangong.col.changeRatio', 'percent'),
} as const;
const C = COLUMNS;

const listSeparator = (lang: Lang) => (lang === 'zh' ? '、' : ', ');
const severityWord = (lang: Lang, s: string) => translate(lang, `severity.${s}` as Key);
const formWord = (lang: Lang, project: string | null) => project ?? translate(lang, 'findings.wholeDept');

// ---------------------------------------------------------------------------------------------
// 异常 Findings

/** The forms ranking as the findings view shows it (its heads sort it). */
export const RANKED_FORMS_COLUMNS = [...[C.department, C.region, C.year, C.form, C.score].map(sortable), C.hits];

/** The forms ranking as exported: every form of the filtered ranking, in its order, with more of each form than fits on screen. */
export const FORMS_EXPORT_COLUMNS = [C.evalId, C.region, C.department, C.year, C.formKind, C.project, C.score, C.raw, C.findings, C.hits];

/** Every form of the filtered ranking, in its order, with the rules it hit by title. */
export async function formsExportTable(engine: Engine, filters: Filters, ff: FindingFilters, lang: Lang): Promise<ExportTable> {
  const rows = await formsExport(engine, filters, ff);
  // The export query joins the rule ids with 、 (no id holds one).
  return exportTable(lang, translate(lang, 'findings.forms.title'), FORMS_EXPORT_COLUMNS, rows.map((r) => ({
    ...r,
    kind: r.kind === '项目' ? translate(lang, 'export.kind.project') : translate(lang, 'export.kind.dept'),
    hits: r.hits ? r.hits.split('、').map((id) => ruleTitle(id, lang)).join(listSeparator(lang)) : '',
  })), `selfeval-findings${ff.rule ? '-' + ff.rule : ''}`);
}

/** The department ranking, shown and exported. */
export const RANKED_DEPARTMENTS_COLUMNS = [C.department, C.region, C.deptKind, C.years, C.score, C.maxScore, C.forms, C.flaggedForms, C.findings, C.high].map(sortable);

/** The department ranking as shown. */
export function departmentsExportTable(rows: readonly RankedDepartment[], lang: Lang): ExportTable {
  return exportTable(lang, translate(lang, 'findings.depts.title'), RANKED_DEPARTMENTS_COLUMNS,
    rows.map((d) => ({ ...d, dept_kind: translate(lang, `dkind.${d.dept_kind}` as Key), years: d.years.join(listSeparator(lang)) })), 'selfeval-departments');
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
  detail: string;
  detail_en: string;
}

export const FINDINGS_LIST_COLUMNS = [C.rule, C.severity, C.evalId, C.region, C.department, C.year, C.project, C.item, C.field, C.detail];

/**
 * Every finding within the filters (of the rule/severity when one is chosen), one row per cell it
 * points at, most severe first. Department-wide findings have no form; a form's kind filter keeps
 * only findings on forms of that kind.
 */
export async function findingsListTable(engine: Engine, filters: Filters, ff: FindingFilters, lang: Lang): Promise<ExportTable> {
  const where = filterWhere({ ...filters, kinds: undefined }, { alias: 'f', hasKind: false });
  const kinds = filters.kinds?.length ? filterWhere({ kinds: filters.kinds }, { alias: 'e' }) : sql`TRUE`;
  const q = sql`
    SELECT f.rule, f.severity, f.eval_id, f.region, f.department, f.year, e.project, f.item, f.field, f.detail, f.detail_en
    FROM findings f LEFT JOIN evaluations e ON e.eval_id = f.eval_id
    WHERE ${where} AND ${kinds}
      AND (${ff.rule ?? null} IS NULL OR f.rule = ${ff.rule ?? null})
      AND (${ff.severity ?? null} IS NULL OR f.severity = ${ff.severity ?? null})
    ORDER BY ${raw(SEVERITY_RANK.replace('severity', 'f.severity'))}, f.department, f.region NULLS FIRST, f.year, f.eval_id NULLS FIRST, f.seq, f.rule`;
  const rows = await engine.query<FindingExportRow>(q.sql, q.params);
  return exportTable(lang, translate(lang, 'export.findings.title'), FINDINGS_LIST_COLUMNS,
    rows.map(({ detail_en, ...r }) => ({ ...r, rule: ruleTitle(r.rule, lang), severity: severityWord(lang, r.severity), detail: findingDetail({ detail: r.detail, detail_en }, lang) })));
}

export const CLUSTERS_COLUMNS = [col('level3', 'export.col.level3'), col('target', 'export.col.target'), col('departments', 'findings.clusters.departments', 'count'), col('forms', 'findings.clusters.forms', 'count')].map(sortable);

/** The indicator texts copied across departments, as listed. */
export function clustersExportTable(rows: readonly CopiedCluster[], lang: Lang): ExportTable {
  return exportTable(lang, translate(lang, 'findings.clusters.title'), CLUSTERS_COLUMNS, rows.map((c) => ({ ...c })));
}

// ---------------------------------------------------------------------------------------------
// 执行率 Execution

const QUANTILES = ['p10', 'p25', 'median', 'p75', 'p90'] as const;

/** A quantile table (per year, region, form kind or department kind); the share of exactly-100% forms is shown in brackets beside their count. */
export const QUANTILE_COLUMNS = [
  col('group', 'execution.col.group'), C.forms, col('rated', 'execution.col.rated', 'count'),
  ...QUANTILES.map((p) => col(p, `execution.col.${p}`, 'percent')),
  col('exact100', 'execution.col.exact100', 'count'), exportOnly(col('share_exact100', 'execution.col.exact100Share', 'percent')),
  col('low_executors', 'execution.col.low', 'count'),
];

export function quantilesExportTable(rows: readonly ExecQuantileRow[], by: string, lang: Lang): ExportTable {
  return exportTable(lang, translate(lang, `execution.quantiles.${by}` as Key), QUANTILE_COLUMNS,
    rows.map((r) => ({ ...r, group: r.group ?? translate(lang, 'execution.noRegion') })), `selfeval-execution-${by}`);
}

/** The forms executed below the threshold, lowest first. */
export const LOW_EXECUTORS_COLUMNS = [exportOnly(C.evalId), C.department, C.form, C.year, C.budgetFull, C.executed, C.rate, C.claimedRate];

export function lowExecutorsExportTable(rows: readonly ExecFormRow[], lang: Lang): ExportTable {
  return exportTable(lang, translate(lang, 'execution.low.title'), LOW_EXECUTORS_COLUMNS,
    rows.map((r) => ({ ...r, project: formWord(lang, r.project) })), 'selfeval-low-executors');
}

// ---------------------------------------------------------------------------------------------
// 三公 Trends

export const SANGONG_PARTS = ['car', 'abroad', 'reception'] as const;

/** Per year: the totals, each part's final, and the change on the year before. */
export const SANGONG_YEARS_COLUMNS = [
  C.year, col('departments', 'sangong.col.departments', 'count'), C.sangongBudget, C.sangongFinal,
  ...SANGONG_PARTS.map((p) => col(`${p}_final`, `sangong.col.${p}Final`, 'money')),
  C.sangongPrior, C.sangongChange, C.sangongChangeRatio,
];

/** The trend rows with their year-on-year change, as the 三公 view lists them. */
export function sangongYears(trend: readonly SangongTrendRow[], change: readonly SangongChangeRow[]): (SangongTrendRow & { change: string | null; change_ratio: string | null })[] {
  const of = new Map(change.map((c) => [c.year, c]));
  return trend.map((t) => ({ ...t, change: of.get(t.year)?.change ?? null, change_ratio: of.get(t.year)?.change_ratio ?? null }));
}

export function sangongYearsExportTable(rows: ReturnType<typeof sangongYears>, lang: Lang): ExportTable {
  return exportTable(lang, translate(lang, 'sangong.yoy.title'), SANGONG_YEARS_COLUMNS, rows.map((r) => ({ ...r })), 'selfeval-sangong-years');
}

/** The departments whose spending rose most. */
export const SANGONG_RISERS_COLUMNS = [C.department, C.region, C.year, C.sangongPrior, C.sangongFinal, C.sangongChange, C.sangongChangeRatio];

export function sangongRisersExportTable(rows: readonly SangongDepartmentRow[], lang: Lang): ExportTable {
  return exportTable(lang, translate(lang, 'sangong.risers.title'), SANGONG_RISERS_COLUMNS, rows.map((r) => ({ ...r })), 'selfeval-sangong-risers');
}

/** One department's series, year by year. */
export const SANGONG_DEPARTMENT_COLUMNS = [C.year, C.region, C.sangongBudget, C.sangongFinal, C.sangongPrior, C.sangongChange, C.sangongChangeRatio];

export function sangongDepartmentExportTable(rows: readonly SangongDepartmentRow[], department: string, lang: Lang): ExportTable {
  return exportTable(lang, translate(lang, 'sangong.dept.title', { dept: department }), SANGONG_DEPARTMENT_COLUMNS, rows.map((r) => ({ ...r })), `selfeval-sangong-${department}`);
}

// ---------------------------------------------------------------------------------------------
// 部门 Department

/** One year of a department: its forms, money, 三公, score against its peers and findings. */
export interface DepartmentYearRow {
  year: number;
  /** Has forms this year (a year may have 三公 figures only). */
  has_forms: boolean;
  forms: number;
  full_marks: number | null;
  mean_total_score: string | null;
  dept_budget_full: string | null;
  dept_executed: string | null;
  exec_rate: string | null;
  sangong_budget: string | null;
  sangong_final: string | null;
  sangong_change: string | null;
  score: string | null;
  peers_median: string | null;
  peers: number | null;
  findings: number;
}

/** The department's years (of its forms or its 三公 figures), oldest first, one row each. */
export function departmentYears(summary: readonly DepartmentSummaryRow[], sangong: readonly SangongDepartmentRow[], peers: readonly PeerRow[], flags: readonly DepartmentFlagRow[]): DepartmentYearRow[] {
  const years = [...new Set([...summary.map((s) => s.year), ...sangong.map((s) => s.year)])].sort((a, b) => a - b);
  return years.map((year) => {
    const s = summary.find((r) => r.year === year);
    const g = sangong.find((r) => r.year === year);
    const p = peers.find((r) => r.year === year);
    return {
      year, has_forms: s != null, forms: s?.forms ?? 0, full_marks: s?.full_marks ?? null, mean_total_score: s?.mean_total_score ?? null,
      dept_budget_full: s?.dept_budget_full ?? null, dept_executed: s?.dept_executed ?? null, exec_rate: s?.exec_rate ?? null,
      sangong_budget: g?.budget ?? null, sangong_final: g?.final ?? null, sangong_change: g?.change ?? null,
      score: p?.score ?? null, peers_median: p?.peers_median ?? null, peers: p?.peers ?? null,
      findings: flags.filter((r) => r.year === year).reduce((a, r) => a + r.findings, 0),
    };
  });
}

/** The number of peers is shown in brackets beside their median. */
export const DEPARTMENT_YEARS_COLUMNS = [
  C.year, col('forms', 'dept.col.forms', 'count'), col('full_marks', 'dept.col.fullMarks', 'count'), col('mean_total_score', 'dept.col.meanTotal', 'score'),
  col('dept_budget_full', 'dept.col.budget', 'money'), col('dept_executed', 'dept.col.executed', 'money'), col('exec_rate', 'dept.col.rate', 'percent'),
  col('sangong_budget', 'dept.col.sangongBudget', 'money'), col('sangong_final', 'dept.col.sangongFinal', 'money'), col('sangong_change', 'dept.col.sangongChange', 'money'),
  col('score', 'dept.col.score', 'score'), col('peers_median', 'dept.col.peers', 'score'), exportOnly(col('peers', 'dept.col.peersCount', 'count')),
  col('findings', 'dept.col.findings', 'count'),
];

export function departmentYearsExportTable(rows: readonly DepartmentYearRow[], department: string, lang: Lang): ExportTable {
  return exportTable(lang, `${department} ${translate(lang, 'dept.years.title')}`, DEPARTMENT_YEARS_COLUMNS, rows.map((r) => ({ ...r })), `selfeval-department-${department}-years`);
}

/** The department's forms. */
export const DEPARTMENT_FORMS_COLUMNS = [
  exportOnly(C.evalId), C.year, col('project', 'dept.col.form'), C.totalScore, C.budgetFull, C.executed,
  col('rate', 'dept.col.rate', 'percent'), col('score', 'dept.col.score', 'score'), col('findings', 'dept.col.findings', 'count'),
];

export function departmentFormsExportTable(rows: readonly DepartmentFormRow[], department: string, lang: Lang): ExportTable {
  return exportTable(lang, `${department} ${translate(lang, 'dept.forms.title')}`, DEPARTMENT_FORMS_COLUMNS,
    rows.map((r) => ({ ...r, project: formWord(lang, r.project) })), `selfeval-department-${department}-forms`);
}

/** The department-wide and 附件1 findings; the severity shows in the rule's chip. */
export const DEPARTMENT_LEVEL_COLUMNS = [col('year', 'dept.col.year'), C.hits, exportOnly(C.severity), col('item', 'dept.level.item'), col('detail', 'dept.level.detail')];

export function departmentLevelExportTable(rows: readonly DepartmentFindingRow[], department: string, lang: Lang): ExportTable {
  return exportTable(lang, `${department} ${translate(lang, 'dept.level.title')}`, DEPARTMENT_LEVEL_COLUMNS,
    rows.map((f) => ({ year: f.year ?? translate(lang, 'dept.chart.allYears'), hits: ruleTitle(f.rule, lang), severity: severityWord(lang, f.severity), item: f.item, detail: findingDetail(f, lang) })),
    `selfeval-department-${department}-findings`);
}

// ---------------------------------------------------------------------------------------------
// 表单 Form

/** A form's findings as its side list shows them: rule, severity, the cell (row, field), the detail. */
export const FORM_FINDINGS_COLUMNS = [C.evalId, C.rule, C.severity, col('seq', 'export.col.row', 'integer'), C.field, C.detail];

export function formFindingsExportTable(rows: readonly FormFinding[], evalId: string, lang: Lang): ExportTable {
  return exportTable(lang, `${evalId} ${translate(lang, 'export.formFindings.title')}`, FORM_FINDINGS_COLUMNS,
    rows.map((f) => ({ eval_id: evalId, rule: ruleTitle(f.rule, lang), severity: severityWord(lang, f.severity), seq: f.seq, field: f.field, detail: findingDetail(f, lang) })),
    `selfeval-form-${evalId}-findings`);
}
