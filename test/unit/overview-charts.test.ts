// The overview-chart queries on the real seed (worked out by hand) and on seed + sample (checked
// against the queries and tables they must agree with: execQuantiles, sangongTrend, department_scores).
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyse } from '../../src/analysis/analyse';
import { execQuantiles, execTotals } from '../../src/analysis/queries/execution';
import type { Filters } from '../../src/analysis/queries/filters';
import { filterOptions, flaggedForms, topBoilerplateDepartments } from '../../src/analysis/queries/overview';
import { sangongChange, sangongTrend } from '../../src/analysis/queries/sangong';
import type { Engine } from '../../src/db/engine';
import { openNodeEngine } from '../../src/db/node';
import { loadFiles, type InputFile } from '../../src/ingest/load';

const MLS = '中共汨罗市委机构编制委员会办公室';

function files(dir: string, ext: string, origin: 'real' | 'sample'): InputFile[] {
  const abs = path.resolve(__dirname, '../../data', dir);
  return fs.readdirSync(abs).filter((f) => f.endsWith(ext)).sort()
    .map((f) => ({ name: `${dir}/${f}`, bytes: new Uint8Array(fs.readFileSync(path.join(abs, f))), origin }));
}

let seed: Engine;
let all: Engine;

beforeAll(async () => {
  seed = await openNodeEngine();
  await loadFiles(seed, files('seed', '.csv', 'real'));
  await analyse(seed);
  all = await openNodeEngine();
  await loadFiles(all, [...files('seed', '.csv', 'real'), ...files('sample', '.parquet', 'sample')]);
  await analyse(all);
});
afterAll(async () => {
  await seed?.close();
  await all?.close();
});

describe('on the seed alone', () => {
  it('filterOptions: one year, one region, one kind', async () => {
    expect(await filterOptions(seed)).toEqual({ years: [2023], regions: ['汨罗市'], deptKinds: ['党委部门'] });
  });

  it('execTotals: six rated forms, all exactly 100%, none low', async () => {
    expect(await execTotals(seed, {})).toEqual({ forms: 6, rated: 6, exact100: 6, share_exact100: '1', low_executors: 0 });
    expect(await execTotals(seed, { years: [2022] })).toEqual({ forms: 0, rated: 0, exact100: 0, share_exact100: null, low_executors: 0 });
  });

  it('sangongChange: 2.02 against 2.7 the year before', async () => {
    expect(await sangongChange(seed, {})).toEqual([
      { year: 2023, final: '2.02', prior_final: '2.7', change: '-0.68', change_ratio: '-0.251852' },
    ]);
  });

  it('topBoilerplateDepartments: the one department, as department_scores has it', async () => {
    const [ds] = await seed.query<{ score: string; forms: number; max_score: number }>(
      `SELECT score, forms, max_score FROM department_scores WHERE year IS NULL`);
    expect(await topBoilerplateDepartments(seed, {})).toEqual([{ region: '汨罗市', department: MLS, ...ds, raw: expect.any(String) }]);
    expect(await topBoilerplateDepartments(seed, { deptKinds: ['乡镇街道'] })).toEqual([]);
  });

  it('flaggedForms: counts forms with a finding of the severity on the form', async () => {
    const ids = await seed.query<{ eval_id: string }>(`SELECT DISTINCT eval_id FROM findings WHERE severity = 'low' AND eval_id IS NOT NULL`);
    const low = await flaggedForms(seed, {}, 'low');
    expect(low.forms).toBe(6);
    expect(low.flagged).toBe(ids.length);
    const high = await flaggedForms(seed, { years: [1999] });
    expect(high).toEqual({ forms: 0, flagged: 0, share: null });
  });
});

describe('on seed + sample', () => {
  it('filterOptions lists what the filters can pick', async () => {
    const o = await filterOptions(all);
    expect(o.years).toEqual([2019, 2020, 2021, 2022, 2023, 2024]);
    expect(o.regions).toEqual(['汨罗市', '青溪县']);
    expect(o.deptKinds.length).toBeGreaterThan(1);
  });

  it('execTotals adds up execQuantiles per year', async () => {
    for (const filters of [{}, { years: [2021, 2022] }, { regions: ['青溪县'], deptKinds: ['政府部门'] }]) {
      const t = await execTotals(all, filters);
      const q = await execQuantiles(all, filters, 'year');
      const sum = (k: 'forms' | 'rated' | 'exact100' | 'low_executors') => q.reduce((s, r) => s + r[k], 0);
      expect(t).toMatchObject({ forms: sum('forms'), rated: sum('rated'), exact100: sum('exact100'), low_executors: sum('low_executors') });
    }
  });

  it('flaggedForms agrees with the findings and evaluations rows', async () => {
    const high = new Set((await all.query<{ eval_id: string }>(`SELECT eval_id FROM findings WHERE severity = 'high'`)).map((r) => r.eval_id));
    const forms = await all.query<{ eval_id: string }>(`SELECT eval_id FROM evaluations WHERE year = 2022`);
    const f = await flaggedForms(all, { years: [2022] });
    expect(f.forms).toBe(forms.length);
    expect(f.flagged).toBe(forms.filter((r) => high.has(r.eval_id)).length);
    expect(f.flagged).toBeGreaterThan(0);
  });

  it('topBoilerplateDepartments is department_scores, over all years or one year, ties broken by the uncapped score', async () => {
    type D = { region: string | null; department: string; forms: number; score: string; max_score: number };
    const cases: [Filters, string][] = [[{}, 'year IS NULL'], [{ years: [2023] }, 'year = 2023']];
    for (const [filters, year] of cases) {
      const top = await topBoilerplateDepartments(all, filters);
      expect(top).toHaveLength(10);
      const scores = await all.query<D>(`SELECT region, department, forms, score, max_score FROM department_scores WHERE ${year} ORDER BY score DESC`);
      // The same ten scores as department_scores' best, each row that department's own figures.
      expect(top.map((t) => t.score)).toEqual(scores.slice(0, 10).map((d) => d.score));
      for (const t of top) {
        expect(scores).toContainEqual({ region: t.region, department: t.department, forms: t.forms, score: t.score, max_score: t.max_score });
      }
      for (let i = 1; i < top.length; i++) {
        if (top[i].score === top[i - 1].score) expect(Number(top[i].raw)).toBeLessThanOrEqual(Number(top[i - 1].raw));
      }
    }
  });

  it('sangongChange has sangongTrend\'s totals', async () => {
    const trend = await sangongTrend(all, { regions: ['青溪县'] });
    const change = await sangongChange(all, { regions: ['青溪县'] });
    expect(change.map((r) => [r.year, r.final, r.prior_final])).toEqual(trend.map((r) => [r.year, r.final, r.prior_final]));
  });

  it('treats filter values as values', async () => {
    const bad = { departments: ["x') OR 1=1 --"], regions: ["'; DROP TABLE spending; --"] };
    expect(await topBoilerplateDepartments(all, bad)).toEqual([]);
    expect(await sangongChange(all, bad)).toEqual([]);
    expect((await flaggedForms(all, bad)).forms).toBe(0);
  });
});
