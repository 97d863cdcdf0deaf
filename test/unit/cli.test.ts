// The CLI as a user runs it: a real process, real files, JSON on stdout.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

function run(script: string, ...args: string[]) {
  const r = spawnSync('npx', ['tsx', `src/cli/${script}.ts`, ...args], { encoding: 'utf8', timeout: 240_000, maxBuffer: 256 * 1024 * 1024 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
const analyze = (...args: string[]) => run('analyze', ...args);

describe('npm run analyze', () => {
  it('prints the seed as JSON with exact figures and per-form sums', () => {
    const r = analyze('--json', 'data/seed');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.tables).toEqual({ evaluations: 6, indicators: 65, spending: 22, staffing: 1 });
    expect(out.rejected).toEqual([]);
    const dept = out.evaluations.find((e: { kind: string }) => e.kind === '部门整体');
    expect(dept).toMatchObject({
      eval_id: 'MLS-BB-2023-D00', year: 2023, budget_initial: '146.41', budget_full: '183.35', executed: '183.35',
      exec_weight: '10', exec_rate: '1', exec_score: '10', total_score: '100', n_indicators: 10, sum_weight: '80', sum_score: '80',
    });
    const bbzx = out.evaluations.find((e: { project: string }) => e.project === '编办专项');
    expect(bbzx).toMatchObject({ budget_initial: '0', budget_full: '25', n_indicators: 11, sum_weight: '90' });
    // The analysis: flags and boilerplate score per form, findings, the catalogue with hits, departments, 三公.
    expect(dept.flags).toEqual(expect.arrayContaining(['weights-sum', 'total-sum', 'full-marks', 'always-full-marks', 'budget-adjusted', 'copied-indicators']));
    expect(bbzx.flags).toEqual(expect.arrayContaining(['goal-missing', 'report-mismatch', 'budget-adjusted']));
    for (const e of out.evaluations) expect(e.boilerplate_score).toBeGreaterThanOrEqual(60);
    expect(out.findings).toContainEqual(expect.objectContaining({ rule: 'weights-sum', severity: expect.any(String), eval_id: 'MLS-BB-2023-D00', year: 2023, detail: expect.stringContaining('90') }));
    const hits = Object.fromEntries(out.rules.map((r: { id: string; hits: number }) => [r.id, r.hits]));
    expect(out.rules).toHaveLength(28);
    expect(hits).toMatchObject({ 'full-marks': 6, 'report-mismatch': 5, 'sangong-parts': 0, 'exec-rate': 0, 'score-bounds': 0 });
    expect(out.departments).toEqual([expect.objectContaining({ region: '汨罗市', department: '中共汨罗市委机构编制委员会办公室', year: 2023, forms: 6, full_marks_share: '1', boilerplate_score: '98.67' })]);
    expect(out.sangong).toEqual([expect.objectContaining({ prior_final: '2.7', budget: '3.9', final: '2.02', change: '-0.68', change_ratio: '-0.251852' })]);
  }, 120_000);

  it('prints a large document whole through a pipe (the county sample)', () => {
    const parquet = fs.readdirSync('data/sample').filter((f) => f.endsWith('.parquet')).map((f) => path.join('data/sample', f));
    const r = analyze('--json', 'data/seed', ...parquet);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.length).toBeGreaterThan(1_000_000);
    const out = JSON.parse(r.stdout);
    expect(out.evaluations).toHaveLength(out.tables.evaluations);
    expect(out.findings.length).toBe(out.rules.reduce((n: number, x: { hits: number }) => n + x.hits, 0));
  }, 240_000);

  it('takes a province\'s own thresholds with --set', () => {
    const looser = JSON.parse(analyze('--json', '--set', 'adjustmentBound=0.3', 'data/seed').stdout);
    // 146.41 → 183.35 is a 25 % adjustment: over the default 20 %, within 30 %.
    expect(looser.rules.find((r: { id: string }) => r.id === 'budget-adjusted').hits).toBe(1);
    const refused = analyze('--set', 'adjustmentBound=二十', 'data/seed');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('adjustmentBound');
  }, 120_000);

  it('lists the rule catalogue with --rules', () => {
    const r = analyze('--rules', '--json');
    expect(r.code).toBe(0);
    const rules = JSON.parse(r.stdout);
    expect(rules.map((x: { id: string }) => x.id)).toContain('copied-indicators');
    expect(rules.every((x: { title_zh: string; why_en: string }) => x.title_zh && x.why_en)).toBe(true);
    const adjusted = (list: { id: string; condition_zh: string; condition_en: string }[]) => list.find((x) => x.id === 'budget-adjusted')!;
    expect(adjusted(rules).condition_zh).toContain('> 20%');
    // the conditions follow --set
    const looser = JSON.parse(analyze('--rules', '--json', '--set', 'adjustmentBound=0.5').stdout);
    expect(adjusted(looser).condition_zh).toContain('> 50%');
    expect(adjusted(looser).condition_en).toContain('> 50% of the initial budget');
  }, 240_000);

  it('reports a refused file with line null, still loads the rest, and exits 0', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sel-'));
    fs.writeFileSync(path.join(dir, 'junk.csv'), '姓名,电话\n张三,1\n');
    fs.copyFileSync('data/seed/staffing.csv', path.join(dir, 'staffing.csv'));
    const r = analyze('--json', dir);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.rejected).toEqual([{ file: path.join(dir, 'junk.csv'), line: null, reason: expect.any(String) }]);
    expect(out.tables.staffing).toBe(1);
  }, 120_000);

  it('exits non-zero with the reason on stderr for a missing path or nothing loadable', () => {
    const missing = analyze('--json', 'no/such/path');
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain('no/such/path');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sel-'));
    fs.writeFileSync(path.join(dir, 'empty.csv'), '');
    const nothing = analyze(dir);
    expect(nothing.code).not.toBe(0);
    expect(nothing.stderr).toContain('nothing could be loaded');
  }, 120_000);
});

describe('npm run evaluate-rules', () => {
  it('finds every planted fault of the bundled sample and exits 0', () => {
    const r = run('evaluate-rules');
    expect(r.code, r.stderr).toBe(0);
    for (const fault of ['weights-sum', 'total-sum', 'score-bounds', 'exec-score', 'report-mismatch', 'fund-subtotal', 'deduction-no-reason', 'goal-missing', 'year-copy', 'sangong-parts']) {
      expect(r.stdout).toMatch(new RegExp(`^${fault} .* 100\\.0%$`, 'm'));
    }
  }, 240_000);
});

