// A form as a government site publishes it: a GB2312 page with navigation, a layout table around
// the content, and the form as a <table> with rowspan/colspan (test/fixtures/site-form-gbk.html,
// written by hand after real county sites).
import fs from 'node:fs';
import path from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { decodeHtml, htmlGrids } from '../../src/ingest/documents/html';
import { documentKind, parseDocument } from '../../src/ingest/documents/index';
import type { ParsedFile } from '../../src/ingest/types';

const PAGE = new Uint8Array(fs.readFileSync(path.resolve(__dirname, '../fixtures/site-form-gbk.html')));

function rows(p: ParsedFile[], table: string): Record<string, unknown>[] {
  const f = p.find((x) => x.table === table);
  return f?.staged ? tableFromIPC(f.staged).toArray().map((r) => r.toJSON() as Record<string, unknown>) : [];
}

describe('a saved government web page', () => {
  it('is decoded by its declared GB2312 charset, never as mojibake', () => {
    const { text, encoding } = decodeHtml(PAGE);
    expect(encoding).toBe('gb18030');
    expect(text).toContain('项目支出绩效自评表');
    expect(documentKind('site.html', PAGE)).toBe('html');
    expect(documentKind('download.aspx', PAGE)).toBe('html');
  });

  it('yields the form table alone, its title in the caption, nav and scripts left out', async () => {
    const { text } = decodeHtml(PAGE);
    const doc = await htmlGrids(text, 'site.html');
    expect(doc.grids).toHaveLength(1);
    const g = doc.grids[0];
    expect(g.caption).toContain('2023年度项目支出绩效自评表');
    expect(g.caption.join()).not.toMatch(/首页 \| 政务公开|_hmt/);
    expect(g.rows).toBe(17);
    expect(g.cols).toBe(10);
    const money = g.cells.find((c) => c.text.startsWith('项目资金'))!;
    expect([money.rowSpan, money.colSpan, money.text]).toEqual([5, 2, '项目资金\n（万元）']);
    expect(doc.trailer[0]).toMatch(/^注：1\.一级指标分值/);
  });

  it('loads the form: identity, money block, goals, merged 一级/二级 cells, total', async () => {
    const out = await parseDocument('site.html', PAGE, {});
    const [e] = rows(out, 'evaluations');
    expect(e).toMatchObject({
      year: '2023', kind: '项目', project: '森林防火专项', department: '青溪县林业局', unit: '青溪县森林防火指挥部办公室', region: null,
      budget_initial: '30', budget_full: '32.5', executed: '31.25', exec_weight: '10', exec_rate: '0.9615', exec_score: '9.62',
      appropriation_initial: '30', carryover_initial: null, other_executed: null, total_score: '96.87',
      goal_target: '全年无重大森林火灾，火灾受害率控制在0.9‰以内。', goal_actual: '全年未发生重大森林火灾，受害率0.3‰。',
      source_where: '第1张表',
    });
    const ind = rows(out, 'indicators');
    expect(ind.map((r) => [r.level1, r.level2, r.level3, r.weight, r.score])).toEqual([
      ['产出指标', '数量指标', '巡护里程', '20', '20'],
      ['产出指标', '数量指标', '宣传培训人次', '15', '12'],
      ['产出指标', '时效指标', '完成时间', '15', '15'],
      ['效益指标', '生态效益指标', '森林火灾受害率', '20', '20'],
      ['效益指标', '可持续影响指标', '防火能力', '10', '10'],
      ['满意度指标', '服务对象满意度指标', '群众满意度', '10', '10'],
    ]);
    expect(ind[1]).toMatchObject({ target: '≥735人次', actual: '690人次', deviation: '受疫情影响，部分培训改为线上', source_where: '第1张表 第12行第4列' });
    const unaccounted = out.flatMap((p) => p.rejected.filter((r) => r.line == null).map((r) => r.reason));
    expect(unaccounted).toEqual(['第1张表 第17行第7列「100」：分值合计不在数据契约中（由各行分值可算出），未载入']);
    expect(out[0].encoding).toBe('gb18030');
  });

  it('reads an undeclared UTF-8 page strictly as UTF-8, and refuses a page with no form', async () => {
    const page = new TextEncoder().encode('<html><body><p>2023年度部门整体支出绩效自评表</p><table><tr><td>预算部门名称</td><td>青溪县林业局</td></tr>'
      + '<tr><td>一级指标</td><td>二级指标</td><td>三级指标</td><td>分值</td><td>得分</td></tr><tr><td>产出指标</td><td>数量指标</td><td>造林</td><td>10</td><td>9</td></tr></table></body></html>');
    const out = await parseDocument('page.htm', page, { region: '青溪县' });
    expect(out[0].encoding).toBe('utf-8');
    expect(rows(out, 'evaluations')[0]).toMatchObject({ kind: '部门整体', department: '青溪县林业局', region: '青溪县', year: '2023' });
    const none = await parseDocument('news.html', new TextEncoder().encode('<html><body><nav>首页</nav><p>新闻</p></body></html>'));
    expect(none[0].table).toBeNull();
    expect(none[0].rejected[0].reason).toMatch(/没有表格/);
  });
});

describe('which document a file is', () => {
  const zip = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0, 0]);
  const pdf = new TextEncoder().encode('%PDF-1.7\n');
  it('goes by the name, checked against the first bytes', () => {
    expect(documentKind('a.docx', zip)).toBe('docx');
    expect(documentKind('a.xlsx', zip)).toBe('xlsx');
    expect(documentKind('a.pdf', pdf)).toBe('pdf');
    expect(documentKind('renamed.doc', pdf)).toBe('pdf');
    expect(documentKind('a.pdf', zip)).toBeNull();
    expect(documentKind('notes.txt', new TextEncoder().encode('附件1\n'))).toBe('txt');
    expect(documentKind('data.csv', new TextEncoder().encode('年度,部门\n'))).toBeNull();
  });
  it('refuses, with the reason, what it cannot read', async () => {
    expect((await parseDocument('a.bin', new Uint8Array([1, 2, 3])))[0].rejected[0].reason).toMatch(/不是可读取的文档/);
    expect((await parseDocument('a.txt', new Uint8Array()))[0].rejected[0].reason).toBe('空文件');
  });
});
