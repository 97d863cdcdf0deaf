// The sample-data generator: determinism, carried-over spending, ground truth that matches the
// data exactly (every listed fault fires, nothing unlisted does), behaviours, GBK, --rows.
import Decimal from 'decimal.js';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generate, plan, ROWS_PER_COUNTY_YEAR, type Options } from '../../src/generate/generate';
import { PLACEHOLDERS } from '../../src/generate/faults';
import { initParquet } from '../../src/generate/writers';
import { readParquet } from 'parquet-wasm/esm';
import { tableFromIPC } from 'apache-arrow';
import { openNodeEngine } from '../../src/db/node';
import { loadFiles } from '../../src/ingest/load';

type Rec = Record<string, string>;

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gen-test-'));
const dir = (name: string) => path.join(tmp, name);
// GEN_TEST_SEED lets a sweep over many seeds reuse these checks.
const base: Options = { scale: 'county', seed: Number(process.env.GEN_TEST_SEED ?? 7), format: 'csv', encoding: 'utf8', out: '', headers: 'en' };

function readCsv(file: string): Rec[] {
  const parsed = Papa.parse<Rec>(fs.readFileSync(file, 'utf8'), { header: true, skipEmptyLines: true });
  expect(parsed.errors).toEqual([]);
  return parsed.data;
}

const dec = (s: string | undefined) => new Decimal(s && s.trim() !== '' ? s : 0);
const blank = (s: string | undefined) => s === undefined || s.trim() === '';
const rate = (s: string) => (s.endsWith('%') ? new Decimal(s.slice(0, -1)).div(100) : new Decimal(s));

interface Data {
  evaluations: Rec[];
  indicators: Rec[];
  spending: Rec[];
  staffing: Rec[];
  truth: Rec[];
  departments: Rec[];
}

function load(out: string): Data {
  const r = (t: string) => readCsv(path.join(out, `${t}.csv`));
  return { evaluations: r('evaluations'), indicators: r('indicators'), spending: r('spending'), staffing: r('staffing'), truth: r('truth'), departments: r('departments') };
}

/** Every fault condition, recomputed from the rows with exact decimals: "fault|eval_id" or "fault|dept|year|item". */
function findFaults(d: Data): Set<string> {
  const found = new Set<string>();
  const byEval = new Map<string, Rec[]>();
  for (const i of d.indicators) {
    if (!byEval.has(i.eval_id)) byEval.set(i.eval_id, []);
    byEval.get(i.eval_id)!.push(i);
  }
  const signature = new Map<string, string>();
  for (const e of d.evaluations) {
    const rows = byEval.get(e.eval_id) ?? [];
    const hit = (fault: string) => found.add(`${fault}|${e.eval_id}`);
    const weights = rows.reduce((s, r) => s.plus(dec(r.weight)), new Decimal(0));
    const scores = rows.reduce((s, r) => s.plus(dec(r.score)), new Decimal(0));
    if (weights.plus(dec(e.exec_weight)).minus(100).abs().gt(0.01)) hit('weights-sum');
    if (dec(e.total_score).minus(dec(e.exec_score).plus(scores)).abs().gt(0.1)) hit('total-sum');
    if (rows.some((r) => dec(r.score).gt(dec(r.weight)) || dec(r.score).lt(0))) hit('score-bounds');
    const expected = Decimal.min(rate(e.exec_rate), 1).times(dec(e.exec_weight));
    if (dec(e.exec_score).minus(expected).abs().gt(0.1)) hit('exec-score');
    if (!blank(e.report_score) && !dec(e.report_score).eq(dec(e.total_score))) hit('report-mismatch');
    if (blank(e.goal_target) || blank(e.goal_actual)) hit('goal-missing');
    if (rows.some((r) => dec(r.score).lt(dec(r.weight)) && PLACEHOLDERS.includes((r.deviation ?? '').trim()))) hit('deduction-no-reason');
    if (e.kind === '项目') {
      const cols = [['budget_initial', 'initial'], ['budget_full', 'full'], ['executed', 'executed']];
      const given = cols.some(([, c]) => ['appropriation', 'carryover', 'other'].some((p) => !blank(e[`${p}_${c}`])));
      if (given && cols.some(([t, c]) => !dec(e[t]).eq(dec(e[`appropriation_${c}`]).plus(dec(e[`carryover_${c}`])).plus(dec(e[`other_${c}`]))))) hit('fund-subtotal');
      signature.set(`${e.region}|${e.department}|${e.project}|${e.year}`, rows.map((r) => `${r.level3}\t${r.target}\t${r.actual}`).join('\n'));
    }
  }
  for (const e of d.evaluations) {
    if (e.kind !== '项目') continue;
    const now = signature.get(`${e.region}|${e.department}|${e.project}|${e.year}`);
    const before = signature.get(`${e.region}|${e.department}|${e.project}|${Number(e.year) - 1}`);
    if (before !== undefined && now === before) found.add(`year-copy|${e.eval_id}`);
  }
  const lines = new Map<string, Map<string, Rec>>();
  for (const s of d.spending) {
    const k = `${s.region}|${s.department}|${s.year}`;
    if (!lines.has(k)) lines.set(k, new Map());
    lines.get(k)!.set(s.item, s);
  }
  for (const [k, items] of lines) {
    for (const col of ['prior_final', 'budget', 'final']) {
      const v = (item: string) => items.get(item)?.[col];
      if (blank(v('三公经费'))) continue;
      const total = dec(v('三公经费'));
      const car = dec(v('公务用车购置和维护经费'));
      if (!total.eq(car.plus(dec(v('出国经费'))).plus(dec(v('公务接待')))) || !car.eq(dec(v('公车购置')).plus(dec(v('公车运行维护'))))) {
        found.add(`sangong-parts|${k}|三公经费`);
      }
    }
  }
  return found;
}

