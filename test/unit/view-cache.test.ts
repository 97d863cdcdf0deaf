// The view cache (src/analysis/queries/cache.ts): analyse() builds it, and every query that reads it
// answers exactly as the same query over the base tables does — on the seed + sample, for every
// filter the views offer, plus hand-made edge cases: one department name under a NULL and a blank
// region (two departments to DISTINCT region, department; one to the rules' sameDepartment), a
// department-wide finding of it, and a 附件1 finding without a department.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyse } from '../../src/analysis/analyse';
import { buildViewCache, dropViewCache } from '../../src/analysis/queries/cache';
import { setViewCache, viewCache, VIEW_CACHE_TABLES } from '../../src/analysis/queries/cache-state';
import { departmentSummary } from '../../src/analysis/queries/departments';
import { execQuantiles, execRateDistribution, lowExecutors, overviewKpis } from '../../src/analysis/queries/execution';
import type { Filters } from '../../src/analysis/queries/filters';
import {
  clusterForms, copiedClusters, departmentList, departmentNames, rankedDepartments, rankedForms, ruleCatalogue,
  type FindingFilters,
} from '../../src/analysis/queries/findings-views';
import {
  execTotals, filterOptions, flaggedForms, sangongChange, topBoilerplateDepartments,
} from '../../src/analysis/queries/overview-charts';
import { sangongByDepartment, sangongRisers, sangongTrend } from '../../src/analysis/queries/sangong';
import { rankedFormsCount, rankedFormsWindow } from '../../src/analysis/queries/windows';
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

/** `run` answered from the view cache, then from the base tables (the cache set aside meanwhile). */
async function both<T>(run: () => Promise<T>): Promise<[T, T]> {
  const cache = viewCache(engine);
  expect(cache).toBeDefined();
  const cached = await run();
  setViewCache(engine, undefined);
  try {
    return [cached, await run()];
  } finally {
    setViewCache(engine, cache);
  }
}

async function same<T>(label: string, run: () => Promise<T>): Promise<T> {
  const [cached, plain] = await both(run);
  expect(cached, label).toEqual(plain);
  return cached;
}

/**
 * rankedDepartments lists a department once per findings group its name and region match: 测试局
 * with no region and with a blank one match each other's findings, so both of its rows come twice,
 * tied on every ORDER BY key. The order among tied rows is the engine's: compare the rows as a
 * multiset, and their order by the keys.
 */
async function sameDepartments(label: string, run: () => ReturnType<typeof rankedDepartments>): Promise<void> {
  const [cached, plain] = await both(run);
  const key = (rows: typeof cached) => rows.map((r) => [r.score, r.max_score, r.department, r.region]);
  const all = (rows: typeof cached) => rows.map((r) => JSON.stringify(r)).sort();
  expect(key(cached), label).toEqual(key(plain));
  expect(all(cached), label).toEqual(all(plain));
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

  it('answers the overview, execution, department and 三公 queries as the base tables do', async () => {
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
  });

  it('answers the findings view\'s queries as the base tables do', async () => {
    for (const [i, f] of FILTERS.entries()) {
      const l = JSON.stringify(f);
      // every finding filter under a few filters, no finding filter under the others
      for (const ff of i % 4 === 0 ? FINDING_FILTERS : [{}]) {
        const lf = `${l} ${JSON.stringify(ff)}`;
        await same(`rankedForms ${lf}`, () => rankedForms(engine, f, ff, 100));
        await same(`rankedForms all ${lf}`, () => rankedForms(engine, f, ff, 100_000));
        const total = await same(`rankedFormsCount ${lf}`, () => rankedFormsCount(engine, f, ff));
        for (const [offset, limit] of [[0, 200], [150, 50], [total - 3, 10], [total + 5, 10]]) {
          if (offset >= 0) await same(`rankedFormsWindow ${offset}/${limit} ${lf}`, () => rankedFormsWindow(engine, f, ff, offset, limit));
        }
        await sameDepartments(`rankedDepartments ${lf}`, () => rankedDepartments(engine, f, ff));
      }
      await same(`rankedForms none ${l}`, () => rankedForms(engine, f, {}, 0));
      await same(`ruleCatalogue ${l}`, () => ruleCatalogue(engine, f));
      const list = await same(`departmentList ${l}`, () => departmentList(engine, f));
      await same(`departmentList 局 ${l}`, () => departmentList(engine, f, '局'));
      expect(await same(`departmentNames ${l}`, () => departmentNames(engine, f))).toEqual([...new Set(list.map((d) => d.department))]);
      for (const [limit, min] of [[20, 2], [3, 2], [500, 1], [10, 0], [0, 2], [5, 40]]) {
        const clusters = await same(`copiedClusters ${limit}/${min} ${l}`, () => copiedClusters(engine, f, limit, min));
        for (const c of clusters.slice(0, 2)) await same(`clusterForms ${c.key} ${l}`, () => clusterForms(engine, f, c.key));
      }
    }
    await same('clusterForms of a blank 三级指标', () => clusterForms(engine, {}, '|90%'));
    await same('clusterForms of no key', () => clusterForms(engine, {}, 'no such key'));
    await same('rankedForms of one sample department', () => rankedForms(engine, { departments: [sampleDept] }, {}, 100));
  });

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
      for (const f of FILTERS) await same(`ruleCatalogue ${JSON.stringify(f)}`, () => ruleCatalogue(engine, f));
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
      for (const f of [{}, { years: [1900, 2023] }, { years: [2021, 2022], deptKinds: ['政府部门'] }, { regions: ['青溪县'] }]) {
        const l = JSON.stringify(f);
        await sameDepartments(`rankedDepartments ${l}`, () => rankedDepartments(engine, f));
        await same(`departmentList ${l}`, () => departmentList(engine, f));
        await same(`copiedClusters ${l}`, () => copiedClusters(engine, f, 20));
      }
    } finally {
      await engine.query(`DELETE FROM indicators WHERE eval_id = 'VC-OLD'`);
      await engine.query(`DELETE FROM evaluations WHERE eval_id = 'VC-OLD'`);
      await buildViewCache(engine);
    }
  });

  it('reads the base tables once dropped, or when one of its tables has gone', async () => {
    const f = { regions: ['青溪县'], years: [2023] };
    const cached = await rankedDepartments(engine, f);
    await engine.exec('DROP TABLE form_facts');
    expect(await rankedDepartments(engine, f)).toEqual(cached);
    expect(viewCache(engine)).toBeUndefined();
    await buildViewCache(engine);
    await dropViewCache(engine);
    expect(viewCache(engine)).toBeUndefined();
    const tables = (await engine.query<{ t: string }>(`SELECT table_name AS t FROM duckdb_tables()`)).map((r) => r.t);
    expect(tables.filter((t) => (VIEW_CACHE_TABLES as readonly string[]).includes(t))).toEqual([]);
    expect(await rankedDepartments(engine, f)).toEqual(cached);
    await buildViewCache(engine);
    expect(await rankedDepartments(engine, f)).toEqual(cached);
  });
});
