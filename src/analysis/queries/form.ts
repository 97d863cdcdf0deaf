// One form: its identity and figures, its cells rebuilt as the 自评表 (indicator rows with their
// merged 一级/二级 cells, as form_indicators fills them), the findings counted on it (form_rule_hits),
// the form search, and the CLI's per-form report.
import type { Engine } from '../../db/engine';
import { raw, sql } from '../../db/sql';
import type { Severity } from '../rules/index';
import { limitParam } from './compact';
import { filterWhere, type Filters } from './filters';
import { SEVERITY_RANK } from './order';

/** Which form a row is about: its id and the columns of `evaluations` that name it. */
export interface FormIdentity {
  eval_id: string;
  year: number;
  region: string | null;
  department: string;
  kind: string;
  project: string | null;
}

/** The figures a form states about itself, as written (DECIMAL strings; null = not given). */
export interface FormFigures {
  budget_initial: string | null;
  budget_full: string | null;
  executed: string | null;
  exec_weight: string | null;
  exec_rate: string | null;
  exec_score: string | null;
  total_score: string | null;
  report_score: string | null;
}

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
  /** As written, and filled down from the rows above as ingest fills merged cells (form_indicators). */
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
  const q = sql`
    WITH a AS (
      SELECT seq, level1, level2, l1, l2, level3, target, actual, weight, score, deviation
      FROM form_indicators WHERE eval_id = ${evalId}
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
    FROM c ORDER BY seq`;
  return engine.query<FormIndicatorRow>(q.sql, q.params);
}

export interface FormFinding {
  rule: string;
  severity: Severity;
  /** The indicator row, or null for a form-level cell. */
  seq: number | null;
  field: string;
  detail: string;
  detail_en: string;
  /** The indicator rows the finding names when it names several (Finding.seqs). */
  seqs: number[] | null;
  /** The other forms the finding names that are loaded, in the rule's order (Finding.related). */
  related: FormIdentity[];
  /** 'form': the form's own finding; 'department': a department-wide finding counted on the form. */
  scope: 'form' | 'department';
}

/** Every finding counted on the form (form_rule_hits): its own, then its department's department-wide ones; most severe first. */
export function formFindings(engine: Engine, evalId: string): Promise<FormFinding[]> {
  const q = sql`
    SELECT rule, severity, seq, field, detail, detail_en, seqs,
      coalesce((SELECT list({'eval_id': r.eval_id, 'year': r.year, 'region': r.region, 'department': r.department,
          'kind': r.kind, 'project': r.project} ORDER BY list_position(x.related, r.eval_id))
        FROM evaluations r WHERE list_contains(x.related, r.eval_id)), []) AS related,
      scope
    FROM form_rule_hits x WHERE eval_id = ${evalId}
    ORDER BY ${raw(SEVERITY_RANK)}, scope DESC, seq NULLS FIRST, rule, field, detail`;
  return engine.query<FormFinding>(q.sql, q.params);
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

export interface FormSummary extends FormIdentity, FormFigures {
  n_indicators: number;
  /** Σ of the indicator rows only. */
  sum_weight: string | null;
  sum_score: string | null;
}

export interface FormReport extends FormSummary {
  /** Every rule that hit the form (form_rule_hits), directly or through a department-wide finding. */
  flags: string[];
  boilerplate_score: number | null;
}

/** The forms' order of the CLI's lists: by region, department, year, the department form first. */
const REPORT_ORDER = "region NULLS FIRST, department, year, kind = '项目', project NULLS FIRST, eval_id";

/**
 * One row per form with its own figures, the sums of its indicator rows, its rule hits and its
 * boilerplate score (after analyse()): the CLI's `evaluations`, in REPORT_ORDER. With `mostBoilerplate`,
 * only that many forms, the highest scores first (ties, and unscored forms as 0, in REPORT_ORDER):
 * what the CLI's summary names, without reading a country's forms into objects.
 */
export function formReports(engine: Engine, mostBoilerplate?: number): Promise<FormReport[]> {
  const order = mostBoilerplate == null ? REPORT_ORDER : `coalesce(boilerplate_score, 0) DESC, ${REPORT_ORDER} LIMIT ?`;
  return engine.query<FormReport>(
    `
    WITH flags AS (SELECT eval_id, list(DISTINCT rule ORDER BY rule) AS flags FROM form_rule_hits GROUP BY eval_id),
    summary AS (
      SELECT e.eval_id, e.year, e.region, e.department, e.kind, e.project,
        e.budget_initial, e.budget_full, e.executed, e.exec_weight, e.exec_rate, e.exec_score,
        e.total_score, e.report_score,
        coalesce(i.n_indicators, 0)::INTEGER AS n_indicators, i.sum_weight, i.sum_score
      FROM evaluations e
      LEFT JOIN (
        SELECT eval_id, count(*) AS n_indicators, sum(weight) AS sum_weight, sum(score) AS sum_score
        FROM indicators GROUP BY eval_id
      ) i USING (eval_id)
    )
    SELECT * FROM (
      SELECT summary.*, coalesce(flags.flags, []) AS flags, fs.score AS boilerplate_score
      FROM summary LEFT JOIN flags USING (eval_id) LEFT JOIN form_scores fs USING (eval_id)
    ) ORDER BY ${order}`,
    mostBoilerplate == null ? [] : [limitParam(mostBoilerplate)],
  );
}
