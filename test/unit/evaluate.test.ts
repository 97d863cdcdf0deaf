// The rules against the faults the generator planted in the bundled sample (data/sample/truth.csv):
// every planted fault must be found by its rule. The generator plants exactly what the rules look
// for, so this loop is closed; the hand-made cases written from each rule's condition, near-misses
// included, are in rules/*.test.ts (rules/thresholds.test.ts for the bounds).
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/db/engine';
import { openNodeEngine } from '../../src/db/node';
import { loadFiles } from '../../src/ingest/load';
import { readInputFiles } from '../../src/ingest/node';
import { findingCell } from '../../src/analysis/finding-cell';
import { readFindings, runRules } from '../../src/analysis/findings';
import { evaluateAgainstTruth, parseTruthCsv, type RuleEvaluation } from '../../src/analysis/evaluate';

const SAMPLE = path.resolve(__dirname, '../../data/sample');
const FAULTS = [
  'weights-sum', 'total-sum', 'score-bounds', 'exec-score', 'report-mismatch', 'fund-subtotal',
  'deduction-no-reason', 'goal-missing', 'year-copy', 'sangong-parts',
];

let engine: Engine;
let result: RuleEvaluation[];

beforeAll(async () => {
  engine = await openNodeEngine();
  const files = ['evaluations', 'indicators', 'spending', 'staffing'].map((t) => path.join(SAMPLE, `${t}.csv`));
  const report = await loadFiles(engine, readInputFiles(files, 'sample'));
  expect(report.rejected).toEqual([]);
  await runRules(engine);
  result = await evaluateAgainstTruth(engine, parseTruthCsv(fs.readFileSync(path.join(SAMPLE, 'truth.csv'), 'utf8')));
}, 300_000);
afterAll(async () => {
  await engine?.close();
});

describe('the rules on the bundled sample', () => {
  it('evaluates every planted fault kind, in catalogue order', () => {
    expect(result.map((r) => r.rule).sort()).toEqual([...FAULTS].sort());
    for (const r of result) expect(r.truth, r.rule).toBeGreaterThan(0);
  });

  it('finds every planted fault (recall 1 for every kind)', () => {
    for (const r of result) expect(r.recall, r.rule).toBe(1);
  });

  it('fires on nothing that was not planted (precision 1 for every kind)', () => {
    for (const r of result) expect([r.rule, r.precision]).toEqual([r.rule, 1]);
  });
});

describe('the sample\'s findings on the form view', () => {
  it('every finding on a form or department points at a cell of the 自评表', async () => {
    const onForms = (await readFindings(engine)).filter((f) => f.item == null);
    expect(onForms.length).toBeGreaterThan(100);
    const lost = onForms.filter((f) => findingCell(f) == null).map((f) => `${f.rule}:${f.field}:${f.seq}`);
    expect([...new Set(lost)]).toEqual([]);
  });
});

describe('evaluateAgainstTruth', () => {
  it('counts forms for form faults and department-years for spending faults', async () => {
    const [form, spending] = await evaluateAgainstTruth(engine, [
      { fault: 'weights-sum', eval_id: 'no-such-form', department: '无此部门', year: 2020, item: null },
      { fault: 'sangong-parts', eval_id: null, department: '无此部门', year: 2020, item: '三公经费' },
    ]);
    const found = (rule: string) => result.find((r) => r.rule === rule)!.found;
    expect(form).toEqual({ rule: 'weights-sum', truth: 1, found: found('weights-sum'), true_positive: 0, precision: 0, recall: 0 });
    expect(spending).toMatchObject({ rule: 'sangong-parts', truth: 1, found: found('sangong-parts'), true_positive: 0, recall: 0 });
  });
});
