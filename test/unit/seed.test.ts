// The hand-transcribed real seed (data/seed) loaded through the real loader, checked against the
// package's own totals — and against its own inconsistencies, which must survive loading.
import fs from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/db/engine';
import { openNodeEngine } from '../../src/db/node';
import { loadFiles } from '../../src/ingest/load';
import type { LoadReport } from '../../src/ingest/types';

const SEED = path.resolve(__dirname, '../../data/seed');
const FILES = ['evaluations.csv', 'indicators.csv', 'spending.csv', 'staffing.csv'];
const DEPT = '中共汨罗市委机构编制委员会办公室';

function seedFiles() {
  return FILES.map((name) => ({
    name: `seed/${name}`,
    bytes: new Uint8Array(fs.readFileSync(path.join(SEED, name))),
    origin: 'real' as const,
  }));
}

let engine: Engine;
let report: LoadReport;

const one = async <T = Record<string, unknown>>(sql: string, params: (string | number)[] = []) =>
  (await engine.query<T>(sql, params))[0];
const line = (item: string) =>
  one<{ prior_final: string | null; budget: string | null; final: string | null; parent: string | null }>(
    `SELECT prior_final, budget, final, parent FROM spending WHERE item = ?`,
    [item],
  );

beforeAll(async () => {
  engine = await openNodeEngine();
  report = await loadFiles(engine, seedFiles());
});
afterAll(async () => {
  await engine?.close();
});

describe('the seed files themselves', () => {
  it('are UTF-8 CSV with the contract’s Chinese headers and \\n line ends', () => {
    for (const name of FILES) {
      const text = fs.readFileSync(path.join(SEED, name), 'utf8');
      expect(text.charCodeAt(0)).not.toBe(0xfeff);
      expect(text).not.toContain('\r');
      expect(/^[\u4e00-\u9fff]/.test(text)).toBe(true);
    }
  });

  it('leave 一级指标 blank under merged cells (so the loader must fill it down), 二级指标 never', () => {
    const parsed = Papa.parse<Record<string, string>>(fs.readFileSync(path.join(SEED, 'indicators.csv'), 'utf8'), {
      header: true,
      skipEmptyLines: true,
    });
    expect(parsed.errors).toEqual([]);
    const blank1 = parsed.data.filter((r) => r['一级指标'] === '').length;
    expect(blank1).toBe(65 - 4 * 6); // four groups per form, the name on the first row of each
    expect(parsed.data.filter((r) => r['二级指标'] === '').length).toBe(0);
  });
});

