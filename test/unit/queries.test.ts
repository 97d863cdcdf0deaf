// The measures of analysis/queries on the real seed plus a small hand-made second region inserted
// with SQL: 测试局 (平江县) with low, over-100%, unrated and exactly-100% forms and a rising 三公经费,
// and 第三局 whose 三公经费 has no prior year. Every expected value is worked out by hand below.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/db/engine';
import { openNodeEngine } from '../../src/db/node';
import { loadFiles } from '../../src/ingest/load';
import fc from 'fast-check';
import { integerMeanSql, meanSql, ratioSql } from '../../src/analysis/rules/sql';
import { departmentSummary } from '../../src/analysis/queries/department';
import { execQuantiles, execRateDistribution, formsInRateBin, formsInRateBinCount, lowExecutors, rateBinOrd } from '../../src/analysis/queries/execution';
import { filterWhere, type Filters } from '../../src/analysis/queries/filters';
import { overviewKpis } from '../../src/analysis/queries/overview';
import { sangongByDepartment, sangongRisers, sangongTrend } from '../../src/analysis/queries/sangong';

const SEED = path.resolve(__dirname, '../../data/seed');
const MLS = '中共汨罗市委机构编制委员会办公室';
const T = '测试局';

let engine: Engine;

// eval_id, year, kind, project, budget_full, executed, exec_weight, exec_score, total_score
const FORMS: [string, number, string, string | null, string, string, string, string, string][] = [
  ['PJ-D23', 2023, '部门整体', null, '100', '85', '10', '8.5', '90'], // 85%: exactly on a bin edge, low
  ['PJ-P1', 2023, '项目', '甲项目', '20', '21', '10', '10', '100'], // 105%: over, full marks
  ['PJ-P2', 2023, '项目', '乙项目', '0', '3', '10', '10', '100'], // no rate (budget 0), full marks
  ['PJ-P3', 2023, '项目', '丙项目', '40', '18', '10', '4.5', '80'], // 45%: on a bin edge, low
  ['PJ-D22', 2022, '部门整体', null, '80', '80', '10', '10', '95'], // 100% but no indicators: not full marks
];
// eval_id, weight, score
const INDICATORS: [string, string, string][] = [
  ['PJ-D23', '50', '50'], ['PJ-D23', '40', '35'],
  ['PJ-P1', '60', '60'], ['PJ-P1', '30', '30'],
  ['PJ-P2', '90', '90'],
  ['PJ-P3', '90', '70'],
];
// year, department, item, parent, prior_final, budget, final
const SPENDING: [number, string, string, string | null, string | null, string | null, string | null][] = [
  [2023, T, '三公经费', null, '1.5', '2', '2.1'],
  [2023, T, '公务用车购置和维护经费', '三公经费', '0.5', '0.5', '0.6'],
  [2023, T, '出国经费', '三公经费', '0', '0', '0'],
  [2023, T, '公务接待', '三公经费', '1', '1.5', '1.5'],
  [2022, T, '三公经费', null, '0', '1', '1.5'],
  [2023, '第三局', '三公经费', null, null, '1', '3'],
];

beforeAll(async () => {
  engine = await openNodeEngine();
  const files = ['evaluations.csv', 'indicators.csv', 'spending.csv', 'staffing.csv'].map((name) => ({
    name: `seed/${name}`,
    bytes: new Uint8Array(fs.readFileSync(path.join(SEED, name))),
    origin: 'real' as const,
  }));
  const report = await loadFiles(engine, files);
  expect(report.rejected).toEqual([]);
  for (const [id, year, kind, project, full, executed, ew, es, total] of FORMS) {
    await engine.query(
      `INSERT INTO evaluations (eval_id, year, region, department, kind, project, budget_full, executed,
         exec_weight, exec_score, total_score, source_file) VALUES (?, ?, '平江县', ?, ?, ?, ?, ?, ?, ?, ?, 'test')`,
      [id, year, T, kind, project, full, executed, ew, es, total],
    );
  }
  let seq = 0;
  for (const [id, w, s] of INDICATORS) {
    await engine.query(`INSERT INTO indicators (eval_id, seq, level3, weight, score, source_file) VALUES (?, ?, 'x', ?, ?, 'test')`, [id, ++seq, w, s]);
  }
  for (const [year, dept, item, parent, prior, budget, final] of SPENDING) {
    await engine.query(
      `INSERT INTO spending (year, region, department, item, parent, prior_final, budget, final, source_file)
       VALUES (?, '平江县', ?, ?, ?, ?, ?, ?, 'test')`,
      [year, dept, item, parent, prior, budget, final],
    );
  }
});
afterAll(async () => {
  await engine?.close();
});

