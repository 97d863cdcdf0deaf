// The notice (复核意见书) a 绩效科 sends a department for one year: who sends it (bureau, date,
// reference number), what was reviewed (forms, findings by severity, the boilerplate score against
// the department's peers), and per form every finding still open — confirmed or to review,
// never a dismissed one — with the cell, what is written there, the problem in plain words and what
// to correct. The model is plain data: the notice view draws it, notice-docx.ts writes it as Word,
// and both list exactly these findings.
import { cellAt, findingRows } from '../analysis/finding-cell';
import { departmentVsPeers } from '../analysis/queries/department';
import { findingDetail, ruleTitle } from '../analysis/rule-text';
import { ruleById } from '../analysis/rules/index';
import type { Severity } from '../analysis/rules/rule';
import type { Engine } from '../db/engine';
import { integer, sql } from '../db/sql';
import { filterWhere, type Filters } from '../analysis/queries/filters';
import { columnHeader } from '../format/export-table';
import { formatScore } from '../format/number';
import { translate, type Key, type Lang } from '../format/i18n';
import { ensureReview } from './identity';
import { reviewedFindings, type ReviewedFinding } from './store';

/** Entered once by the officer (the app remembers them). */
export interface NoticeSettings {
  bureau: string;
  /** The notice's date and the date corrections are due, as written (2024-05-10 or 2024年5月10日). */
  date: string;
  due: string;
  reference: string;
}

export interface NoticeFinding {
  finding_key: string;
  rule: string;
  severity: Severity;
  review_state: ReviewedFinding['review_state'];
  /** Where the cell is, in words: 第3行「办文及时率」·实际完成值. */
  cell: string;
  /** What is written in the cell; null when the finding is about no single cell. */
  value: string | null;
  /** The rule's title and the finding's detail. */
  problem: string;
  fix: string;
}

export interface NoticeSection {
  /** The form, or null for department-wide findings and 附件1 lines. */
  eval_id: string | null;
  title: string;
  findings: NoticeFinding[];
}

export interface DepartmentYear {
  region: string | null;
  department: string;
  year: number;
}

export interface Notice extends DepartmentYear {
  lang: Lang;
  settings: NoticeSettings;
  title: string;
  /** The header, intro, score and closing lines, in order, as both renderers print them. */
  to: string;
  intro: string;
  score: string | null;
  closing: string;
  forms: number;
  bySeverity: Record<Severity, number>;
  sections: NoticeSection[];
}

const SEVERITIES: Severity[] = ['high', 'medium', 'low', 'info'];

const FIELD_KEYS: Record<string, Key> = {
  level1: 'form.ind.level1', level2: 'form.ind.level2', level3: 'form.ind.level3', target: 'form.ind.target',
  actual: 'form.ind.actual', deviation: 'form.ind.deviation', score: 'form.ind.score',
  budget_initial: 'form.funds.initial', budget_full: 'form.funds.full', executed: 'form.funds.executed',
  exec_weight: 'review.field.exec_weight', exec_rate: 'form.funds.rate', exec_score: 'review.field.exec_score',
  total_score: 'form.total', report_score: 'form.h.report', goal_target: 'form.goal.target', goal_actual: 'form.goal.actual',
  project: 'form.h.project', unit: 'form.h.unit', department: 'form.h.dept', region: 'form.h.region', year: 'form.h.year',
  kind: 'review.field.kind', prior_final: 'review.field.prior_final', budget: 'review.field.budget', final: 'review.field.final',
};
const PART_KEYS: Record<string, Key> = { appropriation: 'form.funds.appropriation', carryover: 'form.funds.carryover', other: 'form.funds.other' };
const COLUMN_KEYS: Record<string, Key> = { initial: 'form.funds.initial', full: 'form.funds.full', executed: 'form.funds.executed' };

/** Fields holding money: their name carries the unit (全年预算数（万元）), as every money column's header does. */
const MONEY_FIELDS = new Set(['budget_initial', 'budget_full', 'executed', 'prior_final', 'budget', 'final']);