describe('the seed, loaded', () => {
  it('loads every row of the four files, rejecting nothing', () => {
    expect(report.rejected).toEqual([]);
    expect(report.files.map((f) => [f.table, f.rowsLoaded, f.rowsRejected])).toEqual([
      ['evaluations', 6, 0],
      ['indicators', 65, 0],
      ['spending', 22, 0],
      ['staffing', 1, 0],
    ]);
  });

  it('has six forms: the department form and five project forms', async () => {
    const rows = await engine.query<{ eval_id: string; kind: string; project: string | null; department: string }>(
      `SELECT eval_id, kind, project, department FROM evaluations ORDER BY eval_id`,
    );
    expect(rows.map((r) => [r.eval_id, r.kind, r.project])).toEqual([
      ['MLS-BB-2023-D00', '部门整体', null],
      ['MLS-BB-2023-P01', '项目', '编办专项'],
      ['MLS-BB-2023-P02', '项目', '吃空饷整治专项'],
      ['MLS-BB-2023-P03', '项目', '事业单位登记管理及分类改革'],
      ['MLS-BB-2023-P04', '项目', '网名管理经费'],
      ['MLS-BB-2023-P05', '项目', '优化政务环境、最多跑一次改革'],
    ]);
    expect(new Set(rows.map((r) => r.department))).toEqual(new Set([DEPT]));
  });

  it('keeps the department form’s budget: 146.41 at the start of the year, 183.35 in full, all executed', async () => {
    const d = await one(`SELECT * FROM evaluations WHERE kind = '部门整体'`);
    expect(d).toMatchObject({
      year: 2023, region: '汨罗市', budget_initial: '146.41', budget_full: '183.35', executed: '183.35',
      exec_weight: '10', exec_rate: '1', exec_score: '10', total_score: '100', report_score: null,
      appropriation_full: null, carryover_full: null, other_full: null, goal_actual: '圆满按时完成',
    });
    expect(String(d.goal_target).split('\n')).toHaveLength(5);
  });

  it('keeps the project forms’ funds, the report’s 98 and 编办专项’s missing goals', async () => {
    const p = await engine.query(`SELECT * FROM evaluations WHERE kind = '项目' ORDER BY eval_id`);
    expect(p.map((r) => r.report_score)).toEqual(['98', '98', '98', '98', '98']);
    expect(p.map((r) => r.total_score)).toEqual(['100', '100', '100', '100', '100']);
    expect(p[0]).toMatchObject({
      project: '编办专项', budget_initial: '0', budget_full: '25', executed: '25',
      appropriation_initial: '0', appropriation_full: '25', appropriation_executed: '25',
      carryover_initial: '0', carryover_full: '0', carryover_executed: '0',
      other_initial: '0', other_full: '0', other_executed: '0',
      goal_target: null, goal_actual: null, unit: DEPT,
    });
    const sum = await one(`SELECT sum(budget_full) AS full, sum(executed) AS executed FROM evaluations WHERE kind = '项目'`);
    expect(sum).toEqual({ full: '38', executed: '38' }); // = 项目支出 2023 final in 附件1
  });

  it('has 65 indicators (10 on the department form + 11 on each project form), level1 filled down', async () => {
    const counts = await engine.query<{ eval_id: string; n: number }>(
      `SELECT eval_id, count(*)::INTEGER AS n FROM indicators GROUP BY eval_id ORDER BY eval_id`,
    );
    expect(counts.map((r) => r.n)).toEqual([10, 11, 11, 11, 11, 11]);
    expect((await one<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM indicators`)).n).toBe(65);
    expect((await one<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM indicators WHERE level1 IS NULL OR level2 IS NULL`)).n).toBe(0);
    const groups = await engine.query<{ level1: string; n: number }>(
      `SELECT level1, count(*)::INTEGER AS n FROM indicators WHERE eval_id = 'MLS-BB-2023-D00' GROUP BY level1 ORDER BY min(seq)`,
    );
    expect(groups).toEqual([
      { level1: '产出指标', n: 3 },
      { level1: '效益指标', n: 4 },
      { level1: '满意度指标', n: 1 },
      { level1: '成本指标', n: 2 },
    ]);
    const last = await one(`SELECT level1, level2, level3, target, actual FROM indicators WHERE eval_id = 'MLS-BB-2023-P05' ORDER BY seq DESC LIMIT 1`);
    expect(last).toEqual({ level1: '成本指标', level2: '生态环境成本指标', level3: '对自然生态环境造成的负面影响', target: '无', actual: '无' });
  });

  it('shows the weights: department form 80 (+10 execution = 90, yet it claims 100), project forms 90 + 10 = 100', async () => {
    const rows = await engine.query<{ eval_id: string; w: string; s: string; ew: string; total: string }>(`
      SELECT e.eval_id, sum(i.weight) AS w, sum(i.score) AS s, any_value(e.exec_weight) AS ew, any_value(e.total_score) AS total
      FROM evaluations e JOIN indicators i USING (eval_id) GROUP BY e.eval_id ORDER BY e.eval_id`);
    expect(rows[0]).toEqual({ eval_id: 'MLS-BB-2023-D00', w: '80', s: '80', ew: '10', total: '100' });
    for (const r of rows.slice(1)) expect([r.w, r.s, r.ew, r.total]).toEqual(['90', '90', '10', '100']);
  });

  it('keeps targets and actuals as written', async () => {
    const d = await engine.query<{ target: string; actual: string }>(
      `SELECT target, actual FROM indicators WHERE eval_id = 'MLS-BB-2023-D00' ORDER BY seq`,
    );
    expect(d.map((r) => r.target)).toEqual(['100%', '≧95%', '2023年全年', '有所提升', '效益显著', '有所改善', '持续', '≧95%', '183.35万元', '无']);
    expect(d[0].actual).toBe('覆盖率达到100%');
  });

  it('三公经费 2.02 = 公务用车 0 + 出国 (blank, NULL — not 0) + 公务接待 2.02; prior 2.7, budget 3.9', async () => {
    expect(await line('三公经费')).toEqual({ prior_final: '2.7', budget: '3.9', final: '2.02', parent: null });
    expect(await line('公务用车购置和维护经费')).toEqual({ prior_final: '0', budget: '0', final: '0', parent: '三公经费' });
    expect(await line('出国经费')).toEqual({ prior_final: null, budget: null, final: null, parent: '三公经费' });
    expect(await line('公务接待')).toEqual({ prior_final: '2.7', budget: '3.9', final: '2.02', parent: '三公经费' });
    for (const item of ['公车购置', '公车运行维护']) {
      expect(await line(item)).toEqual({ prior_final: null, budget: null, final: null, parent: '公务用车购置和维护经费' });
    }
    const parts = await one(`
      SELECT sum(prior_final) AS prior_final, sum(budget) AS budget, sum(final) AS final,
             count(final)::INTEGER AS reported, count(*)::INTEGER AS lines
      FROM spending WHERE parent = '三公经费'`);
    expect(parts).toEqual({ prior_final: '2.7', budget: '3.9', final: '2.02', reported: 2, lines: 3 });
  });

  it('项目支出 38 = the six projects under 县级专项资金 (prior 49.36, budget 13); 业务工作经费 blank', async () => {
    expect(await line('项目支出')).toEqual({ prior_final: '49.36', budget: '13', final: '38', parent: null });
    expect(await line('县级专项资金')).toEqual({ prior_final: '49.36', budget: '13', final: '38', parent: '项目支出' });
    expect(await line('业务工作经费')).toEqual({ prior_final: null, budget: null, final: null, parent: '项目支出' });
    expect(await line('运行维护经费')).toEqual({ prior_final: null, budget: null, final: null, parent: '项目支出' });
    const projects = await one(`
      SELECT count(*)::INTEGER AS n, sum(prior_final) AS prior_final, sum(budget) AS budget, sum(final) AS final
      FROM spending WHERE parent = '县级专项资金'`);
    expect(projects).toEqual({ n: 6, prior_final: '49.36', budget: '13', final: '38' });
    // A project in 附件1 with no 附件3 form; one whose budget was added mid-year.
    expect(await line('行政机构及审批制度改革工作')).toMatchObject({ prior_final: '2.7', budget: '0', final: '0' });
    expect(await line('编办专项')).toMatchObject({ prior_final: '32.66', budget: '0', final: '25' });
  });

  it('keeps 公用经费 and 政府采购, and the empty 部门基本支出预算调整 line as NULLs', async () => {
    expect(await line('公用经费')).toMatchObject({ prior_final: '26.13', budget: '26.59', final: '17.84' });
    expect(await line('办公经费')).toEqual({ prior_final: '7.32', budget: '1.3', final: '2.33', parent: '公用经费' });
    expect(await line('水费电费差旅费')).toEqual({ prior_final: '2.36', budget: '4.5', final: '1.47', parent: '公用经费' });
    expect(await line('会议费培训费')).toEqual({ prior_final: '0', budget: '2', final: '0.19', parent: '公用经费' });
    expect(await line('政府采购金额')).toEqual({ prior_final: '4', budget: '2.68', final: '12.3', parent: null });
    expect(await line('部门基本支出预算调整')).toEqual({ prior_final: null, budget: null, final: null, parent: null });
  });

  it('has staffing 12 authorised / 12 in post', async () => {
    expect(await engine.query(`SELECT year, region, department, authorized, actual FROM staffing`)).toEqual([
      { year: 2023, region: '汨罗市', department: DEPT, authorized: 12, actual: 12 },
    ]);
  });

  it('does not count the seed twice when it is loaded again', async () => {
    const again = await loadFiles(engine, seedFiles());
    expect(again.files.map((f) => f.rowsReplaced)).toEqual([6, 65, 22, 1]);
    const n = await one(`SELECT (SELECT count(*) FROM evaluations)::INTEGER AS e, (SELECT count(*) FROM indicators)::INTEGER AS i,
      (SELECT count(*) FROM spending)::INTEGER AS s, (SELECT count(*) FROM staffing)::INTEGER AS st`);
    expect(n).toEqual({ e: 6, i: 65, s: 22, st: 1 });
  });
});