describe('filters', () => {
  it('is TRUE with nothing chosen, and one ? per chosen value otherwise (a year as an INTEGER)', () => {
    expect(filterWhere({})).toEqual({ sql: 'TRUE', params: [] });
    expect(filterWhere({ years: [], regions: [] })).toEqual({ sql: 'TRUE', params: [] });
    expect(filterWhere({ years: [2022, 2023], regions: ['汨罗市'], kinds: ['项目'], departments: ['a', 'b'] })).toEqual({
      sql: 'e.year IN (CAST(? AS INTEGER), CAST(? AS INTEGER)) AND e.region IN (?) AND e.kind IN (?) AND e.department IN (?, ?)',
      params: [2022, 2023, '汨罗市', '项目', 'a', 'b'],
    });
  });

  it('ignores kinds on spending, and refuses a bad alias or a non-integer year', () => {
    expect(filterWhere({ kinds: ['项目'], years: [2023] }, { alias: 's', hasKind: false })).toEqual({ sql: 's.year IN (CAST(? AS INTEGER))', params: [2023] });
    expect(() => filterWhere({}, { alias: 'e; DROP TABLE x' })).toThrow();
    expect(() => filterWhere({ years: [2023.5] })).toThrow();
  });

  it('reads the department kind from a column when the table has one (the view cache)', () => {
    expect(filterWhere({ deptKinds: ['党委部门'] })).toEqual({ sql: 'department_kind(e.department) IN (?)', params: ['党委部门'] });
    expect(filterWhere({ years: [2023], deptKinds: ['党委部门', '乡镇街道'] }, { alias: 'g', hasKind: false, deptKindColumn: 'dept_kind' })).toEqual({
      sql: 'g.year IN (CAST(? AS INTEGER)) AND g.dept_kind IN (?, ?)',
      params: [2023, '党委部门', '乡镇街道'],
    });
    expect(() => filterWhere({}, { deptKindColumn: 'x) OR (1' })).toThrow();
  });

  it('treats user text as a value, never as SQL', async () => {
    const k = await overviewKpis(engine, { departments: [`x') OR 1=1 --`, "'; DROP TABLE evaluations; --"] });
    expect(k.forms).toBe(0);
    expect((await overviewKpis(engine, {})).forms).toBe(11);
  });
});

describe('ratioSql', () => {
  it('divides exactly, rounding half away from zero, NULL on a zero or NULL side', async () => {
    const cases: [string, string, number, string | null][] = [
      ['-0.68', '2.7', 6, '-0.251852'],
      ['2', '3', 6, '0.666667'],
      ['-2', '3', 4, '-0.6667'],
      ['1', '8', 2, '0.13'],
      ['-1', '8', 2, '-0.13'],
      ['5', '2', 0, '3'],
      ['183.35', '183.35', 12, '1'],
      ['1', '0', 6, null],
    ];
    for (const [n, d, p, want] of cases) {
      const [row] = await engine.query<{ r: string | null }>(
        `SELECT ${ratioSql('x.n', 'x.d', p)} AS r FROM (SELECT CAST(? AS DECIMAL(18,6)) AS n, CAST(? AS DECIMAL(18,6)) AS d) x`,
        [n, d],
      );
      expect(row.r, `${n}/${d}`).toBe(want);
    }
    const [nul] = await engine.query<{ r: string | null }>(`SELECT ${ratioSql('NULL', '2')} AS r`);
    expect(nul.r).toBeNull();
    expect(() => ratioSql('?', 'x')).toThrow();
  });
});