/** A field's name on the form: 实际完成值, 全年预算数（万元）, 其中：当年财政拨款（全年预算数）（万元）…; the field itself when unknown. */
export function fieldName(lang: Lang, field: string, onRow: boolean): string {
  const name = plainFieldName(lang, field, onRow);
  return MONEY_FIELDS.has(field) || /^(appropriation|carryover|other)_(initial|full|executed)$/.test(field) ? columnHeader(lang, { label: { text: name }, kind: 'money' }) : name;
}

function plainFieldName(lang: Lang, field: string, onRow: boolean): string {
  if (field === 'weight') return translate(lang, onRow ? 'form.ind.weight' : 'review.field.weight');
  if (field === 'score' && !onRow) return translate(lang, 'form.total');
  const part = /^(appropriation|carryover|other)_(initial|full|executed)$/.exec(field);
  if (part) return translate(lang, 'review.field.part', { part: translate(lang, PART_KEYS[part[1]]), column: translate(lang, COLUMN_KEYS[part[2]]) });
  const key = FIELD_KEYS[field];
  return key ? translate(lang, key) : field;
}

/**
 * Where a finding's cell is, in words a department finds on its own form: the indicator row (its
 * number and 三级指标), the rows of a column finding, the 附件1 line, or the form cell its rule points
 * at — where the form view highlights it (analysis/finding-cell.ts).
 */
export function cellText(
  lang: Lang, f: Pick<ReviewedFinding, 'rule' | 'row_no' | 'row_label' | 'item' | 'field' | 'eval_id' | 'seq' | 'seqs'>,
): string {
  const at = cellAt(f.rule, f.field);
  const field = fieldName(lang, f.field, f.row_no != null || at === 'column');
  if (f.row_no != null) return translate(lang, 'review.cell.row', { row: f.row_no, label: f.row_label ?? '', field });
  if (f.item != null) return translate(lang, 'review.cell.item', { item: f.item, field });
  if (f.eval_id == null) return translate(lang, 'review.cell.dept', { field });
  if (at === 'column') {
    const rows = findingRows(f);
    return rows.length ? translate(lang, 'review.cell.rows', { rows: rows.join(lang === 'zh' ? '、' : ', '), field }) : field;
  }
  return at === undefined || at === 'row' ? field : fieldName(lang, at, false);
}

export function noticeFinding(lang: Lang, f: ReviewedFinding): NoticeFinding {
  const rule = ruleById(f.rule);
  return {
    finding_key: f.finding_key,
    rule: f.rule,
    severity: f.severity as Severity,
    review_state: f.review_state,
    cell: cellText(lang, f),
    value: f.row_no == null && f.item == null && f.eval_id == null ? null : f.value,
    problem: `${ruleTitle(f.rule, lang)}${translate(lang, 'common.colon')}${findingDetail(f, lang)}`,
    fix: rule ? (lang === 'zh' ? rule.fixZh : rule.fixEn) : '',
  };
}

/** Sections in the order of the list: each form (its own and row findings), then department-wide findings, then 附件1 lines. */
function sections(lang: Lang, rows: ReviewedFinding[]): NoticeSection[] {
  const out = new Map<string, NoticeSection>();
  for (const f of rows) {
    const k = f.eval_id ?? (f.item != null ? '\u0001spending' : '\u0001dept');
    let s = out.get(k);
    if (!s) {
      const title =
        f.eval_id == null
          ? translate(lang, f.item != null ? 'notice.section.spending' : 'notice.section.deptWide')
          : translate(lang, 'notice.section.form', {
              title: f.kind === '部门整体' ? translate(lang, 'notice.section.dept') : translate(lang, 'notice.section.project', { project: f.project ?? '' }),
              id: f.eval_id,
            });
      s = { eval_id: f.eval_id, title, findings: [] };
      out.set(k, s);
    }
    s.findings.push(noticeFinding(lang, f));
  }
  const list = [...out.values()];
  return [...list.filter((s) => s.eval_id != null), ...list.filter((s) => s.eval_id == null)];
}

