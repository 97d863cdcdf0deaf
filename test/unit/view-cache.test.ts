// The view cache (src/analysis/queries/cache.ts): each of its tables is a view over the base tables
// until analyse() replaces it with a table built from the same SELECT. Each table holds its view's
// rows, and every query, written once against the cache's names, answers the same from the tables and
// from the views — on the seed + sample, for every filter the views offer, plus hand-made edge cases:
// one department name under a NULL and a blank region (two departments to DISTINCT region,
// department; one to the rules' sameDepartment), a department-wide finding of it, and a 附件1 finding
// without a department.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyse } from '../../src/analysis/analyse';
import { buildViewCache, dropViewCache, VIEW_CACHE } from '../../src/analysis/queries/cache';
import { viewCache, VIEW_CACHE_TABLES } from '../../src/analysis/queries/cache-state';
import { departmentList, departmentNames, departmentSummary } from '../../src/analysis/queries/department';
import { execQuantiles, execRateDistribution, execTotals, lowExecutors } from '../../src/analysis/queries/execution';
import type { Filters } from '../../src/analysis/queries/filters';
import { filterOptions, flaggedForms, overviewKpis, topBoilerplateDepartments } from '../../src/analysis/queries/overview';
import { sangongByDepartment, sangongChange, sangongRisers, sangongTrend } from '../../src/analysis/queries/sangong';
import { clusterForms, copiedClusters, type FindingFilters, rankedDepartments, rankedForms, rankedFormsCount, rankedFormsWindow, ruleCatalogue } from '../../src/analysis/queries/findings';
import type { Engine } from '../../src/db/engine';
import { openNodeEngine } from '../../src/db/node';
import { loadFiles, type InputFile } from '../../src/ingest/load';

const MLS = '中共汨罗市委机构编制委员会办公室';
const T = '测试局';

function files(dir: string, ext: string, origin: 'real' | 'sample'): InputFile[] {
  const abs = path.resolve(__dirname, '../../data', dir);
  return fs.readdirSync(abs).filter((f) => f.endsWith(ext)).sort()
    .map((f) => ({ name: `${dir}/${f}`, bytes: new Uint8Array(fs.readFileSync(path.join(abs, f))), origin }));
}

let engine: Engine;
let sampleDept: string;

type Same = <T>(label: string, run: () => Promise<T>, compare?: (a: T, b: T, label: string) => void) => Promise<T>;

/**
 * Runs `body` with `same`, which answers each query from the cache's tables (and returns that
 * answer); then turns the cache into its views and asks every query again: the answers must be equal
 * (`compare`, toEqual by default). The tables are built again afterwards.
 */
async function fromTablesAndViews(body: (same: Same) => Promise<void>): Promise<void> {
  expect(viewCache(engine)).toBeDefined();
  const asked: { label: string; run: () => Promise<unknown>; value: unknown; compare?: (a: never, b: never, label: string) => void }[] = [];
  await body(async (label, run, compare) => {
    const value = await run();
    asked.push({ label, run, value, compare: compare as never });
    return value;
  });
  await dropViewCache(engine);
  try {
    for (const q of asked) {
      const again = await q.run();
      if (q.compare) q.compare(again as never, q.value as never, q.label);
      else expect(again, q.label).toEqual(q.value);
    }
  } finally {
    await buildViewCache(engine);
  }
}

/**
 * rankedDepartments lists a department once per findings group its name and region match: 测试局
 * with no region and with a blank one match each other's findings, so both of its rows come twice,
 * tied on every ORDER BY key. The order among tied rows is the engine's: compare the rows as a
 * multiset, and their order by the keys.
 */
function sameDepartments(a: Awaited<ReturnType<typeof rankedDepartments>>, b: typeof a, label: string): void {
  const key = (rows: typeof a) => rows.map((r) => [r.score, r.max_score, r.department, r.region]);
  const all = (rows: typeof a) => rows.map((r) => JSON.stringify(r)).sort();
  expect(key(a), label).toEqual(key(b));
  expect(all(a), label).toEqual(all(b));
}

