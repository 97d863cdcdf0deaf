// The recogniser on hand-made grids, one template variant at a time: labels, not positions.
import { tableFromIPC } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { a1, type DocumentGrids, type Grid, type GridCell } from '../../src/ingest/documents/grid';
import { recogniseDocument } from '../../src/ingest/documents/recognise';
import type { ParsedFile } from '../../src/ingest/types';

/** A grid from rows of text: '<' continues the cell on the left (colspan), '^' the cell above (rowspan). */
function grid(rows: string[][], caption: string[] = [], table = 1, sheet?: string): Grid {
  const anchor: (GridCell | null)[][] = rows.map((r) => r.map(() => null));
  const cells: GridCell[] = [];
  rows.forEach((r, i) => r.forEach((text, j) => {
    if (text === '<') { const c = anchor[i][j - 1]!; anchor[i][j] = c; if (c.row === i) c.colSpan++; return; }
    if (text === '^') { const c = anchor[i - 1][j]!; anchor[i][j] = c; if (c.col === j) c.rowSpan = i - c.row + 1; return; }
    const c: GridCell = { text, row: i, col: j, rowSpan: 1, colSpan: 1, address: a1(i, j) };
    anchor[i][j] = c;
    cells.push(c);
  }));
  return { source: { file: 'f.xlsx', table, sheet }, cells, rows: rows.length, cols: Math.max(...rows.map((r) => r.length)), caption };
}
const doc = (...grids: Grid[]): DocumentGrids => ({ kind: 'xlsx', grids, trailer: [], notes: [] });

function rows(p: ParsedFile[], table: string): Record<string, unknown>[] {
  const f = p.find((x) => x.table === table);
  if (!f?.staged) return [];
  return tableFromIPC(f.staged).toArray().map((r) => r.toJSON() as Record<string, unknown>);
}
const unaccounted = (p: ParsedFile[]) => p.flatMap((x) => x.rejected.filter((r) => r.line == null).map((r) => r.reason));

// A 元 form from another province: 权重 for 分值, 调整后预算数, 预算执行率, no 年初预算数, a blank 主管部门,
// the target split in 指标性质 | 指标值 | 度量单位, merged 一级/二级 cells, an N/A row and template residue.
const yuanForm = grid([
  ['2024年度项目支出绩效自评表', '<', '<', '<', '<', '<', '<', '<', '<', '<'],
  ['项目名称', '乡村道路养护', '<', '<', '<', '主管部门', '', '<', '<', '<'],
  ['实施单位', '青溪县交通运输局', '<', '<', '<', '地区', '青溪县', '<', '<', '<'],
  ['项目资金\n（元）', '', '调整后预算数', '<', '预算执行数', '<', '权重', '预算执行率', '得分', '<'],
  ['^', '年度资金总额', '215,457.6', '<', '200000', '<', '10', '92.83%', '9.28', '<'],
  ['^', '其中：本年财政拨款', '215457.6', '<', '200000', '<', '-', '/', '-', '<'],
  ['年度总体目标', '预期目标', '<', '<', '<', '实际完成情况', '<', '<', '<', '<'],
  ['^', '完成12公里道路养护', '<', '<', '<', '完成11公里', '<', '<', '<', '<'],
  ['一级指标', '二级指标', '三级指标', '指标性质', '指标值', '度量单位', '实际完成值', '权重', '得分', '未完成原因及拟采取的改进措施'],
  ['产出指标\n（50分）', '数量\n指标', '养护里程', '≧', '12', '公里', '11', '20', '18', '雨季延误'],
  ['^', '^', '培训人次', '≧', '735', '人次', '800', '10', '10', ''],
  ['^', '质量指标', '指标2', '/', '……', '', '/', '', '', ''],
  ['效益指标\n（30分）', '社会效益\n指标', '/', '/', '/', '/', '/', '', '', ''],
  ['^', '可持续影\n响指标', '道路通行能力', '', '有所提升', '', '有所提升', '30', '30', ''],
  ['合计', '<', '<', '<', '<', '<', '<', '60', '58', ''],
]);

describe('a 元 form with another province\'s labels', () => {
  const out = recogniseDocument(doc(yuanForm), 'f.xlsx', {});
  const [e] = rows(out, 'evaluations');

  it('converts 元 exactly and takes 调整后预算数 / 预算执行数 / 权重 / 预算执行率', () => {
    expect(e).toMatchObject({ year: '2024', kind: '项目', project: '乡村道路养护', budget_initial: null, budget_full: '21.54576', executed: '20', exec_weight: '10', exec_rate: '0.9283', exec_score: '9.28' });
    expect(e).toMatchObject({ appropriation_full: '21.54576', appropriation_executed: '20' });
  });
  it('takes the department from 实施单位 when 主管部门 is blank, and the region the form states', () => {
    expect(e).toMatchObject({ department: '青溪县交通运输局', unit: '青溪县交通运输局', region: '青溪县' });
  });
  it('reads the total from the 合计 row and the goals under their headers', () => {
    expect(e).toMatchObject({ total_score: '58', goal_target: '完成12公里道路养护', goal_actual: '完成11公里' });
  });
  it('joins 指标性质 | 指标值 | 度量单位, fills merged 一级/二级 cells, strips their points', () => {
    const ind = rows(out, 'indicators');
    expect(ind.map((r) => [r.level1, r.level2, r.level3, r.target, r.actual, r.weight, r.score])).toEqual([
      ['产出指标', '数量指标', '养护里程', '≧12公里', '11公里', '20', '18'],
      ['产出指标', '数量指标', '培训人次', '≧735人次', '800人次', '10', '10'],
      ['产出指标', '质量指标', '指标2', null, null, null, null],
      ['效益指标', '可持续影响指标', '道路通行能力', '有所提升', '有所提升', '30', '30'],
    ]);
    expect(ind[0].deviation).toBe('雨季延误');
    expect(ind[0].target_op).toBe('>=');
  });
  it('reports the all-N/A row cell by cell instead of loading an empty indicator, and keeps rows read = loaded + rejected', () => {
    const f = out.find((x) => x.table === 'indicators')!;
    expect(f.rowsRead).toBe(4);
    expect(f.rowCount + f.rejected.filter((r) => r.line != null).length).toBe(4);
  });
  it('accounts for every cell: nothing on this form is left unexplained', () => {
    expect(unaccounted(out)).toEqual([
      ...['C', 'D', 'E', 'F', 'G'].map((c) => `第1张表 ${c}13「/」：不适用的行（“/”），没有指标，未载入`),
      '第1张表 H15「60」：分值合计不在数据契约中（由各行分值可算出），未载入',
    ]);
  });
});

