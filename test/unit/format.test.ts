import { describe, expect, it } from 'vitest';
import Papa from 'papaparse';
import { formatMoney, formatPercent, formatScore, formatWanyuan } from '../../src/format/number';
import { guardFormula, toCsv } from '../../src/format/csv';

describe('number formats', () => {
  it('shows 万元 with thousands separators, exactly', () => {
    expect(formatMoney('1833500.5')).toBe('1,833,500.5');
    expect(formatMoney('183.35')).toBe('183.35');
    expect(formatMoney('-0.68')).toBe('-0.68');
    expect(formatMoney('0.30000000000000004')).toBe('0.3');
    expect(formatWanyuan('183.35')).toBe('183.35 万元');
    expect(formatMoney(null)).toBe('—');
  });
  it('shows rates as percentages with one decimal', () => {
    expect(formatPercent('1')).toBe('100.0%');
    expect(formatPercent('0.985')).toBe('98.5%');
    expect(formatPercent('-0.251852')).toBe('-25.2%');
  });
  it('shows scores with at most 2 decimals, exactly, and a form cell as written', () => {
    expect(formatScore('98.433333')).toBe('98.43');
    expect(formatScore('98.435')).toBe('98.44');
    expect(formatScore('100.00')).toBe('100');
    expect(formatScore('9.5')).toBe('9.5');
    expect(formatScore('9.5833', 4)).toBe('9.5833');
    expect(formatScore(null)).toBe('—');
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
