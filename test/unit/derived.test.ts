// One definition per concept (src/analysis/derived/): the rules and the views read the same rows.
// Hand-made forms go through the real ingest (CSV files), then the analysis pass; for each concept a
// rule and a view are pinned to the same rows. Three cases are the disagreements the concepts were
// written to end: a full-marks form with a 其中 breakdown row (flagged by the rule, not counted in
// the department's 满分), a 三公 total written “三公”经费 (flagged, but missing from the trend), and a
// blank 二级 under a new 一级 (left blank by ingest, filled across the boundary by the rules' table and
// the form view).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyse } from '../../src/analysis/analyse';
import { readFindings } from '../../src/analysis/findings';
import { explainBoilerplate } from '../../src/analysis/boilerplate';
import { departmentSummary } from '../../src/analysis/queries/department';
import { formFindings, formIndicators } from '../../src/analysis/queries/form';
import { clusterForms, copiedClusters, rankedForms } from '../../src/analysis/queries/findings';
import { overviewKpis } from '../../src/analysis/queries/overview';
import { sangongByDepartment, sangongTrend } from '../../src/analysis/queries/sangong';
import type { Engine } from '../../src/db/engine';
import { openNodeEngine } from '../../src/db/node';
import { loadFiles } from '../../src/ingest/load';

type Cell = string | number | null;

