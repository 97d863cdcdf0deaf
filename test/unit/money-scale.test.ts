// Money of any real size (issue 10, class 3): a county's 52,000.5 万元, a province's 1,200,000 万元
// and 10¹² 万元 with 6 decimals go through the real ingest (CSV text → loadFiles), the whole rule
// catalogue and the dashboard queries, on DuckDB-WASM and native DuckDB alike, and come out exact.
// Every expected figure below is worked out by hand (or with decimal.js), never read from the engine.
import Decimal from 'decimal.js';
import fc from 'fast-check';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/db/engine';
import { openNativeEngine } from '../../src/db/native';
import { openNodeEngine } from '../../src/db/node';
import { clearAll, DATA_TABLES } from '../../src/db/schema';
import { analyse } from '../../src/analysis/analyse';
import { readFindings, type Finding } from '../../src/analysis/findings';
import { execQuantiles, execRateDistribution, lowExecutors } from '../../src/analysis/queries/execution';
import { overviewData, overviewKpis } from '../../src/analysis/queries/overview';
import { sangongByDepartment, sangongTrend } from '../../src/analysis/queries/sangong';
import { setViewCache } from '../../src/analysis/queries/cache-state';
import { RULES } from '../../src/analysis/rules/index';
import { defineRule } from '../../src/analysis/rules/rule';
import { sql } from '../../src/db/sql';
import { meanSql, pctOf, ratioSql } from '../../src/analysis/rules/sql';
import { loadFiles, type InputFile } from '../../src/ingest/load';
import { DatasetSession } from '../../src/dataset/load';
import { parseManifest, REPORT_TABLES } from '../../src/dataset/manifest';
import { writeDataset } from '../../src/dataset/write';
import { OPEN_TABLES } from '../../src/dataset/views';
import { datasetReader } from '../../src/node/sources';

const REGION = '某省';
const EVAL_HEADER = [
  '评价编号', '年度', '地区', '预算部门', '评价类型', '项目名称', '年初预算数', '全年预算数', '全年执行数', '执行率分值', '执行率',
  '执行率得分', '总分', '预期目标', '实际完成情况', '其中：当年财政拨款(全年)', '上年结转资金(全年)', '其他资金(全年)',
];
const INDICATOR_HEADER = ['评价编号', '一级指标', '二级指标', '三级指标', '年度指标值', '实际完成值', '分值', '得分', '偏差原因分析及改进措施'];
const SPENDING_HEADER = ['年度', '地区', '预算部门', '项目', '上级项目', '上年决算数', '本年预算数', '本年决算数'];

interface MoneyForm {
  id: string;
  department: string;
  project: string;
  initial: string;
  full: string;
  executed: string;
  /** As written on the form ('100%'), or '' (blank). */
  rate: string;
  score: string;
  /** 当年财政拨款 and 上年结转资金 of the 全年 column (其他资金 is 0). */
  appropriation: string;
  carryover: string;
}

/** [department, item, parent, prior_final, budget, final]; every line of 2023. */
type SpendingLine = [string, string, string, string, string, string];