describe('integerMeanSql', () => {
  // Groups of whole numbers (scores, and BIGINTs large enough to leave the BIGINT path), with NULLs
  // and all-NULL groups: the same text and type as meanSql, at every number of places.
  const value = fc.oneof(fc.integer({ min: -300, max: 300 }), fc.bigInt({ min: -(2n ** 62n), max: 2n ** 62n }), fc.constant(null));
  it('is meanSql, exactly, on either path', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(value, { maxLength: 6 }), { minLength: 1, maxLength: 8 }), fc.integer({ min: 0, max: 6 }), async (groups, places) => {
        const rows = groups.flatMap((g, i) => g.map((v) => `(${i}, ${v == null ? 'NULL' : `CAST('${v}' AS BIGINT)`})`));
        const [r] = await engine.query<{ same: boolean; fast: string | null; exact: string | null; types: string }>(`
          WITH t(g, x) AS (SELECT * FROM (VALUES (-1, CAST(NULL AS BIGINT))${rows.map((v) => `, ${v}`).join('')})),
          m AS (SELECT g, ${integerMeanSql('x', places).sql} AS fast, ${meanSql('x', places).sql} AS exact FROM t GROUP BY g)
          SELECT bool_and(fast IS NOT DISTINCT FROM exact) AS same, string_agg(DISTINCT typeof(fast) || '=' || typeof(exact), ' ') AS types,
            CAST(max(fast) AS VARCHAR) AS fast, CAST(max(exact) AS VARCHAR) AS exact FROM m`);
        expect(r.same, JSON.stringify({ groups: groups.map((g) => g.map(String)), places, r })).toBe(true);
        expect(r.types).toBe(`DECIMAL(38,${places})=DECIMAL(38,${places})`);
      }),
      { numRuns: 60 },
    );
  });

  it('rounds half away from zero, and is NULL with no values', async () => {
    const [r] = await engine.query<{ a: string; b: string; c: string | null; d: string }>(`
      SELECT (SELECT ${integerMeanSql('x').sql} FROM (VALUES (1), (2), (2), (2), (2), (2), (2), (2)) t(x)) AS a,
        (SELECT ${integerMeanSql('x').sql} FROM (VALUES (-1), (-2), (-2), (-2), (-2), (-2), (-2), (-2)) t(x)) AS b,
        (SELECT ${integerMeanSql('x').sql} FROM (VALUES (CAST(NULL AS INTEGER))) t(x)) AS c,
        (SELECT ${integerMeanSql('x', 0).sql} FROM (VALUES (1), (2)) t(x)) AS d`);
    expect(r).toEqual({ a: '1.88', b: '-1.88', c: null, d: '2' });
  });
});

