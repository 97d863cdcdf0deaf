// Ingest against real DuckDB-WASM in Node: every kind of bad input the contract names.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/db/engine';
import { openNodeEngine } from '../../src/db/node';
import { clearAll } from '../../src/db/schema';
import { loadFiles, removeFile } from '../../src/ingest/load';
import { parseFile } from '../../src/ingest/parse';
import { encodeGbk } from '../../src/generate/gbk';

const enc = new TextEncoder();
const file = (name: string, text: string | Uint8Array) => ({ name, bytes: typeof text === 'string' ? enc.encode(text) : text, origin: 'own' as const });

const EVAL_HEADER = '评价编号,年度,地区,预算部门,评价类型,项目名称,年初预算数（万元）,全年预算数（万元）,全年执行数（万元）,执行率分值,执行率,执行率得分,总分';
const IND_HEADER = '评价编号,一级指标,二级指标,三级指标,年度指标值,实际完成值,分值,得分,偏差原因分析及改进措施';

let engine: Engine;
beforeAll(async () => {
  engine = await openNodeEngine();
});
afterAll(() => engine.close());
beforeEach(() => clearAll(engine));

const one = <T>(rows: T[]) => rows[0];

describe('values and tables', () => {
  it('loads money exactly in every written form, blank as NULL', async () => {
    const csv = [
      EVAL_HEADER,
      'A1,2023,甲县,财政局,部门整体,,"1,833,500元",183.35万元,１８３．３５,10,100.00%,10.00,100',
      'A2,2023年,甲县,财政局,项目,路灯,150万,150,,10,98.5%,9.85,',
    ].join('\n');
    const r = await loadFiles(engine, [file('e.csv', csv)]);
    expect(r.rejected).toEqual([]);
    const rows = await engine.query('SELECT eval_id, budget_initial, budget_full, executed, exec_rate, total_score FROM evaluations ORDER BY eval_id');
    expect(rows).toEqual([
      { eval_id: 'A1', budget_initial: '183.35', budget_full: '183.35', executed: '183.35', exec_rate: '1', total_score: '100' },
      { eval_id: 'A2', budget_initial: '150', budget_full: '150', executed: null, exec_rate: '0.985', total_score: null },
    ]);
    // Sums stay exact: 0.1 + 0.2 is 0.3 in DECIMAL.
    await loadFiles(engine, [file('f.csv', [EVAL_HEADER, 'B1,2023,甲县,水利局,部门整体,,0.1,0.1,0.1,10,1,10,100', 'B2,2023,甲县,水利局,项目,清淤,0.2,0.2,0.2,10,1,10,100'].join('\n'))]);
    expect(one(await engine.query("SELECT sum(executed) AS s FROM evaluations WHERE department = '水利局'"))).toEqual({ s: '0.3' });
  });

  it('parses targets and actuals into comparator, number and unit, keeping the raw text', async () => {
    const csv = [IND_HEADER, 'A1,产出指标,数量指标,覆盖,≧95%,98%,10,10,', 'A1,,,效益,有所提升,有所提升,10,10,', 'A1,,,金额,183.35万元,183.35万元,5,5,'].join('\n');
    await loadFiles(engine, [file('i.csv', csv)]);
    const rows = await engine.query('SELECT seq, level1, level2, target, target_op, target_value, target_unit, actual_value FROM indicators ORDER BY seq');
    expect(rows).toEqual([
      { seq: 1, level1: '产出指标', level2: '数量指标', target: '≧95%', target_op: '>=', target_value: '0.95', target_unit: '%', actual_value: '0.98' },
      { seq: 2, level1: '产出指标', level2: '数量指标', target: '有所提升', target_op: null, target_value: null, target_unit: null, actual_value: null },
      { seq: 3, level1: '产出指标', level2: '数量指标', target: '183.35万元', target_op: '=', target_value: '183.35', target_unit: '万元', actual_value: '183.35' },
    ]);
  });

  it('fills level1/level2 down under merged cells within one form only', async () => {
    const csv = [IND_HEADER, 'F1,产出指标（30分）,数量指标,a,1,1,10,10,', 'F1,,,b,1,1,10,10,', 'F2,,,c,1,1,10,10,', 'F1,效益指标,,d,1,1,10,10,'].join('\n');
    await loadFiles(engine, [file('i.csv', csv)]);
    const rows = await engine.query('SELECT eval_id, level3, level1, level2 FROM indicators ORDER BY eval_id, seq');
    expect(rows).toEqual([
      { eval_id: 'F1', level3: 'a', level1: '产出指标', level2: '数量指标' },
      { eval_id: 'F1', level3: 'b', level1: '产出指标', level2: '数量指标' },
      { eval_id: 'F1', level3: 'd', level1: '效益指标', level2: null },
      { eval_id: 'F2', level3: 'c', level1: null, level2: null },
    ]);
  });

  it('recognises English headers and derives eval_id when absent', async () => {
    const csv = ['year,region,department,kind,project,budget_full', '2023,甲县,教育局,项目,校舍改造,300', '2023,甲县,教育局,部门整体,,900'].join('\n');
    const r = await loadFiles(engine, [file('e.csv', csv)]);
    expect(r.files[0].table).toBe('evaluations');
    expect(await engine.query('SELECT eval_id FROM evaluations ORDER BY eval_id')).toEqual([
      { eval_id: '甲县/教育局/2023/部门整体/' },
      { eval_id: '甲县/教育局/2023/项目/校舍改造' },
    ]);
  });
});

