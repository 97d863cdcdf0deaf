import Decimal from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import Papa from 'papaparse';
import { formatCell, formatCount, formatMoney, formatPercent, formatScore, formatWanyuan, exactTitle } from '../../src/format/number';
import { guardFormula, toCsv } from '../../src/format/csv';

describe('number formats', () => {
  it('shows 万元 with thousands separators and exactly 2 decimals, half up', () => {
    expect(formatMoney('1833500.5')).toBe('1,833,500.50');
    expect(formatMoney('183.35')).toBe('183.35');
    expect(formatMoney('-0.68')).toBe('-0.68');
    expect(formatMoney('0.30000000000000004')).toBe('0.30');
    expect(formatMoney('2.675')).toBe('2.68'); // 2.675 as a double is 2.67499…: decimal, not float
    expect(formatMoney('-2.675')).toBe('-2.68');
    expect(formatMoney('-0.004')).toBe('0.00');
    expect(formatMoney('0')).toBe('0.00');
    expect(formatWanyuan('183.35')).toBe('183.35 万元');
    expect(formatMoney(null)).toBe('—');
    expect(formatMoney('')).toBe('—');
  });
  it('keeps the exact amount for the title when the display rounds it', () => {
    expect(exactTitle('money', '0.004')).toBe('0.004');
    expect(exactTitle('money', '1234567.12345')).toBe('1,234,567.12345');
    expect(exactTitle('money', '-1234.5')).toBeUndefined();
    expect(exactTitle('money', '12.30')).toBeUndefined();
    expect(exactTitle('money', null)).toBeUndefined();
    expect(exactTitle('score', '98.4333')).toBe('98.4333');
    expect(exactTitle('score', '98.43')).toBeUndefined();
  });
  it('shows rates as percentages with one decimal', () => {
    expect(formatPercent('1')).toBe('100.0%');
    expect(formatPercent('0.985')).toBe('98.5%');
    expect(formatPercent('-0.251852')).toBe('-25.2%');
  });
  it('shows scores with at most 2 decimals, exactly', () => {
    expect(formatScore('98.433333')).toBe('98.43');
    expect(formatScore('98.435')).toBe('98.44');
    expect(formatScore('100.00')).toBe('100');
    expect(formatScore('9.5')).toBe('9.5');
    expect(formatScore(null)).toBe('—');
  });
});

/** A decimal string of up to 30 integer digits and 8 decimals, either sign (amounts far beyond any budget too). */
const decimalText = fc
  .tuple(fc.bigInt({ min: -(10n ** 38n), max: 10n ** 38n }), fc.integer({ min: 0, max: 8 }))
  .map(([n, s]) => new Decimal(n.toString()).div(new Decimal(10).pow(s)).toFixed());

describe('money format (property)', () => {
  it('has exactly 2 decimals, groups by thousands, rounds half up exactly, keeps the sign, and reads back as the rounded value', () => {
    fc.assert(
      fc.property(decimalText, (v) => {
        const s = formatMoney(v);
        expect(s).toMatch(/^-?\d{1,3}(,\d{3})*\.\d{2}$/);
        const d = new Decimal(v);
        const rounded = d.toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
        expect(new Decimal(s.replace(/,/g, '')).equals(rounded)).toBe(true);
        // half up: never more than half a cent away, and a tie goes away from zero
        expect(rounded.minus(d).abs().lte('0.005')).toBe(true);
        if (d.times(1000).mod(10).abs().equals(5) && d.decimalPlaces() === 3) expect(rounded.abs().gt(d.abs())).toBe(true);
        expect(s.startsWith('-')).toBe(!rounded.isZero() && d.isNeg());
        // the exact value is kept whenever the display is not it
        expect(exactTitle('money', v) === undefined).toBe(rounded.equals(d));
      }),
    );
  });
  it('leaves a blank blank (not reported is not 0) in every kind of column', () => {
    for (const blank of [null, undefined, '']) {
      expect(formatMoney(blank)).toBe('—');
      for (const kind of ['money', 'percent', 'score', 'count', 'integer'] as const) expect(formatCell(kind, blank)).toBe('—');
      expect(formatCell('text', blank)).toBe('');
    }
    expect(formatCell('money', '0')).toBe('0.00');
  });
  it('shows scores with at most 2 decimals and percentages with their sign, in every column of their kind', () => {
    fc.assert(
      fc.property(decimalText, (v) => {
        expect(formatCell('score', v)).toMatch(/^-?\d+(\.\d{1,2})?$/);
        expect(formatCell('percent', v)).toMatch(/^-?\d+\.\d%$/);
        expect(formatCell('money', v)).toBe(formatMoney(v));
      }),
    );
    expect(formatScore('98.4333')).toBe('98.43');
    expect(formatCount(1234567)).toBe('1,234,567');
  });
});

describe('CSV export', () => {
  it('starts with a BOM, uses CRLF, and quotes what needs quoting', () => {
    const csv = toCsv(['a', 'b'], [{ a: '中文,逗号', b: 'x"y' }, { a: '多\n行', b: null }]);
    expect(csv.startsWith('\ufeffa,b\r\n')).toBe(true);
    const parsed = Papa.parse<string[]>(csv.slice(1)).data;
    expect(parsed.slice(1, 3)).toEqual([['中文,逗号', 'x"y'], ['多\n行', '']]);
  });
  it('neutralises spreadsheet formulas but keeps negative numbers', () => {
    for (const evil of ['=HYPERLINK("http://x","y")', '+cmd|x', '-2+3', '@SUM(A1)', '\t=1']) {
      expect(guardFormula(evil).startsWith("'")).toBe(true);
    }
    expect(guardFormula('-0.68')).toBe('-0.68');
    expect(guardFormula('财政局')).toBe('财政局');
    expect(toCsv(['n'], [{ n: '=1+1' }])).toContain("'=1+1");
  });
});