describe('identity across a document', () => {
  const dept = grid([
    ['预算部门名称', '青溪县林业局'],
    ['年度预算申请（万元）', '', '年初预算数', '全年预算数', '全年执行数', '分值', '执行率', '得分'],
    ['', '年度资金总额', '100', '120', '118', '10', '98.33%', '9.83'],
    ['一级指标', '二级指标', '三级指标', '年度指标值', '实际完成值', '分值', '得分', '偏差原因分析及改进措施'],
    ['产出指标', '数量指标', '造林面积', '≥500亩', '520亩', '90', '90', ''],
    ['总分', '', '', '', '', '100', '99.83', ''],
  ], ['附件2', '2023年度部门整体支出绩效自评表']);
  const project = grid([
    ['项目支出名称', '森林防火'],
    ['项目资金 (万元)', '', '年初预算数', '全年预算数', '全年执行数', '分值', '执行率', '得分'],
    ['', '年度资金总额', '5', '5', '5', '10', '100%', '10'],
    ['一级指标', '二级指标', '三级指标', '年度指标值', '实际完成值', '分值', '得分', '偏差原因分析及改进措施'],
    ['满意度指标(10分)', '服务对象满意度指标', '群众满意度', '≥90%', '95%', '10', '10', ''],
  ], ['附件3', '2023年度项目支出绩效自评表'], 2);

  it('gives a project form without 主管部门 or 实施单位 the department of the 部门整体 form, and the batch region', () => {
    const out = recogniseDocument(doc(dept, project), 'pkg.docx', { region: '青溪县' });
    const ev = rows(out, 'evaluations');
    expect(ev.map((r) => [r.kind, r.department, r.project, r.year, r.region, r.eval_id])).toEqual([
      ['部门整体', '青溪县林业局', null, '2023', '青溪县', '青溪县/青溪县林业局/2023/部门整体/'],
      ['项目', '青溪县林业局', '森林防火', '2023', '青溪县', '青溪县/青溪县林业局/2023/项目/森林防火'],
    ]);
    expect(ev[0]).toMatchObject({ total_score: '99.83', budget_initial: '100', exec_rate: '0.9833' });
    expect(rows(out, 'indicators').map((r) => r.eval_id)).toEqual(['青溪县/青溪县林业局/2023/部门整体/', '青溪县/青溪县林业局/2023/项目/森林防火']);
    expect(ev.map((r) => r.source_where)).toEqual(['第1张表', '第2张表']);
  });

  it('never guesses a region: without one it is empty, and a note says so', () => {
    const out = recogniseDocument(doc(dept), 'pkg.docx', {});
    expect(rows(out, 'evaluations')[0].region).toBeNull();
    expect(out.flatMap((p) => p.notes).join()).toContain('地区为空');
  });
});

describe('flat export tables inside a grid', () => {
  it('finds a two-row header under a title and a 单位：元 row, and reads the rows as a CSV\'s', () => {
    const g = grid([
      ['2023年度项目支出绩效自评汇总表', '<', '<', '<', '<', '<', '<', '<'],
      ['单位：元', '', '', '', '', '', '', ''],
      ['', '', '', '', '', '', '', ''],
      ['年度', '预算部门', '评价类型', '项目名称', '项目资金', '<', '<', '执行率'],
      ['^', '^', '^', '^', '年初预算数', '全年预算数', '全年执行数', '^'],
      ['2023', '青溪县林业局', '项目', '森林防火', '50000', '1,833,500', '215457.6', '100%'],
      ['', '', '', '', '', '', '', ''],
      ['2023', '青溪县林业局', '项目', '', '1', '1', '1', '100%'],
    ], [], 1, '汇总');
    const out = recogniseDocument(doc(g), 'export.xlsx', {});
    expect(out).toHaveLength(1);
    const [e] = rows(out, 'evaluations');
    expect(e).toMatchObject({ project: '森林防火', budget_initial: '5', budget_full: '183.35', executed: '21.54576', exec_rate: '1' });
    expect(out[0].rowsRead).toBe(2);
    expect(out[0].rejected).toEqual([{ file: 'export.xlsx', line: 8, reason: expect.stringMatching(/^工作表「汇总」 第8行：项目支出绩效自评表缺少项目名称/) }]);
    expect(out[0].notes.join()).toContain('金额单位为元');
  });
});

describe('documents without a form', () => {
  it('are refused with that reason', () => {
    const out = recogniseDocument(doc(grid([['姓名', '电话'], ['张三', '123']])), 'contacts.html', {});
    expect(out).toHaveLength(1);
    expect(out[0].table).toBeNull();
    expect(out[0].rejected[0].reason).toMatch(/不是可识别的自评表/);
    expect(recogniseDocument(doc(), 'empty.html', {})[0].rejected[0].reason).toMatch(/没有表格/);
  });
});
