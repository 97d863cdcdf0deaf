// The queries of the findings, form and department views, on the real seed plus a hand-made second
// and third region inserted with SQL: a 财政局 in 甲县 (two full-mark project forms) and a 财政局 of the
// same name in 乙县 (one careful form) — same-named departments must never be mixed — and a name that
// would break SQL if it were ever spliced into a string.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyse } from '../../src/analysis/analyse';
import { departmentFlags, departmentForms, departmentLevelFindings, departmentList, departmentVsPeers } from '../../src/analysis/queries/department';
import { clusterForms, copiedClusters, formsExport, formsExportSql, rankedDepartments, rankedForms, rankedFormsWindow, ruleCatalogue } from '../../src/analysis/queries/findings';
import { formFindings, formHeader, formIndicators, searchForms } from '../../src/analysis/queries/form';
import { buildViewCache, dropViewCache } from '../../src/analysis/queries/cache';
import { sortRows } from '../../src/format/sort';
import Decimal from 'decimal.js';
import { RULES } from '../../src/analysis/rules/index';
import type { Engine } from '../../src/db/engine';
import { openNodeEngine } from '../../src/db/node';
import { loadFiles } from '../../src/ingest/load';
import { readInputFiles } from '../../src/ingest/node';
import { writeParquetFromIPC, readParquetTable } from '../../src/ingest/parquet';
import { cleanForm, fullMarks, insertForm, type Form } from './rules/fixture';

const MLS = '中共汨罗市委机构编制委员会办公室';
const D00 = 'MLS-BB-2023-D00';
const P01 = 'MLS-BB-2023-P01';
const CZ = '财政局';
const EVIL = "x' OR '1'='1";

let engine: Engine;

function inRegion(f: Form, region: string): Form {
  f.form = { ...f.form, eval_id: `${region}/${f.form.eval_id}`, region } as Form['form'];
  return f;
}

beforeAll(async () => {
  engine = await openNodeEngine();
  const report = await loadFiles(engine, readInputFiles(['data/seed'], 'real'));
  expect(report.rejected).toEqual([]);
  await insertForm(
    engine,
    inRegion(fullMarks(cleanForm({ department: CZ, project: 'A' })), '甲县'),
    inRegion(fullMarks(cleanForm({ department: CZ, project: 'B', variant: 1 })), '甲县'),
    inRegion(cleanForm({ department: CZ, project: 'A' }), '乙县'),
    inRegion(cleanForm({ department: EVIL, project: 'C', variant: 2 }), '丙县'),
  );
  await analyse(engine);
  // A department-wide finding of 甲县's 财政局 only (hand-made: the region decides whose it is).
  await engine.query(
    `INSERT INTO findings (rule, severity, eval_id, seq, region, department, year, item, field, detail)
     VALUES ('satisfaction-constant', 'low', NULL, NULL, '甲县', ?, NULL, NULL, 'actual', '手工：满意度恒定')`,
    [CZ],
  );
  await engine.query(`DELETE FROM findings WHERE rule = 'always-full-marks' AND department = ?`, [CZ]);
  // The view cache is derived from findings as analyse() left them: rebuilt after editing them by hand.
  await buildViewCache(engine);
});

afterAll(async () => {
  await engine?.close();
});