beforeAll(async () => {
  engine = await openNodeEngine();
  await loadFiles(engine, [...files('seed', '.csv', 'real'), ...files('sample', '.parquet', 'sample')]);
  // 测试局 with no region and with a blank one; a shared indicator so that it has copied keys.
  const forms: [string, string | null, string, string | null, string, string][] = [
    ['VC-N1', null, '部门整体', null, '10', '9'],
    ['VC-E1', '', '项目', '甲项目', '5', '5'],
    ['VC-E2', '', '项目', '乙项目', '0', '1'],
  ];
  for (const [id, region, kind, project, full, executed] of forms) {
    await engine.query(
      `INSERT INTO evaluations (eval_id, year, region, department, kind, project, budget_full, executed, exec_weight, exec_score, source_file)
       VALUES (?, 2023, ?, ?, ?, ?, ?, ?, 10, 10, 'test')`,
      [id, region, T, kind, project, full, executed],
    );
    await engine.query(
      `INSERT INTO indicators (eval_id, seq, level1, level2, level3, target, actual, weight, score, source_file)
       VALUES (?, 1, '产出指标', '数量指标', '群众满意度', '≥90%', '95%', 90, 90, 'test')`,
      [id],
    );
  }
  for (const region of [null, '']) {
    await engine.query(
      `INSERT INTO spending (year, region, department, item, prior_final, budget, final, source_file)
       VALUES (2023, ?, ?, '三公经费', 1, 2, 3, 'test'), (2023, ?, ?, '公务接待', NULL, 1, 1, 'test')`,
      [region, T, region, T],
    );
  }
  await analyse(engine);
  await engine.query(
    `INSERT INTO findings (rule, severity, eval_id, seq, region, department, year, item, field, detail) VALUES
       ('satisfaction-constant', 'low', NULL, NULL, NULL, ?, 2023, NULL, 'actual', '手工'),
       ('sangong-parts', 'medium', NULL, NULL, '青溪县', NULL, 2023, '三公经费', 'final', '手工：无部门')`,
    [T],
  );
  await buildViewCache(engine);
  [{ d: sampleDept }] = await engine.query<{ d: string }>(`SELECT min(department) AS d FROM evaluations WHERE region = '青溪县'`);
});
afterAll(async () => {
  await engine?.close();
});

const FILTERS: Filters[] = [
  {},
  { years: [2023] },
  { years: [2021, 2022] },
  { regions: ['青溪县'] },
  { regions: ['汨罗市', '青溪县'], years: [2020] },
  { deptKinds: ['党委部门'] },
  { years: [2024], deptKinds: ['乡镇街道', '事业单位'] },
  { deptKinds: ['政府部门'] },
  { departments: [MLS] },
  { departments: [T] },
  { kinds: ['项目'] },
  { regions: ['青溪县'], years: [2020], kinds: ['部门整体'] },
  { years: [1999] },
];
const FINDING_FILTERS: FindingFilters[] = [
  {},
  { severity: 'high' },
  { rule: 'full-marks' },
  { rule: 'copied-indicators', severity: 'medium' },
  { rule: 'copied-indicators', severity: 'high' },
  { rule: 'satisfaction-constant' },
];