describe('bad input never loses data silently', () => {
  it('reads a GBK file with Chinese headers, as Excel on a Chinese Windows writes it', async () => {
    const text = [EVAL_HEADER, 'G1,2023,甲县,卫生健康局,项目,基本公共卫生服务,183.35,183.35,180.1,10,98.23%,9.82,95.5'].join('\r\n');
    const bytes = encodeGbk(text);
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow();
    const parsed = await parseFile('gbk.csv', bytes);
    expect(parsed.encoding).toBe('gb18030');
    await loadFiles(engine, [file('gbk.csv', bytes)]);
    expect(await engine.query('SELECT department, project, executed, exec_rate FROM evaluations')).toEqual([
      { department: '卫生健康局', project: '基本公共卫生服务', executed: '180.1', exec_rate: '0.9823' },
    ]);
  });

  it('reads UTF-8 with a BOM and CRLF line ends', async () => {
    const text = '\ufeff' + [IND_HEADER, 'A1,产出指标,数量指标,x,1,1,10,10,', 'A1,,,y,1,1,10,,'].join('\r\n') + '\r\n';
    const r = await loadFiles(engine, [file('bom.csv', text)]);
    expect(r.files[0]).toMatchObject({ table: 'indicators', rowsRead: 2, rowsLoaded: 2, rowsRejected: 0 });
    expect((await parseFile('bom.csv', enc.encode(text))).encoding).toBe('utf-8-bom');
    // Blank score is NULL, not 0.
    expect(await engine.query("SELECT score FROM indicators WHERE level3 = 'y'")).toEqual([{ score: null }]);
  });

  it('keeps quoted fields with newlines and commas, and reports the editor line of each row', async () => {
    const text = [IND_HEADER, 'A1,产出指标,数量指标,"多行\n指标,含逗号",1,1,10,10,', 'A1,,,y,1,1,十,10,', 'A1,,,z,1,1,N/A,10,'].join('\n');
    const r = await loadFiles(engine, [file('q.csv', text)]);
    expect(await engine.query('SELECT level3 FROM indicators')).toEqual([{ level3: '多行\n指标,含逗号' }]);
    expect(r.rejected).toEqual([
      { file: 'q.csv', line: 4, reason: expect.stringContaining('「十」不是数字') },
      { file: 'q.csv', line: 5, reason: expect.stringContaining('「N/A」不是数字') },
    ]);
    expect(r.files[0].rowsRead).toBe(r.files[0].rowsLoaded + r.files[0].rowsRejected);
  });

  it('leaves an unknown column out and says so once', async () => {
    const text = [IND_HEADER + ',备注', 'A1,产出指标,数量指标,x,1,1,10,10,,甲', 'A1,,,y,1,1,10,10,,乙'].join('\n');
    const r = await loadFiles(engine, [file('extra.csv', text)]);
    expect(r.files[0].rowsLoaded).toBe(2);
    expect(r.files[0].notes.filter((n) => n.includes('备注'))).toHaveLength(1);
  });

  it('loading the same file twice replaces instead of doubling', async () => {
    const text = [EVAL_HEADER, 'A1,2023,甲县,财政局,部门整体,,1,1,1,10,1,10,100'].join('\n');
    await loadFiles(engine, [file('a.csv', text)]);
    const again = await loadFiles(engine, [file('a.csv', text)]);
    expect(again.files[0].rowsReplaced).toBe(1);
    // The same form under another file name and another eval_id is still the same form.
    const renamed = text.replace('A1,', 'Z9,');
    const third = await loadFiles(engine, [file('b.csv', renamed)]);
    expect(third.files[0].rowsReplaced).toBe(1);
    expect(await engine.query('SELECT eval_id FROM evaluations')).toEqual([{ eval_id: 'Z9' }]);
  });

  it('refuses an empty file and a file whose headers match no table, with line null', async () => {
    const r = await loadFiles(engine, [file('empty.csv', ''), file('other.csv', '姓名,电话\n张三,123'), file('ok.csv', [IND_HEADER, 'A1,产出指标,数量指标,x,1,1,10,10,'].join('\n'))]);
    expect(r.rejected).toEqual([
      { file: 'empty.csv', line: null, reason: '空文件' },
      { file: 'other.csv', line: null, reason: expect.stringContaining('evaluations') },
    ]);
    expect(r.files.map((f) => f.table)).toEqual([null, null, 'indicators']);
    expect(r.files[2].rowsLoaded).toBe(1);
  });

  it("recognises each table from its own headers, whatever the file is called", async () => {
    const r = await loadFiles(engine, [
      file('evaluations.csv', '年度,预算部门,项目,上年决算数,本年预算数,本年决算数\n2023,财政局,三公经费,2.7,3.9,2.02'),
      file('x.csv', '年度,部门名称,编制数,实际在职人数\n2023,财政局,12,12人'),
    ]);
    expect(r.files.map((f) => f.table)).toEqual(['spending', 'staffing']);
  });

  it('does not take a list of faults for spending just because it names departments, years and items', async () => {
    const r = await loadFiles(engine, [file('truth.csv', 'fault,eval_id,region,department,year,item\nsangong-parts,,甲县,财政局,2023,三公经费')]);
    expect(r.files[0].table).toBeNull();
    expect(r.rejected[0]).toMatchObject({ line: null, reason: expect.stringContaining('prior_final') });
    expect(await engine.query('SELECT count(*)::INTEGER AS n FROM spending')).toEqual([{ n: 0 }]);
  });

  it('takes a removed file back out, rows, rejects and entry', async () => {
    const a = [EVAL_HEADER, 'A1,2023,甲县,财政局,部门整体,,1,1,1,10,1,10,100', 'A2,,甲县,财政局,项目,坏行,1,1,1,10,1,10,100'].join('\n');
    const b = [EVAL_HEADER, 'B1,2023,甲县,水利局,部门整体,,2,2,2,10,1,10,100'].join('\n');
    await loadFiles(engine, [file('a.csv', a), file('b.csv', b)]);
    expect(await removeFile(engine, 'a.csv')).toBe(1);
    expect(await engine.query('SELECT eval_id FROM evaluations')).toEqual([{ eval_id: 'B1' }]);
    expect(await engine.query('SELECT file FROM loaded_files')).toEqual([{ file: 'b.csv' }]);
    expect(await engine.query('SELECT count(*)::INTEGER AS n FROM rejected_rows')).toEqual([{ n: 0 }]);
  });

  it('rejects a row with too few columns and keeps the rest', async () => {
    const text = [IND_HEADER, 'A1,产出指标,数量指标,x,1,1,10,10,', 'A1,产出指标,数量', 'A1,,,y,1,1,10,10,'].join('\n');
    const r = await loadFiles(engine, [file('cut.csv', text)]);
    expect(r.files[0]).toMatchObject({ rowsRead: 3, rowsLoaded: 2, rowsRejected: 1 });
    expect(r.rejected[0]).toMatchObject({ line: 3 });
  });

  it('parses a 50 MB file with progress reports', async () => {
    const row = 'A1,产出指标,数量指标,全面提升机构编制管理水平并持续改进的一个很长的指标名称,≧95%,98%,10,10,无\n';
    const n = Math.ceil((50 * 1024 * 1024) / enc.encode(row).length);
    const bytes = enc.encode(IND_HEADER + '\n' + row.repeat(n));
    expect(bytes.length).toBeGreaterThan(50 * 1024 * 1024);
    const progress: number[] = [];
    const parsed = await parseFile('big.csv', bytes, (done, total) => progress.push(done / total));
    expect(parsed.rowsRead).toBe(n);
    expect(parsed.rowCount).toBe(n);
    expect(progress.length).toBeGreaterThan(10);
    expect(progress.at(-1)).toBe(1);
  }, 120_000);
});