describe('ranked forms', () => {
  it('lists every form, highest boilerplate score first, with its hits', async () => {
    const rows = await rankedForms(engine, {}, {}, 1000);
    const n = (await engine.query<{ n: number }>('SELECT count(*)::INTEGER AS n FROM evaluations'))[0].n;
    expect(rows.length).toBe(n);
    expect(rows.every((r) => r.total === n)).toBe(true);
    for (let i = 1; i < rows.length; i++) expect(rows[i - 1].score).toBeGreaterThanOrEqual(rows[i].score);
    const scores = new Map((await engine.query<{ eval_id: string; score: number }>('SELECT eval_id, score FROM form_scores')).map((r) => [r.eval_id, r.score]));
    for (const r of rows) expect(r.score).toBe(scores.get(r.eval_id));
    const p01 = rows.find((r) => r.eval_id === P01)!;
    expect(p01.hits).toEqual(expect.arrayContaining(['goal-missing', 'full-marks', 'copied-indicators']));
    expect(p01.score).toBe(100);
    // the careful forms score low and come last
    expect(rows.at(-1)!.department === CZ || rows.at(-1)!.department === EVIL).toBe(true);
    // limit
    expect((await rankedForms(engine, {}, {}, 2)).length).toBe(2);
  });

  it('filters by rule and severity: forms with such a hit, department-wide hits included', async () => {
    const full = await rankedForms(engine, {}, { rule: 'full-marks' }, 1000);
    const expected = (await engine.query<{ eval_id: string }>(`SELECT DISTINCT eval_id FROM findings WHERE rule = 'full-marks' ORDER BY 1`)).map((r) => r.eval_id);
    expect(full.map((r) => r.eval_id).sort()).toEqual(expected);
    expect(expected).toEqual(expect.arrayContaining([D00, '甲县/财政局/2023/A', '甲县/财政局/2023/B']));
    expect(expected).not.toContain('乙县/财政局/2023/A');
    // the hand-made department-wide finding counts on both 甲县 forms and on no 乙县 form
    const sc = await rankedForms(engine, {}, { rule: 'satisfaction-constant' }, 1000);
    expect(sc.map((r) => r.eval_id).filter((id) => id.includes(CZ)).sort()).toEqual(['甲县/财政局/2023/A', '甲县/财政局/2023/B']);
    const high = await rankedForms(engine, {}, { severity: 'high' }, 1000);
    const highIds = (await engine.query<{ eval_id: string }>(`SELECT DISTINCT eval_id FROM findings WHERE severity = 'high' AND eval_id IS NOT NULL`)).map((r) => r.eval_id);
    expect(high.map((r) => r.eval_id).sort()).toEqual(highIds.sort());
    expect(await rankedForms(engine, {}, { rule: 'full-marks', severity: 'high' })).toEqual([]);
  });

  it('applies the shared filters as parameters', async () => {
    const jia = await rankedForms(engine, { regions: ['甲县'] });
    expect(jia.map((r) => r.eval_id).sort()).toEqual(['甲县/财政局/2023/A', '甲县/财政局/2023/B']);
    expect(await rankedForms(engine, { departments: [EVIL], regions: ['丙县'] })).toHaveLength(1);
    expect(await rankedForms(engine, { departments: ["' OR 1=1 --"] })).toEqual([]);
    const party = await rankedForms(engine, { deptKinds: ['党委部门'] }, {}, 1000);
    expect(new Set(party.map((r) => r.department))).toEqual(new Set([MLS]));
  });

  it('exports the whole filtered list, the same rows as CSV and as Parquet', async () => {
    const rows = await formsExport(engine, {}, { rule: 'full-marks' });
    const ranked = await rankedForms(engine, {}, { rule: 'full-marks' }, 1000);
    expect(rows.map((r) => r.eval_id)).toEqual(ranked.map((r) => r.eval_id));
    expect(rows.find((r) => r.eval_id === P01)!.hits).toContain('goal-missing');
    const q = formsExportSql({}, { rule: 'full-marks' });
    const table = await readParquetTable(await writeParquetFromIPC(await engine.queryIPC(q.sql, q.params)));
    expect(table.numRows).toBe(rows.length);
    expect(table.schema.fields.map((f) => f.name)).toEqual(['eval_id', 'region', 'department', 'year', 'kind', 'project', 'score', 'raw', 'findings', 'high', 'hits']);
  });
});

describe('ranking order and sorting', () => {
  it('breaks score ties by the uncapped score, then high-severity findings', async () => {
    const forms = await rankedForms(engine, {}, {}, 1000);
    const depts = await rankedDepartments(engine, {});
    const key = (r: { score: number | string; raw: number | string; high: number }) => [new Decimal(r.score), new Decimal(r.raw), new Decimal(r.high)];
    for (const rows of [forms, depts] as { score: number | string; raw: number | string; high: number }[][]) {
      for (let i = 1; i < rows.length; i++) {
        const [a, b] = [key(rows[i - 1]), key(rows[i])];
        const c = a[0].comparedTo(b[0]) || a[1].comparedTo(b[1]) || a[2].comparedTo(b[2]);
        expect(c).toBeGreaterThanOrEqual(0);
      }
    }
    // The seed department's forms: high findings counted as the findings table has them.
    const [{ n }] = await engine.query<{ n: number }>(`SELECT CAST(count(*) AS INTEGER) AS n FROM findings WHERE department = ? AND severity = 'high'`, [MLS]);
    expect(depts.find((d) => d.department === MLS)!.high).toBe(n);
  });

  it('sorts the forms window by a column in SQL as sortRows does, ties in ranking order, with and without the view cache', async () => {
    const all = await rankedForms(engine, {}, {}, 1000);
    for (const sort of [{ key: 'findings', dir: 'desc' }, { key: 'year', dir: 'asc' }] as const) {
      const want = sortRows(all, sort).map((r) => r.eval_id);
      const cached = await rankedFormsWindow(engine, {}, {}, 0, 1000, sort);
      expect(cached.map((r) => r.eval_id)).toEqual(want);
      await dropViewCache(engine);
      const base = await rankedFormsWindow(engine, {}, {}, 0, 1000, sort);
      await buildViewCache(engine);
      expect(base.map((r) => r.eval_id)).toEqual(want);
    }
    await expect(rankedFormsWindow(engine, {}, {}, 0, 10, { key: 'eval_id; DROP TABLE x', dir: 'asc' })).rejects.toThrow(/cannot sort/);
  });
});

