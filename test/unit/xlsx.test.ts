// The .xlsx writer: what it writes reopens in SheetJS with the same values — ids as text (leading
// zeros, 18-digit codes), money and ratios as numbers under their formats, texts as written (a
// formula-like name stays text) — with the header frozen and every column given a width.
import * as XLSX from '@e965/xlsx';
import Decimal from 'decimal.js';
import fc from 'fast-check';
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { ExportTable } from '../../src/format/export-table';
import { xlsxBytes } from '../../src/format/xlsx';

const COLUMNS: ExportTable['columns'] = [
  { key: 'id', header: '评价编号', kind: 'id' },
  { key: 'name', header: '部门', kind: 'text' },
  { key: 'year', header: '年度', kind: 'integer' },
  { key: 'money', header: '全年预算数（万元）', kind: 'money' },
  { key: 'rate', header: '执行率（%）', kind: 'percent' },
  { key: 'score', header: '得分', kind: 'score' },
  { key: 'n', header: '发现数', kind: 'count' },
];

const decimal = (scale: number) =>
  fc.tuple(fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }), fc.integer({ min: 0, max: scale })).map(([n, s]) => new Decimal(n.toString()).div(new Decimal(10).pow(s)).toFixed());
const row = fc.record({
  id: fc.oneof(fc.stringMatching(/^0\d{2,6}$/), fc.stringMatching(/^\d{18}$/), fc.stringMatching(/^[A-Z]{2}-\d{4}$/)),
  name: fc.oneof(fc.string({ unit: 'grapheme', maxLength: 20 }), fc.constantFrom('=HYPERLINK("http://x","点我")', '@SUM(A1)', ' 前后空格 ', '<b>&"')),
  year: fc.option(fc.integer({ min: 1900, max: 2100 }), { nil: null }),
  money: fc.option(decimal(6), { nil: null }),
  rate: fc.option(decimal(6), { nil: null }),
  score: fc.option(decimal(4), { nil: null }),
  n: fc.nat({ max: 10_000_000 }),
});

/** The workbook's first sheet read back as SheetJS gives it. */
function reopen(bytes: Uint8Array) {
  const wb = XLSX.read(bytes, { type: 'array', cellNF: true, cellText: false });
  return wb.Sheets[wb.SheetNames[0]];
}

// XML 1.0 cannot hold these; the writer drops them (a file's stray control bytes).
const xmlText = (s: string) => s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, ''); // eslint-disable-line no-control-regex

describe('xlsxBytes', () => {
  it('reopens with the same values, formats and ids', () => {
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 20 }), (rows) => {
        const sheet = reopen(xlsxBytes({ name: '自评表排名', columns: COLUMNS, rows }));
        COLUMNS.forEach((c, i) => expect(sheet[XLSX.utils.encode_cell({ r: 0, c: i })].v).toBe(c.header));
        rows.forEach((r, n) => {
          const at = (c: number) => sheet[XLSX.utils.encode_cell({ r: n + 1, c })] as XLSX.CellObject | undefined;
          expect(at(0)).toMatchObject({ t: 's', v: r.id, z: '@' });
          const name = xmlText(r.name);
          if (name === '') expect(at(1)).toBeUndefined();
          else expect(at(1)).toMatchObject({ t: 's', v: name });
          expect(at(1)?.f).toBeUndefined(); // never a formula
          const num = (c: number, v: string | number | null, z: string) => {
            if (v == null) return expect(at(c)).toBeUndefined();
            expect(at(c)).toMatchObject({ t: 'n', z });
            // Excel holds doubles: the value read back is the decimal's nearest double.
            expect(at(c)!.v).toBe(Number(v));
          };
          num(2, r.year, '0');
          num(3, r.money, '#,##0.00');
          num(4, r.rate, '0.00%');
          num(5, r.score, '0.00');
          num(6, r.n, '#,##0');
        });
      }),
      { numRuns: 60 },
    );
  });

  it('writes the exact decimal text, freezes the header and sizes the columns', () => {
    const bytes = xlsxBytes({ name: 'a/b:c', columns: COLUMNS, rows: [{ id: '000123', name: '财政局', year: 2024, money: '183.350001', rate: '0.985', score: '98.4333', n: 12 }] });
    const files = unzipSync(bytes);
    const sheet = strFromU8(files['xl/worksheets/sheet1.xml']);
    expect(sheet).toContain('<v>183.350001</v>');
    expect(sheet).toContain('<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>');
    expect(sheet.match(/<col /g)?.length).toBe(COLUMNS.length);
    expect(strFromU8(files['xl/workbook.xml'])).toContain('<sheet name="a b c"');
    // The header's width follows its CJK text (2 units a character).
    expect(sheet).toMatch(/<col min="4" max="4" width="(\d+)"/);
    expect(Number(/<col min="4" max="4" width="(\d+)"/.exec(sheet)![1])).toBeGreaterThanOrEqual(18);
  });

  it('keeps a non-number in a numeric column as text, and several tables as several sheets', () => {
    const t = (name: string): ExportTable => ({ name, columns: COLUMNS, rows: [{ id: '1', name: 'x', year: 2024, money: '未填', rate: null, score: null, n: 1 }] });
    const wb = XLSX.read(xlsxBytes([t('部门排名'), t('部门排名')]), { type: 'array' });
    expect(wb.SheetNames).toEqual(['部门排名', '部门排名 (2)']);
    expect(wb.Sheets['部门排名'].D2).toMatchObject({ t: 's', v: '未填' });
  });
});