describe('execution', () => {
  it('execRateDistribution: the seed is all exactly 100%', async () => {
    const bins = await execRateDistribution(engine, { regions: ['汨罗市'] });
    expect(bins).toHaveLength(1 + 20 + 3);
    expect(bins.filter((b) => b.count > 0)).toEqual([
      { year: null, ord: 20, bin: 'exact100', lo: '1', hi: '1', label: '100%', key: 'exact100', count: 6 },
    ]);
    expect(bins[1]).toMatchObject({ bin: 'range', lo: '0', hi: '0.05', label: '0–5%' });
    expect(bins[20]).toMatchObject({ bin: 'range', lo: '0.95', hi: '1', label: '95–100%', key: '95-100' });
  });

  it('the forms of a bin are the forms the histogram counts in it: every form in exactly one bin', async () => {
    const cases: [number | string, Filters][] = [[0.05, {}], ['0.25', { regions: ['平江县'] }], [0.125, { years: [2023] }]];
    for (const [width, filters] of cases) {
      const bins = await execRateDistribution(engine, filters, width);
      const seen: string[] = [];
      for (const b of bins) {
        expect(rateBinOrd(b.key, width), b.key).toBe(b.ord);
        expect(await formsInRateBinCount(engine, filters, b.key, width), b.key).toBe(b.count);
        const rows = await formsInRateBin(engine, filters, b.key, 0, 1000, width);
        expect(rows.length, b.key).toBe(b.count);
        seen.push(...rows.map((r) => r.eval_id));
      }
      const [{ n }] = await engine.query<{ n: number }>('SELECT CAST(count(*) AS INTEGER) AS n FROM evaluations');
      if (Object.keys(filters).length === 0) expect(seen.length).toBe(n);
      expect(new Set(seen).size).toBe(seen.length);
    }
    const over = await formsInRateBin(engine, {}, 'over100', 0, 10);
    expect(over.map((r) => [r.eval_id, r.rate])).toEqual([['PJ-P1', '1.05']]);
    // A window of the list: lowest rate first, forms without a rate last, pages that add up.
    const low = await formsInRateBin(engine, {}, '45-50', 0, 10);
    expect(low.map((r) => r.eval_id)).toEqual(['PJ-P3']);
    const all = await formsInRateBin(engine, {}, 'exact100', 0, 100);
    expect([...(await formsInRateBin(engine, {}, 'exact100', 0, 3)), ...(await formsInRateBin(engine, {}, 'exact100', 3, 100))]).toEqual(all);
    expect(() => rateBinOrd('95-105')).toThrow(/95-105/);
    expect(() => rateBinOrd('96-101')).toThrow();
    expect(() => rateBinOrd('100-105')).toThrow();
    expect(() => rateBinOrd('full')).toThrow();
    expect(rateBinOrd('12.5-25', 0.125)).toBe(1);
  });

  it('execRateDistribution: bin edges are exact (45% and 85% fall in 45–50% and 85–90%), nothing is lost', async () => {
    const bins = await execRateDistribution(engine, {}, 0.05);
    const nonzero = Object.fromEntries(bins.filter((b) => b.count > 0).map((b) => [b.label, b.count]));
    expect(nonzero).toEqual({ '45–50%': 1, '85–90%': 1, '100%': 7, '>100%': 1, '—': 1 });
    expect(bins.reduce((a, b) => a + b.count, 0)).toBe(11);
  });

  it('execRateDistribution: per year, with every bin present', async () => {
    const bins = await execRateDistribution(engine, { regions: ['平江县'] }, 0.25, true);
    expect(bins.map((b) => b.year)).toEqual([...Array(8).fill(2022), ...Array(8).fill(2023)]);
    const counts = (y: number) => bins.filter((b) => b.year === y).map((b) => [b.label, b.count]);
    expect(counts(2022)).toEqual([['<0%', 0], ['0–25%', 0], ['25–50%', 0], ['50–75%', 0], ['75–100%', 0], ['100%', 1], ['>100%', 0], ['—', 0]]);
    expect(counts(2023)).toEqual([['<0%', 0], ['0–25%', 0], ['25–50%', 1], ['50–75%', 0], ['75–100%', 1], ['100%', 0], ['>100%', 1], ['—', 1]]);
    await expect(execRateDistribution(engine, {}, 0.3)).rejects.toThrow();
  });

  it('execQuantiles by region', async () => {
    const rows = await execQuantiles(engine, {}, 'region');
    expect(rows).toEqual([
      {
        group: '平江县', forms: 5, rated: 4, // rates 0.45, 0.85, 1, 1.05
        p10: '0.57', p25: '0.75', median: '0.925', p75: '1.0125', p90: '1.035',
        exact100: 1, share_exact100: '0.25', full_marks: 2, share_full_marks: '0.4', low_executors: 2,
      },
      {
        group: '汨罗市', forms: 6, rated: 6, p10: '1', p25: '1', median: '1', p75: '1', p90: '1',
        exact100: 6, share_exact100: '1', full_marks: 6, share_full_marks: '1', low_executors: 0,
      },
    ]);
  });

  it('execQuantiles by year and by kind, with filters', async () => {
    const byYear = await execQuantiles(engine, {}, 'year');
    expect(byYear.map((r) => [r.group, r.forms, r.rated, r.median, r.full_marks])).toEqual([
      [2022, 1, 1, '1', 0],
      [2023, 10, 9, '1', 8],
    ]);
    const byKind = await execQuantiles(engine, { years: [2023], regions: ['平江县'] }, 'kind');
    expect(byKind.map((r) => [r.group, r.forms, r.rated, r.median, r.low_executors, r.share_exact100])).toEqual([
      ['部门整体', 1, 1, '0.85', 1, '0'],
      ['项目', 3, 2, '0.75', 1, '0'],
    ]);
    const stricter = await execQuantiles(engine, { regions: ['平江县'] }, 'region', 1);
    expect(stricter[0].low_executors).toBe(2);
    const looser = await execQuantiles(engine, { regions: ['平江县'] }, 'region', '1.1');
    expect(looser[0].low_executors).toBe(4);
  });

  it('execQuantiles by department kind (read from the name), and the department-kind filter', async () => {
    const byDeptKind = await execQuantiles(engine, {}, 'deptKind');
    expect(byDeptKind.map((r) => [r.group, r.forms, r.rated, r.median])).toEqual([
      ['政府部门', 5, 4, '0.925'],
      ['党委部门', 6, 6, '1'],
    ].sort((a, b) => String(a[0]).localeCompare(String(b[0]))));
    const party = await execQuantiles(engine, { deptKinds: ['党委部门'] }, 'region');
    expect(party.map((r) => [r.group, r.forms])).toEqual([['汨罗市', 6]]);
  });

  it('lowExecutors: below the threshold (strictly), lowest first', async () => {
    const rows = await lowExecutors(engine, {}, 0.9, 10);
    expect(rows.map((r) => [r.eval_id, r.rate, r.budget_full, r.executed, r.project])).toEqual([
      ['PJ-P3', '0.45', '40', '18', '丙项目'],
      ['PJ-D23', '0.85', '100', '85', null],
    ]);
    expect((await lowExecutors(engine, {}, 0.85, 10)).map((r) => r.eval_id)).toEqual(['PJ-P3']);
    expect((await lowExecutors(engine, {}, 0.9, 1)).map((r) => r.eval_id)).toEqual(['PJ-P3']);
    expect(await lowExecutors(engine, { regions: ['汨罗市'] }, 0.9, 10)).toEqual([]);
  });

  it('overviewKpis on the seed alone', async () => {
    expect(await overviewKpis(engine, { regions: ['汨罗市'] })).toEqual({
      departments: 1, forms: 6, budget_full: '221.35', executed: '221.35',
      dept_budget_full: '183.35', dept_executed: '183.35', project_budget_full: '38', project_executed: '38',
      exec_rate: '1', full_marks: 6, share_full_marks: '1',
    });
  });

  it('overviewKpis on everything and filtered', async () => {
    expect(await overviewKpis(engine, {})).toEqual({
      departments: 2, forms: 11,
      budget_full: '461.35', executed: '428.35', // 221.35 + 100 + 20 + 0 + 40 + 80; 221.35 + 85 + 21 + 3 + 18 + 80
      dept_budget_full: '363.35', dept_executed: '348.35',
      project_budget_full: '98', project_executed: '80',
      exec_rate: '0.921968', // 425.35 / 461.35: 乙项目 (budget 0) has no rate and stays out
      full_marks: 8, share_full_marks: '0.727273',
    });
    expect(await overviewKpis(engine, { regions: ['平江县'], kinds: ['项目'], years: [2023] })).toMatchObject({
      departments: 1, forms: 3, budget_full: '60', executed: '42', exec_rate: '0.65', full_marks: 2, share_full_marks: '0.666667',
    });
    expect(await overviewKpis(engine, { years: [2019] })).toMatchObject({
      departments: 0, forms: 0, budget_full: null, executed: null, exec_rate: null, full_marks: 0, share_full_marks: null,
    });
  });
});

