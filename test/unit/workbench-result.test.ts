// The quick chart of the SQL view: what it picks to draw, and the series it draws.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chartDefaults, chartSeries, resultColumnKind, resultExportTable, splitColumns, type ResultColumn } from '../../src/analysis/workbench/result';
import type { Row } from '../../src/db/engine';

const col = (name: string, type: string): ResultColumn => ({ name, type, numeric: /INT|DECIMAL|DOUBLE/.test(type) });

describe('chart picks', () => {
  it('never takes 年度 or an id as the value when a measure exists', () => {
    const columns = [col('year', 'INTEGER'), col('eval_id', 'VARCHAR'), col('seq', 'INTEGER'), col('budget_full', 'DECIMAL(38,6)'), col('department', 'VARCHAR')];
    const rows: Row[] = [{ year: 2023, eval_id: 'a', seq: 1, budget_full: '10.5', department: '甲' }];
    expect(chartDefaults({ columns, rows })).toEqual({ x: 'eval_id', y: 'budget_full', split: null });
    expect(splitColumns({ columns, rows }, { x: 'eval_id', y: 'budget_full' })).toEqual(['year', 'seq', 'department']);
  });

  it('a year column is a label by its values too, and is the x axis when nothing else is', () => {
    const columns = [col('yr', 'INTEGER'), col('n', 'BIGINT')];
    const rows: Row[] = [{ yr: 2022, n: 5 }, { yr: 2023, n: 7 }];
    expect(chartDefaults({ columns, rows })).toEqual({ x: 'yr', y: 'n', split: null });
  });
});

describe('chart series', () => {
  it('splits one series per value of a column, aligned on the x values, adding rows that share both', () => {
    const rows: Row[] = [
      { year: 2022, kind: '部门整体', v: '1.5' },
      { year: 2022, kind: '项目', v: 2 },
      { year: 2023, kind: '项目', v: 3 },
      { year: 2023, kind: '项目', v: 4 },
      { year: 2023, kind: null, v: null },
    ];
    expect(chartSeries(rows, { x: 'year', y: 'v', split: 'kind' })).toEqual({
      categories: ['2022', '2023'],
      series: [
        { name: '部门整体', values: [1.5, null] },
        { name: '项目', values: [2, 7] },
        { name: 'NULL', values: [null, null] },
      ],
      more: 0,
    });
    expect(chartSeries(rows, { x: 'year', y: 'v', split: null }).series).toEqual([{ name: 'v', values: [3.5, 7] }]);
    expect(chartSeries(rows, { x: 'year', y: 'v', split: 'kind' }, 1)).toMatchObject({ series: [{ name: '部门整体' }], more: 2 });
  });

  it('for any rows, the series shown add up to the values of their rows', () => {
    const row = fc.record({ x: fc.constantFrom('a', 'b', 'c'), s: fc.constantFrom('p', 'q', 'r', 't'), v: fc.option(fc.integer({ min: -1000, max: 1000 }), { nil: null }) });
    fc.assert(
      fc.property(fc.array(row), fc.integer({ min: 1, max: 5 }), (rows, max) => {
        const drawn = chartSeries(rows, { x: 'x', y: 'v', split: 's' }, max);
        expect(drawn.series.length + drawn.more).toBe(new Set(rows.map((r) => r.s)).size);
        for (const s of drawn.series) {
          drawn.categories.forEach((cat, i) => {
            const mine = rows.filter((r) => r.s === s.name && r.x === cat && r.v != null);
            expect(s.values[i]).toBe(mine.length === 0 ? null : mine.reduce((a, r) => a + r.v!, 0));
          });
        }
      }),
    );
  });
});

describe('a result as an export table', () => {
  it('gives each column the kind its DuckDB type says', () => {
    const col = (name: string, type: string, numeric = false) => ({ name, type, numeric });
    expect(resultColumnKind(col('executed', 'DECIMAL(38,6)', true))).toBe('money');
    expect(resultColumnKind(col('exec_rate', 'DECIMAL(12,6)', true))).toBe('percent');
    expect(resultColumnKind(col('total_score', 'DECIMAL(12,4)', true))).toBe('score');
    expect(resultColumnKind(col('share', 'DOUBLE', true))).toBe('score');
    expect(resultColumnKind(col('year', 'INTEGER', true))).toBe('integer');
    expect(resultColumnKind(col('n', 'BIGINT', true))).toBe('count');
    expect(resultColumnKind(col('eval_id', 'VARCHAR'))).toBe('text');
    expect(resultColumnKind(col('code', ''))).toBe('text');
    const t = resultExportTable({ columns: [col('year', 'INTEGER', true)] }, [{ year: 2023 }], 'query-1');
    expect(t).toEqual({ name: 'query', file: 'query-1', columns: [{ key: 'year', header: 'year', kind: 'integer' }], rows: [{ year: 2023 }] });
  });
});