const csv = (rows: string[][]) => rows.map((r) => r.map((c) => (/[",\n]/.test(c) ? `"${c.replaceAll('"', '""')}"` : c)).join(',')).join('\n') + '\n';
const file = (name: string, rows: string[][]): InputFile => ({ name, bytes: new TextEncoder().encode(csv(rows)), origin: 'own' });

/** Three indicators of 30 points each at full marks, named after the form so no two forms share one. */
function indicatorRows(f: MoneyForm): string[][] {
  return [
    [f.id, '产出指标', '数量指标', `${f.project}完成项目数`, '≥3个', '3个', '30', '30', ''],
    [f.id, '效益指标', '社会效益指标', `${f.project}受益人数`, '≥1000人', '1100人', '30', '30', ''],
    [f.id, '满意度指标', '服务对象满意度指标', `${f.project}群众满意度`, '≥90%', '95%', '30', '30', ''],
  ];
}

/** The forms and 附件1 lines as CSV files, as a department exports them. */
function files(forms: MoneyForm[], spending: SpendingLine[]): InputFile[] {
  return [
    file('money/evaluations.csv', [EVAL_HEADER, ...forms.map((f) => [
      f.id, '2023', REGION, f.department, '项目', f.project, f.initial, f.full, f.executed, '10', f.rate, f.score,
      new Decimal(f.score).plus(90).toFixed(), `${f.project}：完成年度建设任务`, `${f.project}：已完成年度建设任务，群众满意`,
      f.appropriation, f.carryover, '0',
    ])]),
    file('money/indicators.csv', [INDICATOR_HEADER, ...forms.flatMap(indicatorRows)]),
    file('money/spending.csv', [SPENDING_HEADER, ...spending.map(([d, item, parent, ...money]) => ['2023', REGION, d, item, parent, ...money])]),
  ];
}

const COUNTY = '县交通运输局';
const PROVINCE = '省财政厅';
const NATION = '国家发展部';
const NATION2 = '国家建设部';

const FORMS: MoneyForm[] = [
  // 26,000.25 of 52,000.5 is 50 %, not the 100 % claimed; 40,000 → 52,000.5 is +30.00125 %.
  { id: 'A-52000', department: COUNTY, project: '县道养护', initial: '40000', full: '52,000.5', executed: '26000.25', rate: '100%', score: '10', appropriation: '52000.5', carryover: '0' },
  // 1,300,000 of 1,200,000: overspent at 108.33 %, as claimed.
  { id: 'B-1200000', department: PROVINCE, project: '省级专项', initial: '1200000', full: '1,200,000', executed: '1300000', rate: '108.33%', score: '10', appropriation: '1000000', carryover: '200000' },
  // 10¹² less 10⁻⁶: just under 100 % (no rate written: the score is checked against executed ÷ budget);
  // the sources add up only exactly.
  { id: 'C-1e12', department: NATION, project: '国家专项', initial: '1000000000000', full: '1000000000000', executed: '999999999999.999999', rate: '', score: '10', appropriation: '999999999999.999999', carryover: '0.000001' },
  // 10¹² (the largest amount ingest takes) spent of 10¹² less 10⁻⁶: overspent by one millionth;
  // 6×10¹¹ → 10¹² is +66.67 %; 9 points for 100 %.
  { id: 'D-1e12', department: NATION2, project: '国家工程', initial: '600000000000', full: '999999999999.999999', executed: '1000000000000', rate: '', score: '9', appropriation: '999999999999.999999', carryover: '0.000001' },
];

const SG = '三公经费';
const SPENDING: SpendingLine[] = [
  [COUNTY, SG, '', '50000', '52000.5', '52000.500001'], // over budget by 10⁻⁶
  [COUNTY, '公务用车购置和维护经费', SG, '20000', '20000.5', '20000.5'],
  [COUNTY, '出国经费', SG, '10000', '12000', '12000'],
  [COUNTY, '公务接待', SG, '20000', '20000', '20000.000001'],
  [COUNTY, '县道养护', '项目支出', '', '52000.5', '26000.25'], // = the project form's executed
  [PROVINCE, SG, '', '1000000', '1200000', '1100000'],
  [PROVINCE, '公务用车购置和维护经费', SG, '600000', '700000', '650000'],
  [PROVINCE, '出国经费', SG, '100000', '200000', '150000'],
  [PROVINCE, '公务接待', SG, '300000', '300000', '300000'],
  [PROVINCE, '省级专项', '项目支出', '', '1200000', '1300000.000001'], // ≠ the form's 1,300,000 by 10⁻⁶
  [NATION, SG, '', '900000000000', '1000000000000', '1000000000000'],
  [NATION, '公务用车购置和维护经费', SG, '400000000000', '500000000000', '500000000000'],
  [NATION, '出国经费', SG, '250000000000', '250000000000', '250000000000'],
  [NATION, '公务接待', SG, '250000000000', '250000000000', '249999999999.999999'], // parts 10⁻⁶ short in 本年决算数
  [NATION2, SG, '', '0.000001', '0.000001', '1000000000000'], // grew 10¹⁸ − 1 times, 10²⁰ − 100 % over budget
];

/** The rules whose SQL does arithmetic on money: their findings on FORMS and SPENDING, all of them. */
const MONEY_RULES = ['exec-rate', 'exec-score', 'budget-adjusted', 'overspent', 'fund-subtotal', 'full-despite-shortfall', 'sangong-over-budget', 'sangong-parts', 'project-spending-mismatch'];
const EXPECTED: Pick<Finding, 'rule' | 'eval_id' | 'department' | 'item' | 'field' | 'detail'>[] = [
  { rule: 'exec-rate', eval_id: 'A-52000', department: COUNTY, item: null, field: 'exec_rate', detail: '执行率填报 100%，全年执行数 26000.25 ÷ 全年预算数 52000.5 = 50%' },
  { rule: 'exec-score', eval_id: 'D-1e12', department: NATION2, item: null, field: 'exec_score', detail: '执行率得分 9 ≠ min(执行率 100%, 100%) × 分值 10 = 10' },
  { rule: 'budget-adjusted', eval_id: 'A-52000', department: COUNTY, item: null, field: 'budget_full', detail: '年初预算数 40000 → 全年预算数 52000.5（+30%）' },
  { rule: 'budget-adjusted', eval_id: 'D-1e12', department: NATION2, item: null, field: 'budget_full', detail: '年初预算数 600000000000 → 全年预算数 999999999999.999999（+66.67%）' },
  { rule: 'overspent', eval_id: 'B-1200000', department: PROVINCE, item: null, field: 'executed', detail: '全年执行数 1300000 > 全年预算数 1200000（执行率 108.33%），表内无偏差说明' },
  { rule: 'overspent', eval_id: 'D-1e12', department: NATION2, item: null, field: 'executed', detail: '全年执行数 1000000000000 > 全年预算数 999999999999.999999（执行率 100%），表内无偏差说明' },
  { rule: 'fund-subtotal', eval_id: 'D-1e12', department: NATION2, item: null, field: 'budget_full', detail: '全年预算数：年度资金总额 999999999999.999999 ≠ 当年财政拨款 999999999999.999999 + 上年结转 0.000001 + 其他资金 0 = 1000000000000' },
  { rule: 'sangong-over-budget', eval_id: null, department: COUNTY, item: SG, field: 'final', detail: '三公经费 本年决算数 52000.500001 > 本年预算数 52000.5（超 0%）' },
  { rule: 'sangong-over-budget', eval_id: null, department: NATION2, item: SG, field: 'final', detail: '三公经费 本年决算数 1000000000000 > 本年预算数 0.000001（超 99999999999999999900%）' },
  { rule: 'sangong-parts', eval_id: null, department: NATION, item: SG, field: 'final', detail: '本年决算数：三公经费 1000000000000 ≠ 公务用车购置和维护 500000000000 + 出国 250000000000 + 公务接待 249999999999.999999 = 999999999999.999999' },
  { rule: 'project-spending-mismatch', eval_id: 'B-1200000', department: PROVINCE, item: '省级专项', field: 'final', detail: '附件1「省级专项」本年决算数 1300000.000001 ≠ 项目自评表全年执行数 1300000（B-1200000）' },
];

const pick = (f: Finding) => ({ rule: f.rule, eval_id: f.eval_id, department: f.department, item: f.item, field: f.field, detail: f.detail });
const ruleOrder = (id: string) => MONEY_RULES.indexOf(id);
const moneyFindings = (all: Finding[]) =>
  all.filter((f) => MONEY_RULES.includes(f.rule)).map(pick).sort((a, b) => ruleOrder(a.rule) - ruleOrder(b.rule) || (a.eval_id ?? a.department).localeCompare(b.eval_id ?? b.department));

/** Loads `forms` and `spending` through ingest and runs the analysis; fails the test on any rejected row. */
async function loadAndAnalyse(engine: Engine, forms: MoneyForm[], spending: SpendingLine[]) {
  const report = await loadFiles(engine, files(forms, spending));
  expect(report.rejected).toEqual([]);
  return analyse(engine);
}

/** Everything the views and the CLI read about money, as plain JSON. */
async function answers(engine: Engine) {
  return {
    findings: await readFindings(engine),
    kpis: await overviewKpis(engine, {}),
    distribution: (await execRateDistribution(engine, {})).filter((b) => b.count > 0),
    quantiles: await execQuantiles(engine, {}, 'year'),
    low: await lowExecutors(engine, {}),
    trend: await sangongTrend(engine, {}),
    sangong: await sangongByDepartment(engine, {}),
    evaluations: await engine.query(`SELECT * EXCLUDE (source_file, source_line) FROM evaluations ORDER BY eval_id`),
    spending: await engine.query(`SELECT * EXCLUDE (source_file, source_line) FROM spending ORDER BY department, item`),
  };
}

/** decimal.js rounds results to 20 significant digits by default; the sums here need up to 38. */
const Exact = Decimal.clone({ precision: 60 });
const sum = (xs: string[]) => xs.reduce((a, x) => a.plus(x), new Exact(0)).toFixed();
const plain = (x: string) => x.replaceAll(',', '');

describe.each([
  ['DuckDB-WASM', openNodeEngine],
  ['native DuckDB', () => openNativeEngine({ threads: 1 })],
] as const)('money of any real size on %s', (_name, open) => {
  let engine: Engine;
  let result: Awaited<ReturnType<typeof analyse>>;
  beforeAll(async () => {
    engine = await open();
    result = await loadAndAnalyse(engine, FORMS, SPENDING);
  }, 120_000);
  afterAll(() => engine?.close());

  it('runs every rule, and the money rules find exactly what the amounts say', async () => {
    expect(result.failedRules).toEqual([]);
    expect(moneyFindings(await readFindings(engine))).toEqual(EXPECTED);
  });

  it('keeps the amounts exact through ingest', async () => {
    const rows = await engine.query<{ eval_id: string; budget_full: string; executed: string }>(`SELECT eval_id, budget_full, executed FROM evaluations ORDER BY eval_id`);
    expect(rows).toEqual(FORMS.map((f) => ({ eval_id: f.id, budget_full: plain(f.full), executed: f.executed })));
  });

  it('sums budgets and execution exactly in the overview KPIs', async () => {
    const budget = sum(FORMS.map((f) => plain(f.full)));
    const executed = sum(FORMS.map((f) => f.executed));
    expect([budget, executed]).toEqual(['2000001252000.499999', '2000001326000.249999']);
    expect(await overviewKpis(engine, {})).toMatchObject({
      departments: 4, forms: 4, budget_full: budget, executed, project_budget_full: budget, project_executed: executed,
      exec_rate: new Decimal(executed).div(budget).toDecimalPlaces(6, Decimal.ROUND_HALF_UP).toFixed(),
    });
  });

  it('bins and lists execution rates exactly', async () => {
    const bins = (await execRateDistribution(engine, {})).filter((b) => b.count > 0).map((b) => [b.label, b.count]);
    // 999,999,999,999.999999 of 10¹² is below 100 %, however close.
    expect(bins).toEqual([['50–55%', 1], ['95–100%', 1], ['>100%', 2]]);
    expect((await lowExecutors(engine, {})).map((r) => [r.eval_id, r.budget_full, r.executed, r.rate])).toEqual([['A-52000', '52000.5', '26000.25', '0.5']]);
    expect(await execQuantiles(engine, {}, 'year')).toEqual([expect.objectContaining({ group: 2023, forms: 4, rated: 4, exact100: 0, low_executors: 1 })]);
  });

  it('sums the 三公 lines exactly, and their change', async () => {
    const totals = SPENDING.filter((l) => l[1] === SG);
    expect(await sangongTrend(engine, {})).toEqual([expect.objectContaining({
      year: 2023, departments: 4,
      prior_final: sum(totals.map((l) => l[3])), budget: sum(totals.map((l) => l[4])), final: sum(totals.map((l) => l[5])),
      car_final: sum(SPENDING.filter((l) => l[1] === '公务用车购置和维护经费').map((l) => l[5])),
    })]);
    const byDept = Object.fromEntries((await sangongByDepartment(engine, {})).map((r) => [r.department, [r.change, r.change_ratio]]));
    expect(byDept).toEqual({
      [COUNTY]: ['2000.500001', '0.04001'],
      [PROVINCE]: ['100000', '0.1'],
      [NATION]: ['100000000000', '0.111111'],
      [NATION2]: ['999999999999.999999', '999999999999999999'],
    });
  });
});

describe('money of any real size, engine against engine', () => {
  it('gives identical JSON on DuckDB-WASM and native DuckDB', async () => {
    const wasm = await openNodeEngine();
    const native = await openNativeEngine({ threads: 1 });
    try {
      await loadAndAnalyse(wasm, FORMS, SPENDING);
      await loadAndAnalyse(native, FORMS, SPENDING);
      expect(JSON.stringify(await answers(native))).toBe(JSON.stringify(await answers(wasm)));
    } finally {
      await wasm.close();
      await native.close();
    }
  }, 120_000);

  it('keeps 10¹² exact through a dataset: native DuckDB writes the Parquet, DuckDB-WASM reads it back through Arrow', async () => {
    const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'selfeval-money-')), 'dataset');
    const native = await openNativeEngine({ threads: 1 });
    const whole = await openNodeEngine();
    const opened = await openNodeEngine();
    try {
      await loadAndAnalyse(native, FORMS, SPENDING);
      const manifest = parseManifest(JSON.parse(JSON.stringify(await writeDataset(native, dir, []))));
      await new DatasetSession(manifest, whole, datasetReader(dir)).ensure([...DATA_TABLES, ...REPORT_TABLES]);
      expect((await analyse(whole)).failedRules).toEqual([]);
      expect(JSON.stringify(await answers(whole))).toBe(JSON.stringify(await answers(native)));
      // The overview drawn from the cached tables alone (form_facts carries the money) is the same.
      await new DatasetSession(manifest, opened, datasetReader(dir)).ensure(OPEN_TABLES);
      setViewCache(opened, manifest.viewCache!);
      expect(await overviewData(opened, {})).toEqual(await overviewData(whole, {}));
      expect((await overviewData(opened, {})).all).toMatchObject({ budget_full: '2000001252000.499999', executed: '2000001326000.249999' });
    } finally {
      await native.close();
      await whole.close();
      await opened.close();
      fs.rmSync(path.dirname(dir), { recursive: true, force: true });
    }
  }, 120_000);

  it('reads DECIMAL(38,6) money from a Parquet export, negative and 10¹² alike', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'selfeval-money-pq-'));
    const native = await openNativeEngine({ threads: 1 });
    const wasm = await openNodeEngine();
    try {
      const out = path.join(dir, 'spending.parquet').replaceAll("'", "''");
      await native.exec(`COPY (SELECT * FROM (VALUES
          (2023, '${REGION}', '${NATION}', '${SG}', CAST('-999999999999.999999' AS DECIMAL(38,6)), CAST('1000000000000' AS DECIMAL(38,6)), CAST('0.000001' AS DECIMAL(38,6))),
          (2023, '${REGION}', '${COUNTY}', '${SG}', CAST('52000.5' AS DECIMAL(38,6)), CAST('-0.000001' AS DECIMAL(38,6)), NULL)
        ) t(年度, 地区, 预算部门, 项目, 上年决算数, 本年预算数, 本年决算数)) TO '${out}' (FORMAT parquet)`);
      const report = await loadFiles(wasm, [{ name: 'money/spending.parquet', bytes: new Uint8Array(fs.readFileSync(path.join(dir, 'spending.parquet'))), origin: 'own' }]);
      expect(report.rejected).toEqual([]);
      expect(await wasm.query(`SELECT department, prior_final, budget, final FROM spending ORDER BY department`)).toEqual([
        { department: COUNTY, prior_final: '52000.5', budget: '-0.000001', final: null },
        { department: NATION, prior_final: '-999999999999.999999', budget: '1000000000000', final: '0.000001' },
      ]);
    } finally {
      await native.close();
      await wasm.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('every digit of a DECIMAL(38,·)', () => {
  it('comes out of DuckDB-WASM (Arrow DECIMAL128) as out of native DuckDB', async () => {
    const values = ['-12345678901234567890123456.123456', '99999999999999999999999999999999.999999', '-0.000001', '0', '20000000000000000000.5'];
    const sql = `SELECT ${values.map((v, i) => `CAST('${v}' AS DECIMAL(38,6)) AS v${i}`).join(', ')}, sum(x) AS s
      FROM (SELECT CAST('999999999999.999999' AS DECIMAL(38,6)) AS x FROM range(1000000))`;
    const wasm = await openNodeEngine();
    const native = await openNativeEngine({ threads: 1 });
    try {
      const want = { ...Object.fromEntries(values.map((v, i) => [`v${i}`, v])), s: '999999999999999999' };
      expect(await wasm.query(sql)).toEqual([want]);
      expect(await native.query(sql)).toEqual([want]);
    } finally {
      await wasm.close();
      await native.close();
    }
  }, 60_000);
});

describe('exact quotients', () => {
  it('divide 10¹²-sized amounts, products with 10 decimals and means without a DOUBLE', async () => {
    const engine = await openNodeEngine();
    try {
      const [row] = await engine.query<Record<string, string>>(`
        SELECT ${pctOf('x.e', 'x.b')} AS pct, ${ratioSql('(x.e - x.t) * 100', 'x.t', 2)} AS over,
          CAST(round((x.e - x.t) * 100 / x.t, 2) AS VARCHAR) AS over_double, ${ratioSql('x.e * x.w', 'x.b', 2, 10)} AS score
        FROM (SELECT CAST('1000000000000.000001' AS DECIMAL(38,6)) AS e, CAST('999999999999.999999' AS DECIMAL(38,6)) AS b,
                     CAST('0.000001' AS DECIMAL(38,6)) AS t, CAST('9.9999' AS DECIMAL(12,4)) AS w) x`);
      // 10¹² is 10²⁰ % of 10⁻⁶: DuckDB's DOUBLE quotient prints it as '1e+20'.
      expect(row).toEqual({ pct: '100%', over: '100000000000000000000', over_double: '1e+20', score: '10' });
      // 29 of 200 forms scoring 1: the mean is 0.145, which avg() (a DOUBLE) rounds to 0.14.
      const [m] = await engine.query<{ exact: string; dbl: number }>(
        `SELECT ${meanSql('x')} AS exact, round(avg(x), 2) AS dbl FROM (SELECT CASE WHEN i < 29 THEN 1 ELSE 0 END AS x FROM range(200) t(i))`,
      );
      expect(m).toEqual({ exact: '0.15', dbl: 0.14 });
    } finally {
      await engine.close();
    }
  }, 60_000);
});

describe('a rule that fails', () => {
  it('costs only its own findings, and is reported by name', async () => {
    const engine = await openNodeEngine();
    try {
      await loadFiles(engine, files(FORMS, SPENDING));
      const broken = defineRule({
        ...RULES[0], id: 'broken-rule', detail: { zh: '坏', en: 'bad' },
        query: () => sql`SELECT error('boom') AS eval_id, region, department, year, 'x' AS field FROM evaluations`,
      });
      const { failedRules } = await analyse(engine, {}, [...RULES.slice(0, 3), broken, ...RULES.slice(3)]);
      expect(failedRules).toEqual([{ rule: 'broken-rule', message: expect.stringContaining('boom') }]);
      expect(moneyFindings(await readFindings(engine))).toEqual(EXPECTED);
    } finally {
      await engine.close();
    }
  }, 60_000);
});

// ---------------------------------------------------------------------------------------------
// Any magnitude from 10⁻⁶ to 10¹² 万元

/** An amount of 1 to 19 significant digits with 6 decimals: 0.000001 … 1,000,000,000,000. */
const amount = fc
  .integer({ min: 1, max: 19 })
  .chain((digits) => fc.bigInt({ min: 10n ** BigInt(digits - 1), max: digits === 19 ? 10n ** 18n : 10n ** BigInt(digits) - 1n }))
  .map((unscaled) => new Decimal(unscaled.toString()).div(1e6).toFixed());

const formArb = fc.record({ initial: amount, full: amount, executed: amount });
const lineArb = fc.record({ prior: amount, budget: amount, final: amount });

describe('any amount from 10⁻⁶ to 10¹² 万元', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await openNodeEngine();
  });
  afterAll(() => engine?.close());

  it('never fails a rule, sums exactly, and finds overspending exactly', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(formArb, { minLength: 1, maxLength: 4 }), fc.array(lineArb, { minLength: 1, maxLength: 3 }), async (amounts, lines) => {
        await clearAll(engine);
        const forms: MoneyForm[] = amounts.map((a, i) => ({
          id: `F${i}`, department: `第${i}局`, project: `第${i}项目`, initial: a.initial, full: a.full, executed: a.executed,
          rate: '100%', score: '10', appropriation: a.full, carryover: '0',
        }));
        const spending: SpendingLine[] = lines.map((l, i) => [`第${i}局`, SG, '', l.prior, l.budget, l.final]);
        const { failedRules } = await loadAndAnalyse(engine, forms, spending);
        expect(failedRules).toEqual([]);
        const kpis = await overviewKpis(engine, {});
        expect([kpis.budget_full, kpis.executed]).toEqual([sum(amounts.map((a) => a.full)), sum(amounts.map((a) => a.executed))]);
        const [trend] = await sangongTrend(engine, {});
        expect([trend.prior_final, trend.budget, trend.final]).toEqual([sum(lines.map((l) => l.prior)), sum(lines.map((l) => l.budget)), sum(lines.map((l) => l.final))]);
        const findings = await readFindings(engine);
        const overspent = findings.filter((f) => f.rule === 'overspent').map((f) => f.eval_id);
        expect(overspent).toEqual(forms.filter((f) => new Decimal(f.executed).gt(f.full)).map((f) => f.id));
        const overBudget = findings.filter((f) => f.rule === 'sangong-over-budget').map((f) => f.department);
        expect(overBudget).toEqual(spending.filter((l) => new Decimal(l[5]).gt(l[4])).map((l) => l[0]));
      }),
      { numRuns: 20 },
    );
  }, 300_000);
});