function truthKeys(d: Data): Set<string> {
  return new Set(d.truth.map((t) => (t.fault === 'sangong-parts' ? `${t.fault}|${t.region}|${t.department}|${t.year}|${t.item}` : `${t.fault}|${t.eval_id}`)));
}

let county: Data;
beforeAll(async () => {
  await generate({ ...base, out: dir('a') });
  county = load(dir('a'));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('generator', () => {
  it('writes byte-identical files for the same seed, and different ones for another seed', async () => {
    await generate({ ...base, out: dir('b'), format: 'both' });
    await generate({ ...base, out: dir('c'), format: 'both' });
    const files = fs.readdirSync(dir('b')).sort();
    expect(files).toEqual(fs.readdirSync(dir('c')).sort());
    expect(files.filter((f) => f.endsWith('.parquet'))).toHaveLength(4);
    for (const f of files) expect(fs.readFileSync(path.join(dir('c'), f)).equals(fs.readFileSync(path.join(dir('b'), f))), f).toBe(true);
    await generate({ ...base, seed: base.seed + 1, out: dir('d') });
    expect(fs.readFileSync(path.join(dir('d'), 'indicators.csv')).equals(fs.readFileSync(path.join(dir('b'), 'indicators.csv')))).toBe(false);
  });

  it('writes Parquet twins holding exactly the CSV cells (blank = null)', async () => {
    await generate({ ...base, format: 'both', out: dir('pq') });
    await initParquet();
    for (const t of ['evaluations', 'indicators', 'spending', 'staffing']) {
      const csv = readCsv(path.join(dir('pq'), `${t}.csv`));
      const table = tableFromIPC(readParquet(fs.readFileSync(path.join(dir('pq'), `${t}.parquet`))).intoIPCStream());
      expect(table.numRows, t).toBe(csv.length);
      const names = table.schema.fields.map((f) => f.name);
      expect(names).toEqual(Object.keys(csv[0]));
      for (const i of [0, Math.floor(csv.length / 2), csv.length - 1]) {
        const row = table.get(i)!.toJSON() as Record<string, unknown>;
        for (const n of names) expect(row[n] === null ? '' : String(row[n]), `${t}[${i}].${n}`).toBe(csv[i][n]);
      }
    }
  });

  it('has the county shape: one region, 60–120 departments, 部门整体 + 2–5 projects a year, 2019–2024', () => {
    expect(new Set(county.evaluations.map((e) => e.region)).size).toBe(1);
    expect(county.departments.length).toBeGreaterThanOrEqual(60);
    expect(county.departments.length).toBeLessThanOrEqual(120);
    expect([...new Set(county.evaluations.map((e) => e.year))].sort()).toEqual(['2019', '2020', '2021', '2022', '2023', '2024']);
    const perDeptYear = new Map<string, { d: number; p: number }>();
    for (const e of county.evaluations) {
      const k = `${e.department}|${e.year}`;
      const c = perDeptYear.get(k) ?? { d: 0, p: 0 };
      if (e.kind === '部门整体') {
        c.d++;
        expect(e.project).toBe('');
        expect(e.eval_id).toMatch(/^QXX-\d{4}-[A-Z0-9]+-D00$/);
      } else {
        c.p++;
        expect(e.eval_id).toMatch(/^QXX-\d{4}-[A-Z0-9]+-P\d\d$/);
      }
      perDeptYear.set(k, c);
    }
    for (const c of perDeptYear.values()) {
      expect(c.d).toBe(1);
      expect(c.p).toBeGreaterThanOrEqual(1);
      expect(c.p).toBeLessThanOrEqual(5);
    }
    expect(new Set(county.evaluations.map((e) => e.eval_id)).size).toBe(county.evaluations.length);
  });

  it('carries spending year to year, and project lines match the forms', () => {
    const final = new Map(county.spending.map((s) => [`${s.department}|${s.year}|${s.item}`, s.final]));
    let carried = 0;
    for (const s of county.spending) {
      const last = final.get(`${s.department}|${Number(s.year) - 1}|${s.item}`);
      if (last === undefined) {
        expect(s.prior_final, `${s.department} ${s.year} ${s.item}`).toBe('');
      } else {
        expect(s.prior_final, `${s.department} ${s.year} ${s.item}`).toBe(last);
        carried++;
      }
    }
    expect(carried).toBeGreaterThan(county.spending.length / 2);
    const executed = new Map(county.evaluations.filter((e) => e.kind === '项目').map((e) => [`${e.department}|${e.year}|${e.project}`, e.executed]));
    for (const s of county.spending.filter((x) => x.parent === '项目支出')) {
      const e = executed.get(`${s.department}|${s.year}|${s.item}`);
      expect(s.final).toBe(e ?? '0.00'); // a project dropped this year shows once, at 0
    }
  });

  it('lists every planted fault in truth.csv, and no unlisted form or line meets a fault condition', () => {
    const truth = truthKeys(county);
    expect(truth.size).toBe(county.truth.length);
    const found = findFaults(county);
    expect([...truth].filter((k) => !found.has(k)), 'planted but not detectable').toEqual([]);
    expect([...found].filter((k) => !truth.has(k)), 'detectable but not planted').toEqual([]);
    const kinds = new Set(county.truth.map((t) => t.fault));
    for (const k of ['weights-sum', 'total-sum', 'score-bounds', 'exec-score', 'report-mismatch', 'goal-missing', 'deduction-no-reason', 'fund-subtotal', 'year-copy', 'sangong-parts']) {
      expect(kinds.has(k), k).toBe(true);
    }
    // A few % of forms, at most one fault per form.
    const formFaults = county.truth.filter((t) => t.eval_id !== '');
    expect(new Set(formFaults.map((t) => t.eval_id)).size).toBe(formFaults.length);
    expect(formFaults.length / county.evaluations.length).toBeGreaterThan(0.01);
    expect(formFaults.length / county.evaluations.length).toBeLessThan(0.06);
  });

  it('keeps clean forms clean beyond the scored rules: rates, spending within budgets', () => {
    const faulty = new Set(county.truth.map((t) => t.eval_id));
    let adjusted = 0;
    for (const e of county.evaluations) {
      const full = dec(e.budget_full);
      expect(rate(e.exec_rate).times(100).minus(dec(e.executed).div(full).times(100)).abs().lte(0.5), e.eval_id).toBe(true);
      expect(e.exec_rate).toMatch(/^\d+\.\d\d%$/);
      expect(dec(e.executed).lte(full), e.eval_id).toBe(true);
      for (const m of ['budget_initial', 'budget_full', 'executed']) expect(e[m]).toMatch(/^\d+\.\d\d$/);
      if (dec(e.budget_initial).isZero() || full.minus(dec(e.budget_initial)).abs().gt(dec(e.budget_initial).times(0.2))) adjusted++;
      if (!faulty.has(e.eval_id) && !blank(e.report_score)) expect(e.report_score).toBe(e.total_score);
    }
    expect(adjusted / county.evaluations.length).toBeLessThan(0.15);
    const sangong = county.spending.filter((s) => s.item === '三公经费');
    expect(sangong.filter((s) => dec(s.final).gt(dec(s.budget))).length / sangong.length).toBeLessThan(0.2);
  });

  it('has careful, boilerplate and mixed departments that behave as such', () => {
    const behaviour = new Map(county.departments.map((d) => [d.department, d.behaviour]));
    expect(new Set(behaviour.values())).toEqual(new Set(['careful', 'boilerplate', 'mixed']));
    expect(new Set(county.departments.map((d) => d.kind))).toEqual(new Set(['党委部门', '政府部门', '乡镇', '事业单位']));
    const faulty = new Set(county.truth.map((t) => t.eval_id));
    const clean = county.evaluations.filter((e) => !faulty.has(e.eval_id));
    const totals = (b: string) => clean.filter((e) => behaviour.get(e.department) === b && e.kind === '项目').map((e) => Number(e.total_score));
    const careful = totals('careful');
    expect(Math.min(...careful)).toBeGreaterThanOrEqual(75);
    expect(Math.max(...careful)).toBeLessThan(100);
    expect(careful.filter((t) => t >= 80 && t <= 98).length / careful.length).toBeGreaterThan(0.9);
    expect(totals('boilerplate').every((t) => t === 100)).toBe(true);
    const generic = county.indicators.filter((i) => i.level3 === '促进经济发展' && i.target === '有所提升' && i.actual === '有所提升');
    expect(generic.length).toBeGreaterThan(100);
    // Both weight schemes appear: 产出50 without 成本, and the seed's 产出30 + 成本20.
    const costRows = new Set(county.indicators.filter((i) => i.level1 === '成本指标').map((i) => i.eval_id));
    expect(costRows.size).toBeGreaterThan(0);
    expect(costRows.size).toBeLessThan(county.evaluations.length);
  });

  it('writes GBK that decodes to the same text as the UTF-8 output', async () => {
    await generate({ ...base, headers: 'zh', out: dir('utf8') });
    await generate({ ...base, headers: 'zh', encoding: 'gbk', out: dir('gbk') });
    for (const t of ['evaluations', 'indicators', 'spending', 'staffing']) {
      const gbk = fs.readFileSync(path.join(dir('gbk'), `${t}.csv`));
      const utf8 = fs.readFileSync(path.join(dir('utf8'), `${t}.csv`), 'utf8');
      expect(() => new TextDecoder('utf-8', { fatal: true }).decode(gbk), t).toThrow();
      expect(new TextDecoder('gb18030').decode(gbk) === utf8, t).toBe(true);
    }
    expect(fs.readFileSync(path.join(dir('utf8'), 'evaluations.csv'), 'utf8').split('\n')[0]).toMatch(/^评价编号,年度,地区,预算部门,评价类型,项目名称/);
  });

  it('scales with --rows', async () => {
    await generate({ ...base, rows: 3000, out: dir('r1') });
    await generate({ ...base, rows: 40000, out: dir('r2') });
    const count = (out: string) => fs.readFileSync(path.join(out, 'indicators.csv'), 'utf8').trimEnd().split('\n').length - 1;
    const small = count(dir('r1'));
    const large = count(dir('r2'));
    expect(small).toBeGreaterThan(1500);
    expect(small).toBeLessThan(6000);
    expect(large).toBeGreaterThan(28000);
    expect(large).toBeLessThan(56000);
    expect(plan({ scale: 'province' }).counties).toBeGreaterThanOrEqual(80);
    const p = plan({ scale: 'province' });
    expect(p.counties * p.years.length * ROWS_PER_COUNTY_YEAR).toBeGreaterThan(800_000);
    // A multi-county run keeps every table's invariants: truth still matches exactly.
    const two = load(dir('r2'));
    expect(new Set(two.evaluations.map((e) => e.region)).size).toBeGreaterThan(1);
    const found = findFaults(two);
    const truth = truthKeys(two);
    expect([...found].filter((k) => !truth.has(k))).toEqual([]);
    expect([...truth].filter((k) => !found.has(k))).toEqual([]);
  });

  it('generates the country with --scale national: 30 provinces, one year, regions named by province and county', async () => {
    const p = plan({ scale: 'national' });
    expect(p.provinces).toBe(30);
    expect(p.years).toHaveLength(1);
    expect(p.counties * ROWS_PER_COUNTY_YEAR).toBeGreaterThan(20_000_000);
    await generate({ ...base, scale: 'national', rows: 90_000, out: dir('national') });
    const data = load(dir('national'));
    const regions = new Set(data.evaluations.map((e) => e.region));
    expect(regions.size).toBe(plan({ scale: 'national', rows: 90_000 }).counties);
    const provinces = new Set([...regions].map((r) => /^(.+省)(.+[县市区])$/.exec(r)?.[1]));
    expect(provinces.size).toBe(30);
    expect(provinces.has(undefined)).toBe(false);
    expect(new Set(data.evaluations.map((e) => e.eval_id)).size).toBe(data.evaluations.length);
    expect(new Set(data.evaluations.map((e) => e.year))).toEqual(new Set(['2024']));
    // Every table names the same regions, and truth still matches the data exactly.
    expect(new Set(data.spending.map((s) => s.region))).toEqual(regions);
    expect(new Set(data.departments.map((d) => d.region))).toEqual(regions);
    const found = findFaults(data);
    const truth = truthKeys(data);
    expect([...found].filter((k) => !truth.has(k))).toEqual([]);
    expect([...truth].filter((k) => !found.has(k))).toEqual([]);
  });

  it('loads through the real loader (CSV in GBK with Chinese headers, and Parquet) with nothing rejected', async () => {
    await generate({ ...base, rows: 6000, headers: 'zh', encoding: 'gbk', format: 'both', out: dir('load') });
    const tables = ['evaluations', 'indicators', 'spending', 'staffing'];
    const expected = Object.fromEntries(tables.map((t) => [t, fs.readFileSync(path.join(dir('load'), `${t}.csv`)).toString('latin1').trimEnd().split('\n').length - 1]));
    expect(expected.indicators).toBeGreaterThan(3000);
    for (const ext of ['csv', 'parquet']) {
      const engine = await openNodeEngine();
      try {
        const files = tables.map((t) => ({ name: `${t}.${ext}`, bytes: new Uint8Array(fs.readFileSync(path.join(dir('load'), `${t}.${ext}`))), origin: 'sample' as const }));
        const report = await loadFiles(engine, files);
        expect(report.rejected, ext).toEqual([]);
        for (const f of report.files) {
          expect(f.rowsRejected, `${ext} ${f.file}`).toBe(0);
          expect(f.rowsReplaced, `${ext} ${f.file}`).toBe(0);
        }
        expect(report.files.map((f) => f.table)).toEqual(tables);
        for (const t of tables) {
          const [{ n }] = await engine.query<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM ${t}`);
          expect(n, `${ext} ${t}`).toBe(expected[t]);
        }
        // Money arrives exact: the loaded sums equal the CSV's, cent for cent.
        const [{ s }] = await engine.query<{ s: string }>(`SELECT sum(executed)::VARCHAR AS s FROM evaluations`);
        const csvSum = readCsvGbk(path.join(dir('load'), 'evaluations.csv')).reduce((a, e) => a.plus(e['全年执行数']), new Decimal(0));
        expect(new Decimal(s).eq(csvSum), ext).toBe(true);
      } finally {
        await engine.close();
      }
    }
  });
});

function readCsvGbk(file: string): Rec[] {
  return Papa.parse<Rec>(new TextDecoder('gb18030').decode(fs.readFileSync(file)), { header: true, skipEmptyLines: true }).data;
}
