// Which cells of the 自评表 a finding points at: each rule says it (rules/*.ts `cells`), findingCells()
// turns it into the form view's cell keys, one per row it names. On the real seed every finding on a form points at a cell.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findingCell, findingCells, findingRows } from '../../src/analysis/finding-cell';
import { runRules, type Finding } from '../../src/analysis/findings';
import { RULES } from '../../src/analysis/rules/index';
import type { Engine } from '../../src/db/engine';
import { openNodeEngine } from '../../src/db/node';
import { loadSeed } from './rules/fixture';

describe('findingCell', () => {
  it('an indicator row\'s cell, a column, or a form cell, as the rule declares', () => {
    expect(findingCell({ rule: 'score-bounds', seq: 4, field: 'score' })).toBe('4:score');
    expect(findingCell({ rule: 'vague-targets', seq: null, field: 'target' })).toBe('col:target');
    expect(findingCell({ rule: 'weights-sum', seq: null, field: 'weight' })).toBe(':weight');
    expect(findingCell({ rule: 'incomplete-form', seq: null, field: 'total_score' })).toBe(':total_score');
    expect(findingCell({ rule: 'incomplete-form', seq: 2, field: 'actual' })).toBe('2:actual');
    // 附件1's 决算数 of a project is the form's 全年执行数
    expect(findingCell({ rule: 'project-spending-mismatch', seq: null, field: 'final' })).toBe(':executed');
  });

  it('a finding about several rows points at its field in each row it names, first its first', () => {
    expect(findingRows({ seq: 2, seqs: [2, 5, 9] })).toEqual([2, 5, 9]);
    expect(findingRows({ seq: 4, seqs: null })).toEqual([4]);
    expect(findingRows({ seq: null, seqs: [] })).toEqual([]);
    expect(findingCells({ rule: 'generic-indicator', seq: 2, seqs: [2, 5, 9], field: 'level3' })).toEqual(['2:level3', '5:level3', '9:level3']);
    // a column finding that names its rows points at them, not at the column header
    expect(findingCells({ rule: 'vague-targets', seq: null, seqs: [1, 3], field: 'target' })).toEqual(['1:target', '3:target']);
    expect(findingCell({ rule: 'copied-indicators', seq: null, seqs: [6, 7], field: 'level3' })).toBe('6:level3');
    // rows do not move a form cell
    expect(findingCells({ rule: 'weights-sum', seq: null, seqs: [1, 2], field: 'weight' })).toEqual([':weight']);
  });

  it('points at nothing for a 附件1 line, a field its rule does not declare, or a rule it does not know', () => {
    expect(findingCell({ rule: 'sangong-parts', seq: null, field: 'final' })).toBeNull();
    expect(findingCell({ rule: 'weights-sum', seq: null, field: 'detail' })).toBeNull();
    expect(findingCell({ rule: 'retired-rule', seq: 1, field: 'score' })).toBeNull();
    expect(findingCell({ rule: 'score-bounds', seq: null, field: 'score' })).toBeNull(); // a row cell needs its row
  });

  it('every rule that finds something on a form declares its cells; a spending rule on 附件1 lines declares none', () => {
    for (const r of RULES) {
      if (r.target === 'spending' && r.id !== 'project-spending-mismatch') expect(r.cells, r.id).toEqual({});
      else expect(Object.keys(r.cells).length, r.id).toBeGreaterThan(0);
    }
  });
});

describe('on the real seed', () => {
  let engine: Engine;
  let findings: Finding[];
  beforeAll(async () => {
    engine = await openNodeEngine();
    await loadSeed(engine);
    findings = await runRules(engine);
  }, 120_000);
  afterAll(async () => {
    await engine?.close();
  });

  it('every finding on a form or department points at a cell of the form', () => {
    const onForms = findings.filter((f) => f.item == null);
    expect(onForms.length).toBeGreaterThan(5);
    for (const f of onForms) expect(findingCell(f), `${f.rule} ${f.field} ${f.seq}`).not.toBeNull();
  });

  it('the rules about several rows name rows of the form itself, in order, each at most once', async () => {
    const rows = await engine.query<{ eval_id: string; seq: number }>('SELECT eval_id, seq FROM indicators');
    const seqsOf = new Map<string, Set<number>>();
    for (const r of rows) seqsOf.set(r.eval_id, (seqsOf.get(r.eval_id) ?? new Set()).add(r.seq));
    const several = findings.filter((f) => f.seqs != null);
    // the real seed alone: copied indicators and unquantified targets on every form, several rows each
    const rules = new Set(several.map((f) => f.rule));
    for (const r of ['copied-indicators', 'vague-targets']) expect(rules.has(r), r).toBe(true);
    for (const f of several) {
      expect(f.seqs!.length, f.rule).toBeGreaterThan(f.rule === 'generic-indicator' ? 0 : 1);
      expect([...f.seqs!].sort((a, b) => a - b), f.rule).toEqual([...new Set(f.seqs)]);
      for (const seq of f.seqs!) expect(seqsOf.get(f.eval_id!)?.has(seq), `${f.rule} ${f.eval_id} ${seq}`).toBe(true);
      if (f.seq != null) expect(f.seqs![0]).toBe(f.seq);
    }
    // a copied form names the other forms of its department it shares those rows with
    for (const f of findings.filter((x) => x.rule === 'copied-indicators')) {
      expect(f.related!.length).toBeGreaterThan(0);
      expect(f.related).not.toContain(f.eval_id);
    }
  });
});
