// Which tables of a dataset each view of the app reads: what the page loads when the dataset opens,
// and what a view adds before its queries run. A view given fewer tables than its queries read would
// show too little without an error, so test/unit/dataset.test.ts runs the overview's queries on
// exactly OPEN_TABLES and compares them with the whole data.
import { PARTITIONED_TABLES, REPORT_TABLES, WHOLE_TABLES, type DatasetTable } from './manifest';

/** The app's views, as the URL names them (app/state/url.svelte.ts). */
type ViewName = 'data' | 'overview' | 'findings' | 'form' | 'department' | 'sangong' | 'execution' | 'sql' | 'notice' | 'compare';

/**
 * Loaded when the dataset opens: the load report, and the views' cache (analysis/queries/cache.ts)
 * the overview is drawn from — a row per form, department or group at most.
 */
export const OPEN_TABLES: readonly DatasetTable[] = [...REPORT_TABLES, 'form_facts', 'finding_groups', 'sangong_facts', 'filter_choices', 'department_scores'];

/** A row per form or department: every view but the overview lists or joins them whole. */
const PER_FORM: readonly DatasetTable[] = ['evaluations', 'form_scores', 'staffing'];
/** The indicator keys per form behind the findings view's copied-indicator clusters. */
const COPIED: readonly DatasetTable[] = ['copied_keys', 'copied_reps', 'copied_rows', 'copied_cells', 'copied_depts'];

/**
 * What each view adds: year-split tables for the filtered years, year-and-region-split ones for the
 * filtered years and regions, whole tables once. The form view also needs its form's indicator
 * partition, found from the form's year and region.
 */
export const VIEW_TABLES: Record<ViewName, readonly DatasetTable[]> = {
  data: [],
  overview: [],
  findings: [...PER_FORM, 'findings', ...COPIED],
  form: [...PER_FORM, 'findings'],
  department: [...PER_FORM, 'spending', 'findings'],
  sangong: [...PER_FORM, 'spending'],
  execution: PER_FORM,
  sql: [...PARTITIONED_TABLES, ...WHOLE_TABLES],
  // the review: a notice names each finding's cell and value (indicator rows, 附件1 lines); a comparison shows two forms' rows
  notice: [...PER_FORM, 'findings', 'indicators', 'spending'],
  compare: [...PER_FORM, 'findings', 'indicators'],
};
