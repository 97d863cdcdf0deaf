// The one shape every anomaly rule shares (one file per rule, like Observable Plot's marks).
// A rule is data, and owns everything keyed by its id: how bad a hit is, what it means in both
// languages, the thresholds it reads (with their defaults and names), the points it adds to a form's
// boilerplate score, the cells of the 自评表 its findings point at, and one plain DuckDB query that
// returns its findings. The catalogue (./index.ts) derives the points table and the settings panel
// from the rules; the runner (../findings.ts) is the only code that executes them.
import type { SqlFragment } from '../../db/sql';
import type { Detail } from './detail';

export type Severity = 'high' | 'medium' | 'low' | 'info';

/** A threshold: its default and what it is called, in both languages (the settings panel's label). */
export interface NumberSetting {
  kind: 'number';
  default: number;
  zh: string;
  en: string;
}
/** A list of texts (placeholder words, vague phrases). Not on the settings panel; `--set` and links take them. */
export interface ListSetting {
  kind: 'list';
  default: readonly string[];
  zh: string;
  en: string;
}
export type Setting = NumberSetting | ListSetting;
export type SettingDefs = Readonly<Record<string, Setting>>;
type ValueOf<S> = S extends NumberSetting ? number : S extends ListSetting ? readonly string[] : never;
/** The values of settings `D`, by name. */
export type SettingValues<D extends SettingDefs> = { readonly [K in keyof D]: ValueOf<D[K]> };

export const numberSetting = (value: number, zh: string, en: string): NumberSetting => ({ kind: 'number', default: value, zh, en });
export const listSetting = (value: readonly string[], zh: string, en: string): ListSetting => ({ kind: 'list', default: Object.freeze([...value]), zh, en });

/**
 * The cells of the 自评表 outside its indicator rows: the header, the funds table, the goals and the
 * total row (`weight` is the total row's 分值, the sum of the indicator weights).
 */
export type FormCell =
  | 'project' | 'department' | 'region' | 'unit' | 'year' | 'eval_id' | 'report_score'
  | 'budget_initial' | 'budget_full' | 'executed' | 'exec_weight' | 'exec_rate' | 'exec_score'
  | `${'appropriation' | 'carryover' | 'other'}_${'initial' | 'full' | 'executed'}`
  | 'goal_target' | 'goal_actual' | 'weight' | 'total_score';
/**
 * Where a finding points on the 自评表, by its `field`: `row` — that cell of the indicator row the
 * finding names (`seq`, or each of `seqs`); `column` — that column of the indicator rows the finding
 * names (`seqs`: a form-wide finding about its indicators), the column itself when it names none; or
 * one form cell.
 */
export type CellAt = 'row' | 'column' | FormCell;

export interface Rule<D extends SettingDefs = SettingDefs> {
  /** e.g. 'weights-sum' — part of the CLI output, keep exactly. */
  id: string;
  severity: Severity;
  titleZh: string;
  titleEn: string;
  /** One paragraph: why it matters, the regulation or practice behind it. */
  whyZh: string;
  whyEn: string;
  /** The condition in words, with the thresholds in force: a template over the rule's settings. */
  conditionZh(s: SettingValues<D>): string;
  conditionEn(s: SettingValues<D>): string;
  /** What a finding points at. */
  target: 'form' | 'indicator' | 'department' | 'spending';
  /**
   * What one hit adds to a form's boilerplate score (../boilerplate.ts): template signals heavy,
   * arithmetic slips light, 0 for what is not about templates (附件1 money).
   */
  points: number;
  /** The thresholds the query reads, by name. A setting two rules share is one object (./shared.ts). */
  settings: D;
  /** Where on the 自评表 a finding points, for every `field` the query writes (spending lines: none). */
  cells: Readonly<Record<string, CellAt>>;
  /**
   * A finding's detail line in both languages: templates over named arguments (./detail.ts), which
   * the runner renders into `detail` and `detail_en`.
   */
  detail: Detail;
  /**
   * Plain DuckDB SQL of the findings, with the thresholds as parameters (sql`… ${s.name} …`). It
   * returns, by name, some of PLACE_COLUMNS — at least `field`; the runner fills the others with
   * NULL — and exactly the arguments of its `detail`.
   */
  query(s: SettingValues<D>): SqlFragment;
  /** The query's text, the same whatever the settings (their values travel as parameters). */
  readonly sql: string;
  /** What the department must correct, one sentence (the review notice says it under each finding). */
  fixZh: string;
  fixEn: string;
}

/** Where a finding is: the columns a rule's query returns of the `findings` table. */
export const PLACE_COLUMNS = ['eval_id', 'seq', 'region', 'department', 'year', 'item', 'field', 'seqs', 'related'] as const;
/** The columns of a finding, in this order (the `findings` table after rule and severity). */
export const FINDING_COLUMNS = [...PLACE_COLUMNS, 'detail', 'detail_en'] as const;
/** What every rule's query must return. */
export const REQUIRED_COLUMNS = ['field'] as const;

export interface Finding {
  rule: string;
  severity: Severity;
  /** The form (NULL for department-wide and 附件1 spending findings, except project-spending-mismatch: the project's form). */
  eval_id: string | null;
  /** The indicator row within the form (indicators.seq), else NULL. */
  seq: number | null;
  /**
   * The department's region (地区), NULL when the data has none. A department is identified by
   * (region, department): a province has a 财政局 in every county.
   */
  region: string | null;
  department: string;
  /** NULL for department-wide findings. */
  year: number | null;
  /** The 附件1 spending item, else NULL. */
  item: string | null;
  /** The cell or column at fault (e.g. 'total_score', 'weight', 'goal_target', 'final'). */
  field: string;
  /** A short explanation in Chinese with the values that triggered it. */
  detail: string;
  /** The same in English (the values taken from the data stay as they are). */
  detail_en: string;
  /**
   * The indicator rows (seq) a finding about several rows names — template indicators, copied rows,
   * unquantified targets — in order; NULL when it names one row (`seq`) or none.
   */
  seqs: number[] | null;
  /** The other forms (eval_id) the finding names — the year or forms it was copied from —, else NULL. */
  related: string[] | null;
}

/** Settings `D` at their defaults. */
export function defaultsOf<D extends SettingDefs>(defs: D): SettingValues<D> {
  return Object.fromEntries(Object.entries(defs).map(([k, d]) => [k, d.default])) as SettingValues<D>;
}

export function defineRule<D extends SettingDefs>(rule: Omit<Rule<D>, 'sql'>): Rule<D> {
  return { ...rule, sql: rule.query(defaultsOf(rule.settings)).sql };
}
