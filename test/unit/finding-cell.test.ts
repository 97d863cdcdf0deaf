// Which cells of the 自评表 a finding points at: each rule says it (rules/*.ts `cells`), findingCells()
// turns it into the form view's cell keys, one per row it names. On the real seed every finding on a form points at a cell.
// One definition: the review's identity and value (finding_cells, in SQL) and the notice's words for
// the cell read the same declarations, so the notice names the cell the form view highlights.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CELL_AT_SQL, cellAt, findingCell, findingCells, findingRows } from '../../src/analysis/finding-cell';
import { ensureReview } from '../../src/review/identity';
import { cellText } from '../../src/review/notice';
import { reviewedFindings } from '../../src/review/store';
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

  it('the review reads the same cells: each finding\'s `cell_at` is its rule\'s, a form cell\'s value is what the form holds there', async () => {
    const declared = RULES.flatMap((r) => Object.entries(r.cells).map(([field, at]) => ({ rule: r.id, field, at })));
    const rows = await engine.query<{ rule: string; field: string; at: string }>(`SELECT rule, field, cell_at AS at FROM ${CELL_AT_SQL} ORDER BY rule, field`);
    const order = (a: { rule: string; field: string }, b: typeof a) => (a.rule + ' ' + a.field).localeCompare(b.rule + ' ' + b.field);
    expect(rows.sort(order)).toEqual(declared.sort(order));
    await ensureReview(engine);
    const reviewed = await reviewedFindings(engine);
    expect(reviewed).toHaveLength(findings.length);
    const forms = new Map((await engine.query<Record<string, string | null>>(`SELECT eval_id, CAST(budget_full AS VARCHAR) AS budget_full, CAST(total_score AS VARCHAR) AS total_score FROM evaluations`)).map((e) => [e.eval_id, e]));
    let formCells = 0;
    for (const f of reviewed) {
      expect(f.cell_at, `${f.rule} ${f.field}`).toBe(cellAt(f.rule, f.field) ?? null);
      if (f.eval_id != null && f.seq == null && f.item == null && (f.cell_at === 'budget_full' || f.cell_at === 'total_score')) {
        formCells++;
        expect(Number(f.value), `${f.rule} ${f.cell_at}`).toBe(Number(forms.get(f.eval_id)![f.cell_at]));
      }
    }
    expect(formCells).toBeGreaterThan(0);
  });

  it('the notice names the cell the form view highlights: the row, the rows of a column finding, the form cell', async () => {
    const reviewed = await reviewedFindings(engine);
    for (const f of reviewed.filter((x) => x.eval_id != null && x.item == null)) {
      const text = cellText('zh', f);
      const keys = findingCells(f);
      expect(keys.length, `${f.rule} ${f.field}`).toBeGreaterThan(0);
      for (const k of keys) {
        const [seq] = k.split(':');
        // a row key names its row in the notice; a form cell is named, not numbered
        if (seq !== '' && seq !== 'col') expect(text, `${f.rule} ${k}`).toMatch(new RegExp(`第(\\d+、)*${seq}(、\\d+)*行`));
      }
    }
    const copied = reviewed.find((f) => f.rule === 'copied-indicators' && f.seqs != null && f.seq == null)!;
    expect(cellText('zh', copied)).toBe(`第${copied.seqs!.join('、')}行·三级指标`);
    expect(cellText('zh', reviewed.find((f) => f.rule === 'weights-sum')!)).toBe('分值合计');
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
