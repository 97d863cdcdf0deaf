// Shared helpers for the rule tests: one engine per test file, emptied between cases, and a clean
// 100-point form (8 indicators) that fires no rule, so each test states only what differs.
import path from 'node:path';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import Decimal from 'decimal.js';
import type { Engine } from '../../../src/db/engine';
import { openNodeEngine } from '../../../src/db/node';
import { clearAll } from '../../../src/db/schema';
import { runRules } from '../../../src/analysis/findings';
import { loadFiles } from '../../../src/ingest/load';
import { readInputFiles } from '../../../src/ingest/node';
import type { Finding } from '../../../src/analysis/rules/rule';
import type { RuleSettings } from '../../../src/analysis/settings';

type Cell = string | number | null;

export interface FormRow {
  eval_id: string;
  year: number;
  region?: string | null;
  department: string;
  kind: string;
  project: string | null;
  budget_initial: Cell;
  budget_full: Cell;
  executed: Cell;
  exec_weight: Cell;
  exec_rate: Cell;
  exec_score: Cell;
  total_score: Cell;
  goal_target: string | null;
  goal_actual: string | null;
  report_score: Cell;
  appropriation_initial?: Cell;
  appropriation_full?: Cell;
  appropriation_executed?: Cell;
  carryover_initial?: Cell;
  carryover_full?: Cell;
  carryover_executed?: Cell;
  other_initial?: Cell;
  other_full?: Cell;
  other_executed?: Cell;
}

export interface IndicatorRow {
  level1: string | null;
  level2: string | null;
  level3: string | null;
  target: string | null;
  actual: string | null;
  weight: Cell;
  score: Cell;
  deviation: string | null;
}

export interface Form {
  form: FormRow;
  indicators: IndicatorRow[];
}

export interface SpendingRow {
  year: number;
  region?: string | null;
  department: string;
  item: string;
  parent?: string | null;
  prior_final?: Cell;
  budget?: Cell;
  final?: Cell;
}

/** An indicator row as a form writes it (ingest reads the target and actual into measures). */
export function indicator(
  level1: string | null,
  level2: string | null,
  level3: string | null,
  target: string | null,
  actual: string | null,
  weight: Cell,
  score: Cell,
  deviation: string | null = null,
): IndicatorRow {
  return { level1, level2, level3, target, actual, weight, score, deviation };
}

/**
 * A careful form: weights 90 + execution 10 = 100; one indicator short of its target, with a
 * deduction and a real reason; total 98; quantified targets; money that adds up. `variant` (and the
 * year) change the actual values, so two clean forms are never copies of each other. No region unless
 * given (a region-less dataset must still work).
 */
export function cleanForm(
  o: { region?: string; department?: string; year?: number; project?: string | null; variant?: number } = {},
): Form {
  const region = o.region ?? null;
  const department = o.department ?? '测试局';
  const year = o.year ?? 2023;
  const project = o.project === undefined ? '培训项目' : o.project;
  const k = (o.variant ?? 0) + (year - 2023) * 7;
  const n = project ?? department;
  return {
    form: {
      eval_id: `${region ? `${region}/` : ''}${department}/${year}/${project ?? '部门整体'}`,
      year, region, department, kind: project ? '项目' : '部门整体', project,
      budget_initial: 100, budget_full: 100, executed: 100,
      exec_weight: 10, exec_rate: 1, exec_score: 10, total_score: 98,
      goal_target: `${n}：全年完成培训${200 + k}人次，验收合格率95%以上`,
      goal_actual: `${n}：全年完成培训${215 + k}人次，验收合格率97%，两个批次推迟至次年1月`,
      report_score: null,
      appropriation_initial: 100, appropriation_full: 100, appropriation_executed: 100,
      carryover_initial: 0, carryover_full: 0, carryover_executed: 0,
      other_initial: 0, other_full: 0, other_executed: 0,
    },
    indicators: [
      indicator('产出指标', '数量指标', `${n}培训人次`, `≥${200 + k}人次`, `${215 + k}人次`, 15, 15),
      indicator(null, '质量指标', `${n}验收合格率`, '≥95%', `${96 + (k % 4)}%`, 15, 15),
      indicator(null, '时效指标', `${n}按期完成率`, '100%', '90%', 10, 8, `两个批次因场地检修推迟至${year + 1}年1月，已调整排期`),
      indicator('成本指标', '经济成本指标', `${n}人均培训成本`, '≤500元/人次', `${480 - k}元/人次`, 10, 10),
      indicator('效益指标', '社会效益指标', `${n}学员考核通过率`, '≥90%', `${91 + (k % 5)}%`, 10, 10),
      indicator(null, '经济效益指标', `${n}节约外聘经费`, '≥5万元', `${5 + (k % 3) / 10}万元`, 10, 10),
      indicator(null, '可持续影响指标', `${n}出台制度文件数`, '≥4个', `${4 + (k % 2)}个`, 10, 10),
      indicator('满意度指标', '服务对象满意度指标', `${n}学员满意度`, '≥90%', `${92 + (k % 7)}%`, 10, 10),
    ],
  };
}