describe('三公经费', () => {
  const seedRow = {
    year: 2023, region: '汨罗市', department: MLS,
    prior_final: '2.7', budget: '3.9', final: '2.02', change: '-0.68', change_ratio: '-0.251852',
    car_prior_final: '0', car_budget: '0', car_final: '0',
    abroad_prior_final: null, abroad_budget: null, abroad_final: null,
    reception_prior_final: '2.7', reception_budget: '3.9', reception_final: '2.02',
  };

  it('sangongByDepartment on the seed: 2.7 → 2.02, −0.68, −25.19%; blank 出国经费 stays NULL', async () => {
    expect(await sangongByDepartment(engine, { departments: [MLS] })).toEqual([seedRow]);
  });

  it('sangongByDepartment with the second region: a rise, a rise from 0, no prior year', async () => {
    const rows = await sangongByDepartment(engine, {});
    expect(rows.map((r) => [r.year, r.department, r.prior_final, r.final, r.change, r.change_ratio])).toEqual([
      [2022, T, '0', '1.5', '1.5', null],
      [2023, T, '1.5', '2.1', '0.6', '0.4'],
      [2023, '第三局', null, '3', null, null],
      [2023, MLS, '2.7', '2.02', '-0.68', '-0.251852'],
    ]);
    expect(rows[1]).toMatchObject({ car_final: '0.6', abroad_final: '0', reception_final: '1.5', reception_budget: '1.5' });
    expect(rows[0]).toMatchObject({ car_final: null, abroad_final: null, reception_final: null });
  });

  it('sangongTrend: per-year sums that keep NULL as not reported', async () => {
    expect(await sangongTrend(engine, {})).toEqual([
      {
        year: 2022, departments: 1, prior_final: '0', budget: '1', final: '1.5',
        car_prior_final: null, car_budget: null, car_final: null,
        abroad_prior_final: null, abroad_budget: null, abroad_final: null,
        reception_prior_final: null, reception_budget: null, reception_final: null,
      },
      {
        year: 2023, departments: 3, prior_final: '4.2', budget: '6.9', final: '7.12',
        car_prior_final: '0.5', car_budget: '0.5', car_final: '0.6',
        abroad_prior_final: '0', abroad_budget: '0', abroad_final: '0',
        reception_prior_final: '3.7', reception_budget: '5.4', reception_final: '3.52',
      },
    ]);
    const seedOnly = await sangongTrend(engine, { regions: ['汨罗市'], kinds: ['项目'] }); // kinds do not apply
    const { region, department, change, change_ratio, ...seedTotals } = seedRow;
    expect(seedOnly).toEqual([{ departments: 1, ...seedTotals }]);
  });

  it('sangongRisers: only rises, largest first; the seed fell', async () => {
    const rows = await sangongRisers(engine, {}, 10);
    expect(rows.map((r) => [r.year, r.department, r.change, r.change_ratio])).toEqual([
      [2022, T, '1.5', null],
      [2023, T, '0.6', '0.4'],
    ]);
    expect((await sangongRisers(engine, {}, 1)).map((r) => r.year)).toEqual([2022]);
    expect(await sangongRisers(engine, { years: [2023] }, 10)).toHaveLength(1);
    expect(await sangongRisers(engine, { regions: ['汨罗市'] }, 10)).toEqual([]);
  });
});