const csvCell = (v: Cell) => (v == null ? '' : /[",\n]/.test(String(v)) ? `"${String(v).replaceAll('"', '""')}"` : String(v));
const csv = (header: string[], rows: Cell[][]) =>
  new TextEncoder().encode([header, ...rows].map((r) => r.map(csvCell).join(',')).join('\n') + '\n');

const EVAL_HEADER = ['评价编号', '年度', '地区', '预算部门', '评价类型', '项目名称', '年初预算数', '全年预算数', '全年执行数', '执行率分值', '执行率', '执行率得分', '总分'];
const IND_HEADER = ['评价编号', '一级指标', '二级指标', '三级指标', '年度指标值', '实际完成值', '分值', '得分', '偏差原因分析及改进措施'];
const SPEND_HEADER = ['年度', '地区', '预算部门', '项目', '上级项目', '上年决算数', '本年预算数', '本年决算数'];

const REGION = '测试县';
/** A project form at full execution (10 of 10), total 100. */
const form = (id: string, department: string, project: string): Cell[] => [id, 2023, REGION, department, '项目', project, 100, 100, 100, 10, '100%', 10, 100];

// Full marks: every scored row at its weight, plus a 其中 row with neither weight nor score.
const FULL = 'FM-1';
// Fill-down: three forms of one department, each with a 满意度 row (the same result on all three) and
// a row that starts a new 一级 with a blank 二级 (a different result on each).
const FILL = ['FD-1', 'FD-2', 'FD-3'];
// Indicator key: three forms of one department whose indicators are the same up to spaces and
// punctuation; their blank-三级 rows share a target, which is no indicator.
const COPY = ['CP-1', 'CP-2', 'CP-3'];

const evaluations: Cell[][] = [
  form(FULL, '满分局', '满分项目'),
  ...FILL.map((id, i) => form(id, '满意局', `满意项目${i}`)),
  ...COPY.map((id, i) => form(id, '照搬局', `照搬项目${i}`)),
];
const indicators: Cell[][] = [
  [FULL, '产出指标', '数量指标', '培训人次', '≥200人次', '230人次', 45, 45, null],
  [FULL, null, null, '其中：线上培训', '100人次', '120人次', null, null, null],
  [FULL, '效益指标', '社会效益指标', '服务质量提升', '有所提升', '明显提升', 45, 45, null],
  ...FILL.flatMap((id, i): Cell[][] => [
    [id, '满意度指标', '服务对象满意度指标', '群众满意度', '≥90%', '95%', 30, 30, null],
    [id, '效益指标', null, `社会效益${i}`, '有所提升', `提升${i + 1}成`, 30, 25 + i, '进度偏慢，下一步加快'],
    [id, null, '经济效益指标', `节约资金${i}`, `${i + 1}万元`, `${i + 1}万元`, 30, 30, null],
  ]),
  ...COPY.flatMap((id, i): Cell[][] => [
    [id, '产出指标', '数量指标', i === 0 ? '完成 检查次数' : '完成检查次数。', '≥12次', `${12 + i}次`, 30, 30, null],
    [id, null, '质量指标', '检查合格率', i === 1 ? '≥ 95%' : '≥95%', `${96 + i}%`, 30, 30, null],
    [id, null, '时效指标', `按时完成${i}`, '年底前', '未完成', 30, 20, '人员不足，明年增配'],
    [id, '效益指标', '社会效益指标', '-', '持续改善', '已改善', null, null, null],
  ]),
];
// The 三公 total as 附件1 tables write it, with quotes, above its budget (sangong-over-budget).
const spending: Cell[][] = [
  [2023, REGION, '三公局', '“三公”经费', null, '4', '3', '5'],
  [2023, REGION, '三公局', '1、公务用车购置和维护经费', '“三公”经费', '2', '2', '3'],
];

let engine: Engine;

beforeAll(async () => {
  engine = await openNodeEngine();
  const report = await loadFiles(engine, [
    { name: 'evaluations.csv', bytes: csv(EVAL_HEADER, evaluations), origin: 'own' },
    { name: 'indicators.csv', bytes: csv(IND_HEADER, indicators), origin: 'own' },
    { name: 'spending.csv', bytes: csv(SPEND_HEADER, spending), origin: 'own' },
  ]);
  expect(report.rejected).toEqual([]);
  await analyse(engine);
}, 120_000);
afterAll(async () => {
  await engine?.close();
});

const firing = async (rule: string) => (await readFindings(engine)).filter((f) => f.rule === rule);

describe('full_marks_forms', () => {
  it('is what the rule flags and what the KPIs and the departments summary count, a 其中 row or not', async () => {
    expect((await firing('full-marks')).map((f) => f.eval_id)).toEqual([FULL]);
    const [row] = await engine.query<{ forms: string[] }>(`SELECT list(eval_id ORDER BY eval_id) AS forms FROM full_marks_forms`);
    expect(row.forms).toEqual([FULL]);
    const summary = await departmentSummary(engine, { departments: ['满分局'] });
    expect(summary.map((s) => [s.forms, s.full_marks])).toEqual([[1, 1]]);
    expect((await overviewKpis(engine, { departments: ['满分局'] })).full_marks).toBe(1);
    expect((await overviewKpis(engine, {})).full_marks).toBe(1);
  });
});

describe('sangong_lines', () => {
  it('counts a total written “三公”经费 in the rules and in the trend alike', async () => {
    const rule = await firing('sangong-over-budget');
    expect(rule.map((f) => [f.department, f.year])).toEqual([['三公局', 2023]]);
    const [trend] = await sangongTrend(engine, { years: [2023] });
    expect(trend).toMatchObject({ year: 2023, departments: 1, prior_final: '4', budget: '3', final: '5', car_final: '3' });
    const rows = await sangongByDepartment(engine, {});
    expect(rows.map((r) => [r.department, r.year, r.final, r.change])).toEqual([['三公局', 2023, '5', '1']]);
    const lines = await engine.query<{ item: string; role: string }>(`SELECT item, role FROM sangong_lines ORDER BY role`);
    expect(lines).toEqual([
      { item: '1、公务用车购置和维护经费', role: 'car' },
      { item: '“三公”经费', role: 'total' },
    ]);
  });
});

describe('form_indicators', () => {
  it('leaves a blank 二级 under a new 一级 blank, as ingest does, for the rules and the form view', async () => {
    for (const id of FILL) {
      const view = await formIndicators(engine, id);
      expect(view.map((r) => [r.l1, r.l2])).toEqual([
        ['满意度指标', '服务对象满意度指标'],
        ['效益指标', null],
        ['效益指标', '经济效益指标'],
      ]);
      const rules = await engine.query<{ l1: string | null; l2: string | null }>(
        `SELECT l1, l2 FROM form_indicators WHERE eval_id = ? ORDER BY seq`,
        [id],
      );
      expect(rules).toEqual(view.map((r) => ({ l1: r.l1, l2: r.l2 })));
    }
    // The satisfaction rows are the first rows only: the same result on all three forms.
    const found = await firing('satisfaction-constant');
    expect(found.map((f) => f.department)).toEqual(['满意局']);
  });

  it('fills down within a 一级 group and marks breakdown rows', async () => {
    const rows = await engine.query<{ seq: number; l1: string; l2: string; is_sub: boolean }>(
      `SELECT seq, l1, l2, is_sub FROM form_indicators WHERE eval_id = ? ORDER BY seq`,
      [FULL],
    );
    expect(rows).toEqual([
      { seq: 1, l1: '产出指标', l2: '数量指标', is_sub: false },
      { seq: 2, l1: '产出指标', l2: '数量指标', is_sub: true },
      { seq: 3, l1: '效益指标', l2: '社会效益指标', is_sub: false },
    ]);
  });
});

describe('the indicator key', () => {
  it('groups the same indicators for the copied-indicators rule and the copied clusters', async () => {
    const rule = (await firing('copied-indicators')).map((f) => f.eval_id).sort();
    expect(rule).toEqual(COPY);
    const clusters = await copiedClusters(engine, { departments: ['照搬局'] }, 20, 1);
    // Two of the three indicators are one key each on all three forms; the blank-三级 rows are none.
    const shared = clusters.filter((c) => c.forms === 3);
    expect(shared.map((c) => c.level3).sort()).toEqual(['完成 检查次数', '检查合格率']);
    expect(clusters.some((c) => c.level3 === '-')).toBe(false);
    for (const c of shared) expect((await clusterForms(engine, {}, c.key)).map((f) => f.eval_id)).toEqual(COPY);
    const [{ keys }] = await engine.query<{ keys: number }>(
      `SELECT count(DISTINCT indicator_key)::INTEGER AS keys FROM form_indicators WHERE eval_id IN (?, ?, ?) AND NOT is_sub`,
      COPY,
    );
    expect(keys).toBe(2 + 3);
  });
});

describe('form_rule_hits', () => {
  it('is what the form view lists, what the ranking names and what the score counts', async () => {
    for (const id of [FULL, ...FILL, ...COPY]) {
      const listed = await formFindings(engine, id);
      const byRule = new Map<string, number>();
      for (const f of listed) byRule.set(f.rule, (byRule.get(f.rule) ?? 0) + 1);
      const [ranked] = await rankedForms(engine, { departments: [listed.length ? (await deptOf(id)) : '-'] }, {}, 100).then((rs) =>
        rs.filter((r) => r.eval_id === id),
      );
      if (listed.length) {
        expect(new Set(ranked.hits)).toEqual(new Set(byRule.keys()));
        expect(ranked.findings).toBe(listed.length);
      }
      const scored = await explainBoilerplate(engine, id);
      for (const h of scored) expect(h.findings).toBe(byRule.get(h.rule));
    }
    // satisfaction-constant is department-wide: it counts on each of the department's forms.
    for (const id of FILL) {
      expect((await formFindings(engine, id)).filter((f) => f.rule === 'satisfaction-constant').map((f) => f.scope)).toEqual(['department']);
    }
  });
});

async function deptOf(id: string): Promise<string> {
  const [{ d }] = await engine.query<{ d: string }>(`SELECT department AS d FROM evaluations WHERE eval_id = ?`, [id]);
  return d;
}