/** The same form at full marks (every indicator at its weight, no deviation note, total 100). */
export function fullMarks(f: Form): Form {
  for (const i of f.indicators) {
    i.score = i.weight;
    i.deviation = null;
    if (i.target === '100%') i.actual = '100%';
  }
  f.form.total_score = 100;
  return f;
}

/** A CSV cell: blank for NULL, text quoted; a rate (a ratio in the fixtures) written as people write it, 98.5%. */
function csvCell(column: string, v: unknown): string {
  if (v == null) return '';
  if (column === 'exec_rate') return `${new Decimal(String(v)).times(100).toFixed()}%`;
  return typeof v === 'number' ? String(v) : `"${String(v).replaceAll('"', '""')}"`;
}

function csv(rows: readonly Record<string, unknown>[], columns: readonly string[]): string {
  return [columns.join(','), ...rows.map((r) => columns.map((c) => csvCell(c, r[c])).join(','))].join('\n') + '\n';
}

const FORM_COLUMNS = [
  'eval_id', 'year', 'region', 'department', 'kind', 'project', 'budget_initial', 'budget_full', 'executed', 'exec_weight',
  'exec_rate', 'exec_score', 'total_score', 'goal_target', 'goal_actual', 'report_score',
  ...['appropriation', 'carryover', 'other'].flatMap((p) => ['initial', 'full', 'executed'].map((m) => `${p}_${m}`)),
];
const INDICATOR_COLUMNS = ['eval_id', 'level1', 'level2', 'level3', 'target', 'actual', 'weight', 'score', 'deviation'];
const SPENDING_COLUMNS = ['year', 'region', 'department', 'item', 'parent', 'prior_final', 'budget', 'final'];

let loads = 0;
/**
 * Loads the rows as CSV exports through the real ingest (reading, value checks, fill-down, measures
 * parsed from the targets), as the app and the CLI load them. Every row must load: a fixture that
 * ingest would reject is a broken test, not a finding.
 */
async function ingest(e: Engine, files: Record<string, string>): Promise<void> {
  const folder = `fixture-${++loads}`; // a file of a path already loaded would replace it
  const input = Object.entries(files).map(([name, text]) => ({ name: `${folder}/${name}`, bytes: new TextEncoder().encode(text), origin: 'own' as const }));
  const report = await loadFiles(e, input);
  if (report.rejected.length > 0) throw new Error(`fixture rows rejected: ${JSON.stringify(report.rejected)}`);
}

export async function insertForm(e: Engine, ...forms: Form[]): Promise<void> {
  const files: Record<string, string> = { 'evaluations.csv': csv(forms.map((f) => f.form as unknown as Record<string, unknown>), FORM_COLUMNS) };
  const rows = forms.flatMap((f) => f.indicators.map((i) => ({ ...i, eval_id: f.form.eval_id })));
  if (rows.length > 0) files['indicators.csv'] = csv(rows, INDICATOR_COLUMNS);
  await ingest(e, files);
}

export async function insertSpending(e: Engine, ...rows: SpendingRow[]): Promise<void> {
  await ingest(e, { 'spending.csv': csv(rows as unknown as Record<string, unknown>[], SPENDING_COLUMNS) });
}

/** One engine for the test file, emptied before every case. */
export function useEngine(): { readonly e: Engine } {
  let engine: Engine | undefined;
  beforeAll(async () => {
    engine = await openNodeEngine();
  });
  afterAll(async () => {
    await engine?.close();
  });
  beforeEach(async () => {
    await clearAll(engine!);
  });
  return {
    get e() {
      return engine!;
    },
  };
}

/** The findings of one rule. */
export function run(e: Engine, ruleId: string, settings?: Partial<RuleSettings>): Promise<Finding[]> {
  return runRules(e, settings, [ruleId]);
}

/** The real seed department (data/seed: 中共汨罗市委机构编制委员会办公室, 2023) and its forms' 评价编号. */
export const SEED_DIR = path.resolve(__dirname, '../../../data/seed');
export const SEED_DEPARTMENT = '中共汨罗市委机构编制委员会办公室';
export const SEED_DEPARTMENT_FORM = 'MLS-BB-2023-D00';
/** P01 编办专项, P02 吃空饷整治专项, P03 事业单位登记管理及分类改革, P04 网名管理经费, P05 优化政务环境、最多跑一次改革. */
export const SEED_PROJECT_FORMS = ['MLS-BB-2023-P01', 'MLS-BB-2023-P02', 'MLS-BB-2023-P03', 'MLS-BB-2023-P04', 'MLS-BB-2023-P05'];

/** Loads the real seed through the real ingest (the same files and code path as the app). */
export async function loadSeed(e: Engine): Promise<void> {
  const report = await loadFiles(e, readInputFiles([SEED_DIR], 'real'));
  if (report.rejected.length > 0) throw new Error(`seed rows rejected: ${JSON.stringify(report.rejected)}`);
}
