// Which cell of the 自评表 a finding points at: each rule says it (rules/*.ts `cells`), findingCell()
// turns it into the form view's cell key. On the real seed every finding on a form points at a cell.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findingCell } from '../../src/analysis/finding-cell';
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
});