describe('departments', () => {
  it('departmentSummary per department and year', async () => {
    const rows = await departmentSummary(engine, {});
    expect(rows).toEqual([
      {
        year: 2022, region: '平江县', department: T, forms: 1, full_marks: 0, full_marks_share: '0',
        mean_total_score: '95', budget_full: '80', executed: '80', dept_budget_full: '80', dept_executed: '80',
        project_budget_full: null, project_executed: null, exec_rate: '1',
      },
      {
        year: 2023, region: '平江县', department: T, forms: 4, full_marks: 2, full_marks_share: '0.5',
        mean_total_score: '92.5', budget_full: '160', executed: '127', dept_budget_full: '100', dept_executed: '85',
        project_budget_full: '60', project_executed: '42', exec_rate: '0.775', // 124 / 160
      },
      {
        year: 2023, region: '汨罗市', department: MLS, forms: 6, full_marks: 6, full_marks_share: '1',
        mean_total_score: '100', budget_full: '221.35', executed: '221.35', dept_budget_full: '183.35',
        dept_executed: '183.35', project_budget_full: '38', project_executed: '38', exec_rate: '1',
      },
    ]);
  });

  it('departmentSummary follows the kind filter', async () => {
    const rows = await departmentSummary(engine, { kinds: ['部门整体'], years: [2023] });
    expect(rows.map((r) => [r.department, r.forms, r.budget_full, r.executed, r.exec_rate, r.mean_total_score])).toEqual([
      [T, 1, '100', '85', '0.85', '90'],
      [MLS, 1, '183.35', '183.35', '1', '100'],
    ]);
  });
});