/** The notice of one department and year, from its open findings (confirmed or to review). */
export async function buildNotice(engine: Engine, who: DepartmentYear, settings: NoticeSettings, lang: Lang = 'zh'): Promise<Notice> {
  await ensureReview(engine);
  const rows = await reviewedFindings(engine, { region: who.region, department: who.department, year: who.year, state: 'open' });
  const count = sql`SELECT CAST(count(*) AS INTEGER) AS forms FROM evaluations
    WHERE department = ${who.department} AND coalesce(region, '') = coalesce(${who.region}, '') AND year = ${integer(who.year)}`;
  const [{ forms }] = await engine.query<{ forms: number }>(count.sql, count.params);
  const bySeverity: Record<Severity, number> = { high: 0, medium: 0, low: 0, info: 0 };
  for (const f of rows) bySeverity[f.severity as Severity]++;
  const peer = (await departmentVsPeers(engine, { department: who.department, region: who.region })).find((p) => p.year === who.year);
  const score = peer
    ? peer.peers > 0 && peer.peers_median != null
      ? translate(lang, 'notice.score', { score: formatScore(peer.score), median: formatScore(peer.peers_median), peers: peer.peers })
      : translate(lang, 'notice.scoreAlone', { score: formatScore(peer.score) })
    : null;
  return {
    ...who,
    lang,
    settings,
    title: translate(lang, 'notice.title', { year: who.year }),
    to: translate(lang, 'notice.to', { department: who.department }),
    intro:
      translate(lang, 'notice.intro', { year: who.year, forms, total: rows.length, ...bySeverity }) +
      (rows.length ? translate(lang, 'notice.details') : translate(lang, 'notice.none')),
    score,
    closing: translate(lang, 'notice.closing', { due: settings.due }),
    forms,
    bySeverity,
    sections: sections(lang, rows),
  };
}

/**
 * The departments and years a notice can go to, within the shared filters: every (region,
 * department, year) with a form, and how many open findings each has (department-wide ones without
 * a year count in each year).
 */
export async function noticeDepartments(engine: Engine, filters: Filters = {}): Promise<(DepartmentYear & { open: number })[]> {
  await ensureReview(engine);
  const w = filterWhere(filters, { alias: 'e', hasKind: false });
  const q = sql`SELECT e.region, e.department, e.year,
       CAST((SELECT count(*) FROM reviewed_findings r WHERE r.open AND r.department = e.department
         AND coalesce(r.region, '') = coalesce(e.region, '') AND (r.year = e.year OR r.year IS NULL)) AS INTEGER) AS open
     FROM (SELECT DISTINCT region, department, year FROM evaluations) e
     WHERE ${w}
     ORDER BY e.region NULLS FIRST, e.department, e.year`;
  return engine.query<DepartmentYear & { open: number }>(q.sql, q.params);
}

/** A date as a notice writes it: 2024年5月10日 (zh), 10 May 2024 (en). */
export function noticeDate(d: Date, lang: Lang = 'zh'): string {
  return lang === 'zh'
    ? `${d.getFullYear()}年${d.getMonth() + 1}月${d.getDate()}日`
    : d.toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric' });
}

/** Days a department is given to correct its forms when the officer sets no date. */
export const DEFAULT_DAYS_TO_CORRECT = 15;

/** What a notice says when nothing was entered: today, corrections due in DEFAULT_DAYS_TO_CORRECT days, the region's 财政局. */
export function defaultNoticeSettings(region: string | null, now = new Date(), lang: Lang = 'zh'): NoticeSettings {
  const due = new Date(now.getTime() + DEFAULT_DAYS_TO_CORRECT * 86_400_000);
  return { bureau: `${region ?? ''}财政局`, date: noticeDate(now, lang), due: noticeDate(due, lang), reference: '' };
}