describe('ranked departments', () => {
  it('keeps same-named departments of two regions apart and matches department_scores', async () => {
    const rows = await rankedDepartments(engine, {});
    const cz = rows.filter((r) => r.department === CZ);
    expect(cz.map((r) => [r.region, r.forms]).sort()).toEqual([['乙县', 1], ['甲县', 2]]);
    const overall = await engine.query<{ department: string; region: string | null; score: string }>(
      'SELECT region, department, score FROM department_scores WHERE year IS NULL');
    for (const o of overall) {
      const r = rows.find((x) => x.department === o.department && x.region === o.region);
      expect(r?.score, `${o.region} ${o.department}`).toBe(o.score);
    }
    for (let i = 1; i < rows.length; i++) expect(Number(rows[i - 1].score)).toBeGreaterThanOrEqual(Number(rows[i].score));
    expect(rows.find((r) => r.department === MLS)!.dept_kind).toBe('党委部门');
  });

  it('with a rule, lists only departments with such a finding and counts their flagged forms', async () => {
    const rows = await rankedDepartments(engine, {}, { rule: 'full-marks' });
    expect(rows.map((r) => [r.region, r.department, r.flagged_forms, r.findings]).sort()).toEqual([
      ['汨罗市', MLS, 6, 6],
      ['甲县', CZ, 2, 2],
    ].sort());
    // a 附件1 rule hits departments, not forms
    const sp = await rankedDepartments(engine, {}, { rule: 'project-spending-mismatch' });
    const n = (await engine.query<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM findings WHERE rule = 'project-spending-mismatch'`))[0].n;
    expect(sp.reduce((s, r) => s + r.findings, 0)).toBe(n);
  });
});

describe('rule catalogue', () => {
  it('lists every rule in catalogue order with its hits within the filters', async () => {
    const cat = await ruleCatalogue(engine, {});
    expect(cat.map((c) => c.rule.id)).toEqual(RULES.map((r) => r.id));
    const counts = await engine.query<{ rule: string; n: number }>('SELECT rule, count(*)::INTEGER AS n FROM findings GROUP BY rule');
    for (const c of cat) expect(c.findings, c.rule.id).toBe(counts.find((x) => x.rule === c.rule.id)?.n ?? 0);
    const jia = await ruleCatalogue(engine, { regions: ['甲县'] });
    expect(jia.find((c) => c.rule.id === 'full-marks')).toMatchObject({ findings: 2, forms: 2, departments: 1 });
    expect(jia.find((c) => c.rule.id === 'weights-sum')!.findings).toBe(0);
  });
});

describe('indicators copied across departments', () => {
  it('counts departments by region and name, and lists the forms behind a cluster', async () => {
    const clusters = await copiedClusters(engine, {}, 50);
    const a = clusters.find((c) => c.level3 === 'A培训人次')!;
    expect(a).toMatchObject({ target: '≥200人次', departments: 2, forms: 2 });
    for (let i = 1; i < clusters.length; i++) expect(clusters[i - 1].departments).toBeGreaterThanOrEqual(clusters[i].departments);
    expect(clusters.every((c) => c.departments >= 2)).toBe(true);
    const forms = await clusterForms(engine, {}, a.key);
    expect(forms.map((f) => f.eval_id)).toEqual(['乙县/财政局/2023/A', '甲县/财政局/2023/A']);
    expect(await clusterForms(engine, { regions: ['甲县'] }, a.key)).toHaveLength(1);
    // the seed alone is one department: nothing is shared across departments
    expect(await copiedClusters(engine, { regions: ['汨罗市'] })).toEqual([]);
  });
});

describe('one form', () => {
  it('rebuilds the seed department form with its sums', async () => {
    const h = (await formHeader(engine, D00))!;
    expect(h).toMatchObject({
      department: MLS, region: '汨罗市', year: 2023, kind: '部门整体', project: null,
      budget_initial: '146.41', budget_full: '183.35', executed: '183.35', exec_weight: '10', exec_score: '10',
      exec_rate: '1', total_score: '100', sum_weight: '90', sum_score: '90', score: 100,
    });
    expect(await formHeader(engine, 'nope')).toBeUndefined();
    const p01 = (await formHeader(engine, P01))!;
    expect(p01).toMatchObject({ project: '编办专项', goal_target: null, appropriation_full: '25', carryover_full: '0', report_score: '98' });
  });

  it('merges repeated 一级/二级 cells into row spans', async () => {
    const rows = await formIndicators(engine, D00);
    expect(rows).toHaveLength(10);
    expect(rows.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    // every row lies in exactly one 一级 span and one 二级 span
    expect(rows.reduce((s, r) => s + r.l1_span, 0)).toBe(10);
    expect(rows.reduce((s, r) => s + r.l2_span, 0)).toBe(10);
    expect(rows[0]).toMatchObject({ l1: '产出指标', l1_span: 3, level3: '全面提升机构编制管理水平', target: '100%', weight: '10', score: '10' });
    expect(rows[1]).toMatchObject({ l1: '产出指标', l1_span: 0, l2: '质量指标', l2_span: 1 });
    expect(rows[3]).toMatchObject({ l1: '效益指标', l1_span: expect.any(Number) });
    expect(rows[3].l1_span).toBeGreaterThan(0);
  });

  it('lists the findings that point at its cells, department-wide ones of its own region only', async () => {
    const d00 = await formFindings(engine, D00);
    expect(d00).toEqual(expect.arrayContaining([
      expect.objectContaining({ rule: 'weights-sum', field: 'weight', seq: null, scope: 'form' }),
      expect.objectContaining({ rule: 'total-sum', field: 'total_score', seq: null, scope: 'form' }),
      expect.objectContaining({ rule: 'actual-equals-target', field: 'actual', seq: 3 }),
    ]));
    const p01 = await formFindings(engine, P01);
    expect(p01.filter((f) => f.rule === 'goal-missing').map((f) => f.field).sort()).toEqual(['goal_actual', 'goal_target']);
    const rank = { high: 0, medium: 1, low: 2, info: 3 };
    for (let i = 1; i < p01.length; i++) expect(rank[p01[i - 1].severity]).toBeLessThanOrEqual(rank[p01[i].severity]);
    const jia = await formFindings(engine, '甲县/财政局/2023/A');
    expect(jia.filter((f) => f.scope === 'department').map((f) => f.detail)).toEqual(['手工：满意度恒定']);
    const yi = await formFindings(engine, '乙县/财政局/2023/A');
    expect(yi.filter((f) => f.scope === 'department')).toEqual([]);
  });

  it('finds forms by department, project or id', async () => {
    expect((await searchForms(engine, {}, '编办专项')).map((r) => r.eval_id)).toEqual([P01]);
    expect((await searchForms(engine, {}, 'mls-bb', 100)).length).toBe(6);
    expect((await searchForms(engine, { regions: ['乙县'] }, CZ)).map((r) => r.eval_id)).toEqual(['乙县/财政局/2023/A']);
    expect(await searchForms(engine, {}, EVIL)).toHaveLength(1);
  });
});

describe('one department', () => {
  it('picks a department by name and region', async () => {
    const list = await departmentList(engine, {}, CZ);
    expect(list.map((d) => [d.region, d.forms])).toEqual([['乙县', 1], ['甲县', 2]]);
    expect(list[1].dept_kind).toBe('政府部门');
    const jia = await departmentForms(engine, { department: CZ, region: '甲县' });
    expect(jia.map((f) => f.eval_id)).toEqual(['甲县/财政局/2023/A', '甲县/财政局/2023/B']);
    expect(jia[0]).toMatchObject({ rate: '1', total_score: '100' });
    expect(jia.every((f) => f.findings > 0)).toBe(true);
    const any = await departmentForms(engine, { department: CZ, region: null });
    expect(any).toHaveLength(3);
  });

  it('counts the seed department’s findings by year and severity, and its score against peers', async () => {
    const key = { department: MLS, region: '汨罗市' };
    const flags = await departmentFlags(engine, key);
    const total = (await engine.query<{ n: number }>('SELECT count(*)::INTEGER AS n FROM findings WHERE department = ?', [MLS]))[0].n;
    expect(flags.reduce((s, r) => s + r.findings, 0)).toBe(total);
    expect(flags.every((r) => r.year === 2023 || r.year === null)).toBe(true);
    const levels = await departmentLevelFindings(engine, key);
    expect(levels.every((f) => f.eval_id === null)).toBe(true);
    const peers = await departmentVsPeers(engine, key);
    expect(peers).toHaveLength(1);
    expect(peers[0]).toMatchObject({ year: 2023, peers: 0, peers_median: null });
    const mean = (await engine.query<{ s: string }>(`SELECT CAST(round(avg(score), 2) AS DECIMAL(5,2)) AS s FROM form_scores WHERE department = ?`, [MLS]))[0].s;
    expect(peers[0].score).toBe(mean);
    // 甲县's 财政局 has no peer of its kind in 甲县; 乙县's neither: regions are not mixed
    expect((await departmentVsPeers(engine, { department: CZ, region: '甲县' }))[0].peers).toBe(0);
  });
});
