// Money in 元 through the real ingest: a money column whose header says （元）, or a table under a
// "单位：元" line, is converted to 万元 exactly, with a note; a header saying （万元） stays as
// written, whatever the line above says. The class: any amount, any of the three ways of saying the
// unit, CSV and Parquet.
import Decimal from 'decimal.js';
import fc from 'fast-check';
import { Utf8, vectorFromArray, Table, tableToIPC } from 'apache-arrow';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/db/engine';
import { openNodeEngine } from '../../src/db/node';
import { clearAll } from '../../src/db/schema';
import { loadFiles } from '../../src/ingest/load';
import { writeParquetFromIPC } from '../../src/ingest/parquet';
import { headerUnit } from '../../src/ingest/headers';
import { DECIMAL_LIMITS } from '../../src/ingest/limits';

let engine: Engine;
beforeAll(async () => {
  engine = await openNodeEngine();
});
afterAll(() => engine.close());
beforeEach(() => clearAll(engine));

type Unit = '（元）' | '(元)' | '（万元）' | '';
const head = (unit: Unit) => ['评价编号', '年度', '预算部门', '评价类型', '项目名称', `全年预算数${unit}`, `全年执行数${unit}`, '总分'];

async function loaded(name: string, bytes: Uint8Array) {
  const report = await loadFiles(engine, [{ name, bytes, origin: 'own' }]);
  const rows = await engine.query<{ budget_full: string; executed: string }>('SELECT budget_full, executed FROM evaluations ORDER BY eval_id');
  return { report, rows };
}

describe('money in 元', () => {
  it('reads the unit a header names', () => {
    expect(headerUnit('年初预算数（元）')).toBe('元');
    expect(headerUnit('年初预算数 (万元)')).toBe('万元');
    expect(headerUnit('年初预算数')).toBeNull();
  });

  it('converts 元 columns exactly, by header or by the units line, and leaves 万元 headers alone (CSV)', async () => {
    const amount = fc.tuple(fc.bigInt({ min: 0n, max: 10n ** 12n }), fc.integer({ min: 0, max: 99 })).map(([y, f]) => `${y}.${String(f).padStart(2, '0')}`);
    await fc.assert(
      fc.asyncProperty(amount, amount, fc.constantFrom<Unit>('（元）', '(元)', '（万元）', ''), fc.boolean(), async (budget, executed, unit, yuanLine) => {
        await clearAll(engine);
        const lines = [...(yuanLine ? ['单位：元'] : []), head(unit).join(','), ['E1', '2023', '财政局', '项目', '办公', budget, executed, '100'].join(',')];
        const { report, rows } = await loaded('evaluations.csv', new TextEncoder().encode(lines.join('\n')));
        const inYuan = unit === '（元）' || unit === '(元)' || (unit === '' && yuanLine);
        const want = (v: string) => (inYuan ? new Decimal(v).div(10000) : new Decimal(v));
        // beyond the money limit (either amount): rejected, tested elsewhere
        if ([budget, executed].some((v) => want(v).gt(DECIMAL_LIMITS.money.maxAbs))) return;
        expect(report.rejected).toEqual([]);
        expect(new Decimal(rows[0].budget_full).eq(want(budget))).toBe(true);
        expect(new Decimal(rows[0].executed).eq(want(executed))).toBe(true);
        expect(report.files[0].notes.some((n) => n.includes('已换算为万元'))).toBe(inYuan);
      }),
      { numRuns: 40 },
    );
  });

  it('converts a Parquet column named （元）', async () => {
    const cols = head('（元）');
    const values = ['E1', '2023', '财政局', '项目', '办公', '1833500', '215457.6', '100'];
    const table = new Table(Object.fromEntries(cols.map((c, i) => [c, vectorFromArray([values[i]], new Utf8())])));
    const bytes = await writeParquetFromIPC(tableToIPC(table, 'stream'));
    const { report, rows } = await loaded('evaluations.parquet', bytes);
    expect(report.rejected).toEqual([]);
    expect(rows).toEqual([{ budget_full: '183.35', executed: '21.54576' }]);
  });
});
