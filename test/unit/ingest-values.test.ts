// Cell values through the real ingest (parseFile + loadFiles into DuckDB-WASM): a value that does
// not fit its column rejects its row with the reason and never fails the load (issue 10, class 4);
// nothing is coerced without a word (class 5).
import Decimal from 'decimal.js';
import { Binary, DateDay, Float32, Float64, Int32, Int64, TimestampMillisecond, Utf8, vectorFromArray } from 'apache-arrow';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/db/engine';
import { analyse } from '../../src/analysis/analyse';
import { openNodeEngine } from '../../src/db/node';
import { clearAll, DATA_TABLES } from '../../src/db/schema';
import { TABLE_COLUMNS, type ColumnType } from '../../src/ingest/headers';
import { DECIMAL_LIMITS, INTEGER_LIMITS, MEASURE } from '../../src/ingest/limits';
import { parseFile } from '../../src/ingest/parse';
import { writeParquetFromIPC } from '../../src/ingest/parquet';
import { canonical, csvOf, loadOne, parquetOf, rowsByLine, rowsInDb, TABLES, validRow, written } from './ingest-values-fixtures';

let engine: Engine;
beforeAll(async () => {
  engine = await openNodeEngine();
});
afterAll(() => engine.close());
beforeEach(() => clearAll(engine));

