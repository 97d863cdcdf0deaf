// Sorting a table by a column: exact for decimals, stable (ties keep the ranking's order), blanks
// last in both directions; the header's three clicks (first order, reversed, the ranking again).
import fc from 'fast-check';
import Decimal from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { nextSort, sortRows } from '../../src/format/sort';

const value = fc.oneof(
  fc.constant(null),
  fc.integer({ min: -1000, max: 1000 }),
  fc.tuple(fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }), fc.integer({ min: 0, max: 6 })).map(([n, s]) => new Decimal(n.toString()).div(10 ** s).toFixed()),
);

describe('sortRows', () => {
  it('orders figures exactly, keeps ties in the given order and blanks last', () => {
    fc.assert(
      fc.property(fc.array(value, { maxLength: 40 }), fc.constantFrom('asc' as const, 'desc' as const), (values, dir) => {
        const rows = values.map((v, rank) => ({ v, rank }));
        const sorted = sortRows(rows, { key: 'v', dir });
        expect(sorted.map((r) => r.rank).sort((a, b) => a - b)).toEqual(rows.map((r) => r.rank));
        for (let i = 1; i < sorted.length; i++) {
          const [a, b] = [sorted[i - 1], sorted[i]];
          if (b.v == null) continue;
          expect(a.v).not.toBeNull(); // no blank before a value
          const c = new Decimal(a.v!).comparedTo(b.v!);
          expect(dir === 'asc' ? c <= 0 : c >= 0).toBe(true);
          if (c === 0) expect(a.rank).toBeLessThan(b.rank);
        }
        expect(sortRows(rows, null)).toEqual(rows);
      }),
    );
  });

  it('compares 18-digit decimals that a double cannot tell apart', () => {
    const rows = [{ v: '123456789012345678.1' }, { v: '123456789012345678.2' }];
    expect(sortRows(rows, { key: 'v', dir: 'desc' }).map((r) => r.v)).toEqual(['123456789012345678.2', '123456789012345678.1']);
  });

  it('sorts texts in Chinese collation with numbers inside as numbers', () => {
    const rows = ['第10组', '第2组', '第1组'].map((v) => ({ v }));
    expect(sortRows(rows, { key: 'v', dir: 'asc' }).map((r) => r.v)).toEqual(['第1组', '第2组', '第10组']);
  });

  it('cycles a header: first order, reversed, back to the ranking', () => {
    const a = nextSort(null, 'score', 'desc');
    expect(a).toEqual({ key: 'score', dir: 'desc' });
    const b = nextSort(a, 'score', 'desc');
    expect(b).toEqual({ key: 'score', dir: 'asc' });
    expect(nextSort(b, 'score', 'desc')).toBeNull();
    expect(nextSort(b, 'department', 'asc')).toEqual({ key: 'department', dir: 'asc' });
  });
});