describe('the view cache', () => {
  it('is built by analyse() and holds every table it names', async () => {
    expect(viewCache(engine)).toMatchObject({ findingFormsExact: true });
    const tables = (await engine.query<{ t: string }>(`SELECT table_name AS t FROM duckdb_tables()`)).map((r) => r.t);
    expect(tables).toEqual(expect.arrayContaining([...VIEW_CACHE_TABLES]));
  });

  it('holds in each table the rows of its view', async () => {
    for (const name of VIEW_CACHE_TABLES) {
      const view = VIEW_CACHE.find((o) => o.name === name)!;
      const [{ n, missing, extra }] = await engine.query<{ n: number; missing: number; extra: number }>(
        `SELECT (SELECT count(*) FROM ${name})::INTEGER AS n,
           (SELECT count(*) FROM ((${view.sql}) EXCEPT ALL FROM ${name}))::INTEGER AS missing,
           (SELECT count(*) FROM (FROM ${name} EXCEPT ALL (${view.sql})))::INTEGER AS extra`,
      );
      expect({ name, missing, extra }).toEqual({ name, missing: 0, extra: 0 });
      expect(n, name).toBeGreaterThan(0);
    }
  });

  it('answers the overview, execution, department and 三公 queries from its tables as from its views', async () => fromTablesAndViews(async (same) => {
    expect(await same('filterOptions', () => filterOptions(engine))).toMatchObject({ years: [2019, 2020, 2021, 2022, 2023, 2024] });
    for (const f of FILTERS) {
      const l = JSON.stringify(f);
      await same(`overviewKpis ${l}`, () => overviewKpis(engine, f));
      await same(`overviewKpis 项目 ${l}`, () => overviewKpis(engine, { ...f, kinds: ['项目'] }));
      await same(`flaggedForms ${l}`, () => flaggedForms(engine, f));
      await same(`flaggedForms medium ${l}`, () => flaggedForms(engine, f, 'medium'));
      await same(`execRateDistribution ${l}`, () => execRateDistribution(engine, f));
      await same(`execRateDistribution 0.1 by year ${l}`, () => execRateDistribution(engine, f, '0.1', true));
      await same(`execRateDistribution 0.125 ${l}`, () => execRateDistribution(engine, f, 0.125));
      for (const g of ['year', 'region', 'kind', 'deptKind'] as const) await same(`execQuantiles ${g} ${l}`, () => execQuantiles(engine, f, g));
      await same(`execTotals ${l}`, () => execTotals(engine, f));
      await same(`lowExecutors ${l}`, () => lowExecutors(engine, f, 0.9, 500));
      await same(`departmentSummary ${l}`, () => departmentSummary(engine, f));
      await same(`sangongTrend ${l}`, () => sangongTrend(engine, f));
      await same(`sangongChange ${l}`, () => sangongChange(engine, f));
      await same(`sangongByDepartment ${l}`, () => sangongByDepartment(engine, f));
      await same(`sangongRisers ${l}`, () => sangongRisers(engine, f, 5));
      await same(`topBoilerplateDepartments ${l}`, () => topBoilerplateDepartments(engine, f, 10));
    }
    // the blank and the missing region are two departments here, and their 三公 lines one department
    expect((await overviewKpis(engine, { departments: [T] })).departments).toBe(2);
    expect((await sangongTrend(engine, { departments: [T] }))[0].departments).toBe(1);
  }), 600_000);

  it('answers the findings view\'s queries from its tables as from its views', async () => fromTablesAndViews(async (same) => {
    for (const [i, f] of FILTERS.entries()) {
      const l = JSON.stringify(f);
      // every finding filter under a few filters, no finding filter under the others
      for (const ff of i % 5 === 0 ? FINDING_FILTERS : [{}]) {
        const lf = `${l} ${JSON.stringify(ff)}`;
        await same(`rankedForms ${lf}`, () => rankedForms(engine, f, ff, 100));
        const total = await same(`rankedFormsCount ${lf}`, () => rankedFormsCount(engine, f, ff));
        for (const [offset, limit] of [[150, 50], [total - 3, 10], [total + 5, 10]]) {
          if (offset >= 0) await same(`rankedFormsWindow ${offset}/${limit} ${lf}`, () => rankedFormsWindow(engine, f, ff, offset, limit));
        }
        await same(`rankedDepartments ${lf}`, () => rankedDepartments(engine, f, ff), sameDepartments);
      }
      await same(`rankedForms none ${l}`, () => rankedForms(engine, f, {}, 0));
      await same(`ruleCatalogue ${l}`, () => ruleCatalogue(engine, f));
      const list = await same(`departmentList ${l}`, () => departmentList(engine, f));
      await same(`departmentList 局 ${l}`, () => departmentList(engine, f, '局'));
      expect(await same(`departmentNames ${l}`, () => departmentNames(engine, f))).toEqual([...new Set(list.map((d) => d.department))]);
      for (const [limit, min] of [[20, 2], [500, 1], [5, 40]]) {
        const clusters = await same(`copiedClusters ${limit}/${min} ${l}`, () => copiedClusters(engine, f, limit, min));
        for (const c of clusters.slice(0, 2)) await same(`clusterForms ${c.key} ${l}`, () => clusterForms(engine, f, c.key));
      }
    }
    expect(await same('clusterForms of no key', () => clusterForms(engine, {}, 'no such key'))).toEqual([]);
    await same('rankedForms of one sample department', () => rankedForms(engine, { departments: [sampleDept] }, {}, 100));
  }), 600_000);

  it('counts findings from `findings` when a form\'s findings of one rule disagree on its year', async () => {
    const [{ id }] = await engine.query<{ id: string }>(`SELECT min(eval_id) AS id FROM findings WHERE rule = 'full-marks'`);
    await engine.query(
      `INSERT INTO findings (rule, severity, eval_id, seq, region, department, year, item, field, detail)
       SELECT rule, severity, eval_id, seq, region, department, year - 1, item, field, '手工：年度不符' FROM findings
       WHERE rule = 'full-marks' AND eval_id = ? LIMIT 1`,
      [id],
    );
    try {
      await buildViewCache(engine);
      expect(viewCache(engine)).toMatchObject({ findingFormsExact: false });
      await fromTablesAndViews(async (same) => {
        for (const f of FILTERS) await same(`ruleCatalogue ${JSON.stringify(f)}`, () => ruleCatalogue(engine, f));
      });
      // A form counted once however many groups its findings fall in.
      const [full] = (await ruleCatalogue(engine, {})).filter((c) => c.rule.id === 'full-marks');
      const [{ forms }] = await engine.query<{ forms: number }>(`SELECT count(DISTINCT eval_id)::INTEGER AS forms FROM findings WHERE rule = 'full-marks'`);
      expect(full.forms).toBe(forms);
    } finally {
      await engine.query(`DELETE FROM findings WHERE detail = '手工：年度不符'`);
      await buildViewCache(engine);
    }
  });

  it('answers as well when the years span more than a bit mask holds', async () => {
    await engine.query(
      `INSERT INTO evaluations (eval_id, year, region, department, kind, budget_full, executed, source_file)
       VALUES ('VC-OLD', 1900, '青溪县', ?, '部门整体', 1, 1, 'test')`,
      [sampleDept],
    );
    await engine.query(
      `INSERT INTO indicators (eval_id, seq, level3, target, weight, score, source_file)
       SELECT 'VC-OLD', seq, level3, target, weight, score, 'test' FROM indicators
       WHERE eval_id = (SELECT min(eval_id) FROM evaluations WHERE department = ? AND year = 2023)`,
      [sampleDept],
    );
    try {
      await buildViewCache(engine);
      expect(viewCache(engine)).toMatchObject({ yearBase: 1900, yearSpan: 125 });
      await fromTablesAndViews(async (same) => {
        for (const f of [{}, { years: [1900, 2023] }, { years: [2021, 2022], deptKinds: ['政府部门'] }, { regions: ['青溪县'] }]) {
          const l = JSON.stringify(f);
          await same(`rankedDepartments ${l}`, () => rankedDepartments(engine, f), sameDepartments);
          const list = await same(`departmentList ${l}`, () => departmentList(engine, f));
          if (!('years' in f)) expect(list.find((d) => d.department === sampleDept && d.region === '青溪县')?.years).toContain(1900);
          await same(`copiedClusters ${l}`, () => copiedClusters(engine, f, 20));
        }
      });
    } finally {
      await engine.query(`DELETE FROM indicators WHERE eval_id = 'VC-OLD'`);
      await engine.query(`DELETE FROM evaluations WHERE eval_id = 'VC-OLD'`);
      await buildViewCache(engine);
    }
  });

  it('is its views once dropped, which answer as its tables did', async () => {
    const f = { regions: ['青溪县'], years: [2023] };
    const cached = await rankedDepartments(engine, f);
    await dropViewCache(engine);
    expect(viewCache(engine)).toBeUndefined();
    const tables = (await engine.query<{ t: string }>(`SELECT table_name AS t FROM duckdb_tables()`)).map((r) => r.t);
    expect(tables.filter((t) => (VIEW_CACHE_TABLES as readonly string[]).includes(t))).toEqual([]);
    const views = (await engine.query<{ t: string }>(`SELECT view_name AS t FROM duckdb_views()`)).map((r) => r.t);
    expect(views).toEqual(expect.arrayContaining([...VIEW_CACHE_TABLES]));
    expect(await rankedDepartments(engine, f)).toEqual(cached);
    await buildViewCache(engine);
    expect(await rankedDepartments(engine, f)).toEqual(cached);
  });
});