const IND = ['eval_id', 'level1', 'level2', 'level3', 'target', 'actual', 'weight', 'score'];
const indicatorsCsv = (rows: string[][]) => new TextEncoder().encode([IND.join(','), ...rows.map((r) => r.join(','))].join('\n'));
const EVAL = ['eval_id', 'year', 'department', 'kind', 'project', 'budget_full', 'executed', 'exec_rate', 'total_score'] as const;
type EvalCells = Partial<Record<(typeof EVAL)[number], string>>;
/** A 项目 form named `id` of 财政局, 2023, 1 万元 budgeted and executed at 100 %, scoring 100, with `cells` instead. */
const form = (id: string, cells: EvalCells = {}): string[] => {
  const row: Record<string, string> = { eval_id: id, year: '2023', department: '财政局', kind: '项目', project: id, budget_full: '1', executed: '1', exec_rate: '100%', total_score: '100', ...cells };
  return EVAL.map((c) => row[c]);
};
const evaluationsCsv = (rows: string[][]) =>
  new TextEncoder().encode([EVAL.join(','), ...rows.map((r) => r.map((c) => (/[",]/.test(c) ? `"${c}"` : c)).join(','))].join('\n'));

/** Values at, just past and just below the limit of each column type, in the form a file writes them. */
function edges(type: ColumnType): { fits: [string, string | number][]; refused: string[] } {
  const scaled = (d: Decimal, scale: number) => d.toFixed(scale);
  switch (type) {
    case 'money':
    case 'number': {
      const { maxAbs, scale } = DECIMAL_LIMITS[type];
      const step = new Decimal(10).pow(-scale);
      return {
        fits: [[maxAbs.toFixed(), canonical(maxAbs)], [maxAbs.neg().toFixed(), canonical(maxAbs.neg())], [scaled(step, scale), canonical(step)]],
        refused: [maxAbs.plus(step).toFixed(), maxAbs.neg().minus(step).toFixed(), step.div(10).toFixed(), type === 'money' ? '1234567890123' : '123456789'],
      };
    }
    case 'percent': {
      // Written with % so that the file-wide reading of bare numbers is not what is tested here.
      const { maxAbs, scale } = DECIMAL_LIMITS.percent;
      const step = new Decimal(10).pow(-scale);
      return {
        fits: [[`${maxAbs.times(100).toFixed()}%`, canonical(maxAbs)], [`${step.times(100).toFixed()}%`, canonical(step)]],
        refused: [`${maxAbs.plus(step).times(100).toFixed()}%`, `${step.times(10).toFixed()}%`, '100.0000001%'],
      };
    }
    case 'year': {
      const { min, max } = INTEGER_LIMITS.year;
      return { fits: [[String(min), min], [String(max), max]], refused: [String(min - 1), String(max + 1), '20231105123'] };
    }
    case 'int': {
      const { min, max } = INTEGER_LIMITS.int;
      return { fits: [[String(min), min], [String(max), max]], refused: [String(min - 1), String(max + 1), '12345678901'] };
    }
    case 'text':
      return { fits: [], refused: [] };
  }
}

describe('a value its column cannot hold rejects its row, never the load', () => {
  for (const table of TABLES) {
    it(`every numeric column of ${table}: the limit loads exactly, one step past it is rejected with the reason`, async () => {
      const rows: Record<string, string>[] = [written(validRow(table, 0))];
      const fits: { line: number; column: string; stored: string | number }[] = [];
      const refused: { line: number; column: string; value: string }[] = [];
      for (const spec of TABLE_COLUMNS[table]) {
        const { fits: ok, refused: bad } = edges(spec.type);
        for (const [value, stored] of ok) {
          rows.push({ ...written(validRow(table, rows.length)), [spec.name]: value });
          fits.push({ line: rows.length + 1, column: spec.name, stored });
        }
        for (const value of bad) {
          rows.push({ ...written(validRow(table, rows.length)), [spec.name]: value });
          refused.push({ line: rows.length + 1, column: spec.name, value });
        }
      }
      const { file, rejected } = await loadOne(engine, `${table}.csv`, csvOf(table, rows));
      expect(file).toMatchObject({ table, rowsRead: rows.length, rowsLoaded: rows.length - refused.length, rowsRejected: refused.length });
      expect(rejected).toEqual(refused.map((r) => ({ file: `${table}.csv`, line: r.line, reason: expect.stringContaining(`（${r.column}）：「${r.value}」`) })));
      const loaded = await rowsByLine(engine, table);
      for (const f of fits) expect({ line: f.line, value: loaded.get(f.line)?.[f.column] }).toEqual({ line: f.line, value: f.stored });
      expect(loaded.get(2)).toMatchObject(Object.fromEntries(Object.entries(validRow(table, 0)).map(([k, c]) => [k, c.stored])));
    });
  }

  it('the limits are the columns: each numeric column in DuckDB is the SQL type its limit was made from', async () => {
    const types = await engine.query<{ table_name: string; column_name: string; data_type: string }>(
      `SELECT table_name, column_name, data_type FROM information_schema.columns WHERE table_name IN (${DATA_TABLES.map((t) => `'${t}'`).join(',')})`,
    );
    const typeOf = (t: string, c: string) => types.find((r) => r.table_name === t && r.column_name === c)?.data_type;
    for (const table of TABLES) {
      for (const spec of TABLE_COLUMNS[table]) {
        if (spec.type === 'money' || spec.type === 'number' || spec.type === 'percent') expect([spec.name, typeOf(table, spec.name)]).toEqual([spec.name, DECIMAL_LIMITS[spec.type].sqlType]);
        if (spec.type === 'year' || spec.type === 'int') expect([spec.name, typeOf(table, spec.name)]).toEqual([spec.name, 'INTEGER']);
      }
    }
    expect([typeOf('indicators', 'target_value'), typeOf('indicators', 'actual_value')]).toEqual([MEASURE, MEASURE]);
  });

  it('a 16-digit number in a target is text, not a measure: the row loads and the file says why no measure was read', async () => {
    const max = DECIMAL_LIMITS.measure.maxAbs.toFixed();
    const past = DECIMAL_LIMITS.measure.maxAbs.plus('0.000001').toFixed();
    const csv = indicatorsCsv([
      ['A1', '产出指标', '数量指标', '合同', '按合同编号2023110512345678执行', '已执行', '10', '10'],
      ['A1', '产出指标', '数量指标', '上限', `≥${max}`, `≥${past}`, '10', '10'],
      ['A1', '产出指标', '数量指标', '覆盖', '≧95%', '98%', '10', '10'],
    ]);
    const { file, rejected } = await loadOne(engine, 'i.csv', csv);
    expect(rejected).toEqual([]);
    expect(file).toMatchObject({ rowsRead: 3, rowsLoaded: 3 });
    expect(await engine.query('SELECT target, target_op, target_value, actual_value FROM indicators ORDER BY seq')).toEqual([
      { target: '按合同编号2023110512345678执行', target_op: null, target_value: null, actual_value: null },
      { target: `≥${max}`, target_op: '>=', target_value: max, actual_value: null },
      { target: '≧95%', target_op: '>=', target_value: '0.95', actual_value: '0.98' },
    ]);
    expect(file.notes).toContainEqual(expect.stringMatching(/年度指标值（target）中的数字超出.*：1 行（第 2 行）/));
    expect(file.notes).toContainEqual(expect.stringMatching(/实际完成值（actual）中的数字超出.*：1 行（第 3 行）/));
  });

  it('the issue\'s three: a 13-digit amount, a 9-digit score, an 11-digit year, each its own rejected row; the rest loads and the rules run', async () => {
    const csv = evaluationsCsv([
      form('E1', { budget_full: '1234567890123' }),
      form('E2', { total_score: '123456789' }),
      form('E3', { year: '20231105123' }),
      form('E4', { budget_full: '52,000.5', executed: '52,000.5' }),
    ]);
    const { file, rejected } = await loadOne(engine, 'e.csv', csv);
    expect(file).toMatchObject({ rowsRead: 4, rowsLoaded: 1, rowsRejected: 3 });
    expect(rejected).toEqual([
      { file: 'e.csv', line: 2, reason: expect.stringContaining('全年预算数（budget_full）：「1234567890123」超出金额的范围') },
      { file: 'e.csv', line: 3, reason: expect.stringContaining('总分（total_score）：「123456789」超出分值的范围') },
      { file: 'e.csv', line: 4, reason: expect.stringContaining('年度（year）：「20231105123」不是年份') },
    ]);
    expect(await engine.query('SELECT eval_id, budget_full FROM evaluations')).toEqual([{ eval_id: 'E4', budget_full: '52000.5' }]);
    await analyse(engine);
    expect(await engine.query('SELECT eval_id FROM form_scores')).toEqual([{ eval_id: 'E4' }]);
  });
});

describe('nothing is coerced without a word', () => {
  it('separators are thousands grouping or refused: a decimal comma or misplaced groups are not read as digits', async () => {
    const csv = evaluationsCsv([
      form('E1', { budget_full: '183,35' }),
      form('E2', { budget_full: '12,34,5' }),
      form('E3', { budget_full: '1,833,500', executed: '215,457.6元' }),
      form('E4', { budget_full: '1，833，500', executed: '１，８３３．５' }),
      form('E5', { budget_full: '183，35' }),
      form('E6', { budget_full: '1 833 500', total_score: '9,5' }),
      form('E7', { budget_full: '1,833.5,0' }),
    ]);
    const { file, rejected } = await loadOne(engine, 'sep.csv', csv);
    expect(file).toMatchObject({ rowsRead: 7, rowsLoaded: 2, rowsRejected: 5 });
    const thousands = expect.stringContaining('不是每三位一组的千位分隔');
    expect(rejected.map((r) => [r.line, r.reason])).toEqual([
      [2, expect.stringContaining('「183,35」不是金额')],
      [3, expect.stringContaining('「12,34,5」不是金额')],
      [6, expect.stringContaining('「183，35」不是金额')],
      [7, expect.stringContaining('「9,5」不是数字')],
      [8, expect.stringContaining('「1,833.5,0」不是金额')],
    ]);
    for (const r of rejected) expect(r.reason).toEqual(thousands);
    expect(await engine.query('SELECT eval_id, budget_full, executed FROM evaluations ORDER BY eval_id')).toEqual([
      { eval_id: 'E3', budget_full: '1833500', executed: '21.54576' },
      { eval_id: 'E4', budget_full: '1833500', executed: '1833.5' },
    ]);
  });

  it('more decimals than the column keeps are refused, never rounded; exactly as many are kept', async () => {
    const csv = evaluationsCsv([
      form('E1', { budget_full: '0.0000001' }),
      form('E2', { budget_full: '215,457.61元', executed: '0.000001', total_score: '99.9999' }),
      form('E3', { budget_full: '215,457.612元' }),
      form('E4', { total_score: '9.87654' }),
      form('E5', { exec_rate: '99.12345%' }),
    ]);
    const { rejected } = await loadOne(engine, 'dec.csv', csv);
    expect(rejected.map((r) => [r.line, r.reason])).toEqual([
      [2, expect.stringContaining('「0.0000001」小数超过 6 位：不作舍入')],
      [4, expect.stringContaining('「215,457.612元」即 21.5457612 万元，小数超过 6 位：不作舍入')],
      [5, expect.stringContaining('「9.87654」小数超过 4 位')],
      [6, expect.stringContaining('「99.12345%」即 0.9912345，小数超过 6 位')],
    ]);
    expect(await engine.query('SELECT budget_full, executed, total_score FROM evaluations')).toEqual([{ budget_full: '21.545761', executed: '0.000001', total_score: '99.9999' }]);
  });

  it('a bare percent is read one way for the whole column, from all of its values, and the file says which', async () => {
    const row = (id: string, rate: string) => form(id, { exec_rate: rate });
    const ratios = await loadOne(engine, 'ratios.csv', evaluationsCsv([row('A', '1.99'), row('B', '0.985'), row('C', '100%'), row('D', '')]));
    expect(ratios.file.notes).toContainEqual(expect.stringContaining('执行率（exec_rate）：不带 % 的 2 个值都不超过 2，按比率读取'));
    const points = await loadOne(engine, 'points.csv', evaluationsCsv([row('E', '1.99'), row('F', '5'), row('G', '98.5'), row('H', '100%')]));
    expect(points.file.notes).toContainEqual(expect.stringContaining('执行率（exec_rate）：不带 % 的值中有「5」超过 2，该列不带 % 的 3 个值都按百分点读取'));
    expect(await engine.query('SELECT eval_id, exec_rate FROM evaluations ORDER BY eval_id')).toEqual([
      { eval_id: 'A', exec_rate: '1.99' },
      { eval_id: 'B', exec_rate: '0.985' },
      { eval_id: 'C', exec_rate: '1' },
      { eval_id: 'D', exec_rate: null },
      { eval_id: 'E', exec_rate: '0.0199' },
      { eval_id: 'F', exec_rate: '0.05' },
      { eval_id: 'G', exec_rate: '0.985' },
      { eval_id: 'H', exec_rate: '1' },
    ]);
    const signOnly = await loadOne(engine, 'signed.csv', evaluationsCsv([row('I', '100.0000001%'), row('J', '98%')]));
    expect(signOnly.file.notes.filter((n) => n.includes('exec_rate'))).toEqual([]);
    expect(signOnly.rejected).toEqual([{ file: 'signed.csv', line: 2, reason: expect.stringContaining('「100.0000001%」即 1.000000001，小数超过 6 位') }]);
  });

  it('rows held for the percent reading keep their line order among rows rejected while reading', async () => {
    const text = [EVAL.join(','), 'A,2023,财政局,项目,a,1,1,1.5,100', 'B,2023,财政局', 'C,2023,财政局,项目,c,x,1,1,100'].join('\n');
    const parsed = await parseFile('order.csv', new TextEncoder().encode(text));
    expect(parsed.rejected.map((r) => r.line)).toEqual([3, 4]);
    expect(parsed.rowCount).toBe(1);
  });
});

/** n 部门整体 forms P0…, without a year. */
const base = (n: number) => ({
  eval_id: vectorFromArray(Array.from({ length: n }, (_, i) => `P${i}`), new Utf8()),
  department: vectorFromArray(Array.from({ length: n }, (_, i) => `部门${i}`), new Utf8()),
  kind: vectorFromArray(Array.from({ length: n }, () => '部门整体'), new Utf8()),
});

describe('Parquet columns of the wrong type', () => {

  it('a year stored as DATE or TIMESTAMP: every row with a year is rejected with the column\'s type; the file says so once', async () => {
    const day = new Date(Date.UTC(2023, 0, 1));
    const date = await parquetOf({ ...base(2), year: vectorFromArray([day, null], new DateDay()), budget_full: vectorFromArray(['1', '2'], new Utf8()) });
    const stamp = await parquetOf({
      year: vectorFromArray([day], new TimestampMillisecond()),
      department: vectorFromArray(['财政局'], new Utf8()),
      item: vectorFromArray(['三公经费'], new Utf8()),
      budget: vectorFromArray(['1'], new Utf8()),
    });
    const good = await parquetOf({ ...base(1), year: vectorFromArray([2023], new Int32()) });
    const a = await loadOne(engine, 'date.parquet', date);
    const b = await loadOne(engine, 'stamp.parquet', stamp);
    const c = await loadOne(engine, 'good.parquet', good);
    expect(a.rejected).toEqual([
      { file: 'date.parquet', line: 2, reason: expect.stringContaining('年度（year）：Parquet 列类型为 Date32<DAY>') },
      { file: 'date.parquet', line: 3, reason: '缺少年度' },
    ]);
    expect(a.file.notes).toContainEqual('列「year」→ 年度（year）：Parquet 列类型为 Date32<DAY>，不能作为数值读取（应为整数、小数、DECIMAL 或文本），不作换算，该列有值的行已拒收');
    expect(b.file).toMatchObject({ table: 'spending', rowsRead: 1, rowsRejected: 1 });
    expect(b.rejected[0].reason).toContain('Timestamp<MILLISECOND>');
    expect(c.file).toMatchObject({ rowsLoaded: 1, rowsRejected: 0 });
    expect(await engine.query('SELECT eval_id, year FROM evaluations')).toEqual([{ eval_id: 'P0', year: 2023 }]);
  });

  it('FLOAT and DOUBLE money at their shortest decimal, with a note naming the columns; too many decimals is refused', async () => {
    const bytes = await parquetOf({
      ...base(3),
      year: vectorFromArray([2023, 2024, 2025], new Int32()),
      budget_full: vectorFromArray([183.35, 0.1, 52000.5], new Float32()),
      executed: vectorFromArray([183.35, 0.1 + 0.2, 1e13], new Float64()),
      exec_rate: vectorFromArray([0.985, 1, 1], new Float64()),
    });
    const { file, rejected } = await loadOne(engine, 'float.parquet', bytes);
    expect(file.notes).toContainEqual('这些列是二进制浮点数（Parquet FLOAT/DOUBLE），已按最短十进制形式读取：budget_full（Float32）、executed（Float64）、exec_rate（Float64）');
    expect(file.notes).toContainEqual(expect.stringContaining('按比率读取'));
    expect(rejected.map((r) => [r.line, r.reason])).toEqual([
      [3, expect.stringContaining('「0.30000000000000004」小数超过 6 位')],
      [4, expect.stringContaining('「10000000000000」超出金额的范围')],
    ]);
    const rows = await engine.query('SELECT eval_id, budget_full, executed, exec_rate FROM evaluations ORDER BY eval_id');
    expect(rows[0]).toEqual({ eval_id: 'P0', budget_full: '183.35', executed: '183.35', exec_rate: '0.985' });
  });

  it('BINARY money is refused: rows with bytes there are rejected, a row without loads', async () => {
    const bytes = await parquetOf({
      ...base(2),
      year: vectorFromArray([2023, 2023], new Int32()),
      budget_full: vectorFromArray([new TextEncoder().encode('183.35'), null], new Binary()),
    });
    const { file, rejected } = await loadOne(engine, 'bin.parquet', bytes);
    expect(file).toMatchObject({ rowsRead: 2, rowsLoaded: 1, rowsRejected: 1 });
    expect(rejected).toEqual([{ file: 'bin.parquet', line: 2, reason: expect.stringContaining('全年预算数（budget_full）：Parquet 列类型为 Binary，不能作为数值读取') }]);
  });

  it('INT64 and DECIMAL beyond the limits are rejected per row; DECIMAL with trailing zeros is read exactly', async () => {
    const ipc = await engine.queryIPC(`SELECT * FROM (VALUES
      ('D1', 2023, '财政局', '部门整体', 183.35::DECIMAL(20,8), 20231105123::BIGINT),
      ('D2', 2023, '财政局', '项目', 183.12345678::DECIMAL(20,8), 2023::BIGINT)) t(eval_id, total_score, department, kind, budget_full, year)`);
    const { file, rejected } = await loadOne(engine, 'dec.parquet', await writeParquetFromIPC(ipc));
    expect(file).toMatchObject({ rowsRead: 2, rowsLoaded: 0, rowsRejected: 2 });
    expect(rejected.map((r) => r.reason)).toEqual([expect.stringContaining('「20231105123」不是年份'), expect.stringContaining('「183.12345678」小数超过 6 位')]);
  });
});

describe('the CLI', () => {
  it('loads a file with a value its column cannot hold, reports the row and exits 0', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'values-'));
    fs.writeFileSync(path.join(dir, 'e.csv'), evaluationsCsv([
      form('E1', { budget_full: '1234567890123' }),
      form('E2', { kind: '部门整体', project: '' }),
    ]));
    fs.writeFileSync(path.join(dir, 'i.csv'), indicatorsCsv([['E2', '产出指标', '数量指标', '合同', '按合同编号2023110512345678执行', '已执行', '10', '10']]));
    fs.writeFileSync(path.join(dir, 'y.parquet'), await parquetOf({ ...base(1), total_score: vectorFromArray([100n], new Int64()), year: vectorFromArray([new Date(Date.UTC(2023, 0, 1))], new DateDay()) }));
    const r = spawnSync('npx', ['tsx', 'src/cli/analyze.ts', '--json', dir], { encoding: 'utf8', timeout: 240_000, maxBuffer: 64 * 1024 * 1024 });
    expect(r.stderr).not.toMatch(/Conversion Error/);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.tables).toMatchObject({ evaluations: 1, indicators: 1 });
    expect(out.rejected).toEqual([
      { file: expect.stringMatching(/e\.csv$/), line: 2, reason: expect.stringContaining('「1234567890123」') },
      { file: expect.stringMatching(/y\.parquet$/), line: 2, reason: expect.stringContaining('Date32<DAY>') },
    ]);
    fs.rmSync(dir, { recursive: true });
  }, 240_000);
});
