// Office readers: workbooks (SheetJS), .docx (own tokenizer), .doc (piece table). Round trips over
// random grids with merges, CJK text, numbers as text and as numeric cells; LibreOffice-written
// fixtures; a hand-made workbook as finance exports look; exact numbers under every display.
import * as XLSX from '@e965/xlsx';
import Decimal from 'decimal.js';
import fc from 'fast-check';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { a1, tableAddress, type Grid, type GridCell } from '../../src/ingest/documents/grid';
import { numberText, readWorkbook } from '../../src/ingest/documents/workbook';
import { documentKind } from '../../src/ingest/documents/index';
import { readFile } from '../../src/ingest/read';
import { documentGrids, readDocx } from '../../src/ingest/documents/docx';
import { docText } from '../../src/ingest/documents/doc';
import { numericCell, withCaptionRows, writeWorkbook } from '../../src/generate/documents/xlsx';
import { writeDocx } from '../../src/generate/documents/docx';
import { FORMS, TRAILER } from '../fixtures/office/forms';
import { miniDoc, type MiniParagraph } from '../fixtures/office/minidoc';

const FIXTURES = path.join(import.meta.dirname, '../fixtures/office');
const fixture = (name: string) => new Uint8Array(fs.readFileSync(path.join(FIXTURES, name)));

// ---- random grids -------------------------------------------------------------------------

const CHARS = [...'项目资金年初预算数全年执行率一级指标二级三级产出效益满意度偏差原因分析改进措施（）：、，。%单位万元 abcXYZ-/≥'];
const word = fc.string({ unit: fc.constantFrom(...CHARS), minLength: 1, maxLength: 8 }).filter((s) => s.trim() !== '');
const money = fc.tuple(fc.bigInt({ min: 0n, max: 10n ** 11n }), fc.integer({ min: 0, max: 2 }), fc.boolean()).map(([n, places, neg]) => {
  const s = n.toString().padStart(places + 1, '0');
  const text = places ? `${s.slice(0, -places)}.${s.slice(-places)}` : s;
  return neg && n > 0n ? `-${text}` : text;
});
const rate = fc.integer({ min: 0, max: 12000 }).map((bp) => `${Math.floor(bp / 100)}.${String(bp % 100).padStart(2, '0')}%`);
/** Numbers people type as text, which must stay text: codes with leading zeros, grouped, exponents, too long. */
const numberAsText = fc.constantFrom('007', '1,234.50', '1e5', '-0', '12.34567890123456789', '0.30000000000000004', '2023年', '１８３.３５');
const text = fc.oneof(
  { weight: 4, arbitrary: word },
  { weight: 3, arbitrary: money },
  { weight: 1, arbitrary: rate },
  { weight: 1, arbitrary: numberAsText },
  { weight: 1, arbitrary: fc.tuple(word, word).map(([a, b]) => `${a}\n${b}`) },
  { weight: 1, arbitrary: fc.constant('') },
);

const choice = fc.record({ skip: fc.integer({ min: 0, max: 9 }), rs: fc.nat(), cs: fc.nat(), text });

/** A grid tiled from random choices: cells with spans that never overlap, a few positions left uncovered. */
const gridArb = fc
  .record({ rows: fc.integer({ min: 1, max: 6 }), cols: fc.integer({ min: 1, max: 5 }), choices: fc.array(choice, { minLength: 30, maxLength: 30 }), caption: fc.array(word, { maxLength: 2 }) })
  .map(({ rows, cols, choices, caption }): Grid => {
    const taken: boolean[][] = Array.from({ length: rows }, () => new Array<boolean>(cols).fill(false));
    const free = (r: number, c: number, rs: number, cs: number) => {
      for (let i = r; i < r + rs; i++) for (let k = c; k < c + cs; k++) if (taken[i][k]) return false;
      return true;
    };
    const cells: GridCell[] = [];
    let next = 0;
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) {
        if (taken[r][c]) continue;
        const ch = choices[next++ % choices.length];
        if (ch.skip === 0) continue;
        let rs = 1 + (ch.skip > 6 ? ch.rs % (rows - r) : 0);
        let cs = 1 + (ch.skip > 5 ? ch.cs % (cols - c) : 0);
        while (!free(r, c, rs, cs)) cs > 1 ? cs-- : rs--;
        for (let i = r; i < r + rs; i++) for (let k = c; k < c + cs; k++) taken[i][k] = true;
        cells.push({ text: ch.text, row: r, col: c, rowSpan: rs, colSpan: cs, address: '' });
      }
    }
    // A grid with nothing in it is no table to any reader.
    if (!cells.some((x) => x.text.trim() !== '')) {
      if (cells.length) cells[0].text = '合计';
      else cells.push({ text: '合计', row: 0, col: 0, rowSpan: 1, colSpan: 1, address: '' });
    }
    return { source: { file: 'g', table: 1 }, rows, cols, cells, caption };
  });

/** What a reader is held to: every cell with text, and every merged cell even when blank. */
function significant(cells: GridCell[], address: (r: number, c: number) => string) {
  return cells
    .filter((c) => c.text !== '' || c.rowSpan > 1 || c.colSpan > 1)
    .map((c) => ({ text: c.text, row: c.row, col: c.col, rowSpan: c.rowSpan, colSpan: c.colSpan, address: address(c.row, c.col) }))
    .sort((x, y) => x.row - y.row || x.col - y.col);
}

describe('workbooks', () => {
  it('is SheetJS 0.20.3 (not the vulnerable 0.18.5 of the xlsx package)', () => {
    expect(XLSX.version).toBe('0.20.3');
  });

  for (const kind of ['xlsx', 'xls'] as const) {
    it(`${kind}: writeWorkbook → readWorkbook gives the same cells, spans, addresses and sheets`, () => {
      fc.assert(
        fc.property(fc.array(gridArb, { minLength: 1, maxLength: 3 }), (grids) => {
          const named = grids.map((g, i) => ({ ...g, source: { ...g.source, sheet: `第${i + 1}表` } }));
          const read = readWorkbook(writeWorkbook(named, kind), `book.${kind}`);
          expect(read.kind).toBe(kind);
          expect(read.grids.map((g) => g.source)).toEqual(named.map((g, i) => ({ file: `book.${kind}`, sheet: `第${i + 1}表`, table: i + 1 })));
          read.grids.forEach((got, i) => {
            // Rows of one cell across the sheet above the table come back as its caption (a sheet's
            // title lines); put back as rows, the sheet is what was written.
            const want = significant(withCaptionRows(named[i]).cells, a1);
            const back = withCaptionRows(got);
            expect(significant(back.cells, a1)).toEqual(want);
            expect(got.caption.length).toBeGreaterThanOrEqual(named[i].caption.length);
            expect(back.rows).toBe(Math.max(...want.map((c) => c.row + c.rowSpan)));
            expect(back.cols).toBe(Math.max(...want.map((c) => c.col + c.colSpan)));
          });
        }),
        { numRuns: kind === 'xls' ? 60 : 100 },
      );
    });
  }

  it('writes decimals as numeric cells and everything else as text', () => {
    expect(numericCell('183.35')).toEqual({ t: 'n', v: 183.35, z: '0.00' });
    expect(numericCell('98.50%')).toEqual({ t: 'n', v: 0.985, z: '0.00%' });
    expect(numericCell('2023')).toEqual({ t: 'n', v: 2023, z: '0' });
    for (const s of ['007', '1,234.50', '1e5', '-0', '12.34567890123456789', '2023年', '']) expect(numericCell(s)).toBeNull();
  });

  it('gives a stored number exactly, in the frame of its display', () => {
    expect(numberText(183.35, '183.35')).toBe('183.35');
    expect(numberText(0.1 + 0.2, '0.3')).toBe('0.3'); // Excel's 15 digits, not 0.30000000000000004
    expect(numberText(0.1 + 0.2, undefined)).toBe('0.3');
    expect(numberText(1e12, '1E+12')).toBe('1000000000000');
    expect(numberText(123456789012.345, '1.23457E+11')).toBe('123456789012.345');
    expect(numberText(0.985, '98.50%')).toBe('98.50%');
    expect(numberText(0.985, '99%')).toBe('98.5%');
    expect(numberText(183.355, '183.36')).toBe('183.355');
    expect(numberText(1234567.5, '1,234,567.50')).toBe('1,234,567.50');
    expect(numberText(1234567.555, '1,234,567.56')).toBe('1234567.555');
    expect(numberText(-5.5, '(5.50)')).toBe('(5.50)');
    expect(numberText(-5.555, '-5.56')).toBe('-5.555');
    expect(numberText(0.004, '0.00')).toBe('0.004');
    expect(numberText(1234567, '123.4567')).toBe('123.4567'); // a 0!.0000 format showing 元 as 万元
    expect(numberText(12345, '12.3万')).toBe('12.345万'); // a 0.0,"万" format: rounded and scaled
  });

  it('keeps the stored decimal under any number format SheetJS renders (property)', () => {
    const formats = ['General', '0', '0.0', '0.00', '#,##0.00', '0%', '0.00%', '#,##0.00_);(#,##0.00)', '"¥"#,##0.00', '0.00"万元"'];
    fc.assert(
      fc.property(money, fc.constantFrom(...formats), (value, z) => {
        const ws = XLSX.utils.aoa_to_sheet([[Number(value)]]);
        ws.A1.z = z;
        const wb = XLSX.utils.book_new();
        XLSX.utils.book_append_sheet(wb, ws, 'S');
        const got = readWorkbook(new Uint8Array(XLSX.write(wb, { type: 'array', bookType: 'xlsx' })), 'n.xlsx').grids[0]?.cells[0]?.text;
        const exact = new Decimal(value);
        if (exact.isZero()) return; // a blank-looking 0 may display as "-" or nothing in some formats
        const shown = /(\d[\d,]*(?:\.\d*)?)/.exec(got ?? '')?.[1]?.replaceAll(',', '');
        expect(shown, `${value} under ${z} read as ${got}`).toBeDefined();
        const scaled = z.includes('%') ? exact.abs().times(100) : exact.abs();
        expect(new Decimal(shown!).eq(scaled), `${value} under ${z} read as ${got}`).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('reads a finance export as it looks: title, 单位 row, blank row, two-row merged header, exact numbers', () => {
    const ws = XLSX.utils.aoa_to_sheet([
      ['2023年度项目支出绩效自评汇总表'],
      ['', '', '', '', '', '单位：万元'],
      [],
      ['项目名称', '预算部门', '项目资金', '', '', '执行率'],
      ['', '', '年初预算数', '全年预算数', '全年执行数', ''],
      ['道路维修', '县交通运输局', 183.35, 200, 0.1 + 0.2, 0.985],
      ['农村饮水', '县水利局', 1e12, 183.355, 45000, 0.98456],
      ['隐藏行', '县财政局', 1, 2, 3, 1],
    ]);
    ws['!merges'] = [
      { s: { r: 0, c: 0 }, e: { r: 0, c: 5 } },
      { s: { r: 3, c: 0 }, e: { r: 4, c: 0 } },
      { s: { r: 3, c: 1 }, e: { r: 4, c: 1 } },
      { s: { r: 3, c: 2 }, e: { r: 3, c: 4 } },
      { s: { r: 3, c: 5 }, e: { r: 4, c: 5 } },
    ];
    ws.E6 = { t: 'n', v: 0.1 + 0.2, f: '0.1+0.2' }; // a formula: its cached value is read
    ws.F6.z = '0.00%';
    ws.D7.z = '0.00';
    ws.E7.z = 'yyyy-mm-dd';
    ws.F7.z = '0.00%';
    ws['!rows'] = [];
    ws['!rows'][7] = { hidden: true };
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, ws, '汇总');
    XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([]), '空表');
    XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([['说明']]), '隐藏表');
    wb.Workbook = { Sheets: [{ Hidden: 0 }, { Hidden: 0 }, { Hidden: 1 }] };
    const read = readWorkbook(new Uint8Array(XLSX.write(wb, { type: 'array', bookType: 'xlsx' })), '汇总.xlsx');
    expect(read.grids.map((g) => g.source)).toEqual([
      { file: '汇总.xlsx', sheet: '汇总', table: 1 },
      { file: '汇总.xlsx', sheet: '隐藏表', table: 3 },
    ]);
    const cells = Object.fromEntries(read.grids[0].cells.map((c) => [c.address, c.text]));
    expect(cells).toMatchObject({
      F2: '单位：万元', A4: '项目名称', C4: '项目资金', C5: '年初预算数', F4: '执行率',
      C6: '183.35', D6: '200', E6: '0.3', F6: '98.50%',
      C7: '1000000000000', D7: '183.355', E7: '2023-03-15', F7: '98.456%', A8: '隐藏行',
    });
    const span = (address: string) => read.grids[0].cells.find((c) => c.address === address);
    // The title merged across the sheet is the table's caption line, not a cell of it.
    expect(read.grids[0].caption).toEqual(['2023年度项目支出绩效自评汇总表']);
    expect(span('A1')).toBeUndefined();
    expect(span('A4')).toMatchObject({ rowSpan: 2, colSpan: 1 });
    expect(span('C4')).toMatchObject({ rowSpan: 1, colSpan: 3 });
    expect(read.grids[0].cells.some((c) => c.row === 1)).toBe(false); // the blank row (sheet row 3) stays blank
    expect(read.grids[0]).toMatchObject({ rows: 7, cols: 6 });
    expect(read.notes).toEqual(['工作表“汇总”：第 8 行已隐藏，仍已读取', '工作表“隐藏表”已隐藏，仍已读取']);
  });

  it('keeps text found under a merged area, and says so', () => {
    const ws = XLSX.utils.aoa_to_sheet([['标题', '残留']]);
    ws['!merges'] = [{ s: { r: 0, c: 0 }, e: { r: 0, c: 1 } }];
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, ws, 'S');
    const read = readWorkbook(new Uint8Array(XLSX.write(wb, { type: 'array', bookType: 'xlsx' })), 'm.xlsx');
    expect(read.grids[0].cells.map((c) => [c.address, c.text, c.colSpan])).toEqual([['A1', '标题', 2], ['B1', '残留', 1]]);
    expect(read.notes).toEqual(['工作表“S”：B1 在合并区域 A1:B1 内但有内容，已单独保留']);
  });

  it('refuses what is not a workbook with a message', () => {
    expect(() => readWorkbook(fixture('form.doc'), 'form.xls')).toThrow(/无法读取工作簿/);
  });

  // WPS saves its own .et as a BIFF8 compound file (the .xls format), and since WPS 2019 may write
  // an OOXML zip under the same name: SheetJS reads either by its bytes, never by the name.
  for (const bytesOf of ['xls', 'xlsx'] as const) {
    it(`reads a WPS .et holding ${bytesOf} bytes as the same workbook, forms and all (readFile)`, async () => {
      const bytes = writeWorkbook(FORMS, bytesOf);
      expect(documentKind('forms.et', bytes)).toBe(bytesOf === 'xls' ? 'et' : 'xlsx');
      expect(readWorkbook(bytes, 'forms.et').grids).toEqual(readWorkbook(bytes, `forms.${bytesOf}`).grids.map((g) => ({ ...g, source: { ...g.source, file: 'forms.et' } })));
      const [et, same] = await Promise.all([readFile('forms.et', bytes, {}), readFile(`forms.${bytesOf}`, bytes, {})]);
      expect(et.map((p) => p.table)).toEqual(['evaluations', 'indicators']);
      for (const p of et) expect(p.rowCount, p.table!).toBeGreaterThan(0);
      const named = (parts: typeof et) => parts.map((p) => ({ ...p, file: '', encoding: '', rejected: p.rejected.map((r) => ({ ...r, file: '' })) }));
      expect(named(et)).toEqual(named(same));
    });
  }
});

describe('docx', () => {
  it('writeDocx → readDocx gives the same grids, captions and trailer', () => {
    fc.assert(
      fc.property(fc.array(gridArb, { minLength: 1, maxLength: 3 }), fc.array(word, { maxLength: 2 }), (grids, trailer) => {
        const read = readDocx(writeDocx(grids, trailer), 'forms.docx');
        expect(read.notes).toEqual([]);
        expect(read.grids.map((g) => g.source)).toEqual(grids.map((_, i) => ({ file: 'forms.docx', table: i + 1 })));
        read.grids.forEach((got, i) => {
          expect(significant(got.cells, tableAddress)).toEqual(significant(grids[i].cells, tableAddress));
          expect([got.rows, got.cols]).toEqual([grids[i].rows, grids[i].cols]);
          expect(got.caption).toEqual(grids[i].caption);
        });
        expect(read.trailer).toEqual(trailer);
      }),
      { numRuns: 150 },
    );
  });

  it('reads the same forms from the .docx LibreOffice wrote', () => {
    const read = readDocx(fixture('libreoffice.docx'), 'libreoffice.docx');
    expect(read.grids.map((g) => g.caption)).toEqual(FORMS.map((g) => g.caption));
    read.grids.forEach((got, i) => expect(significant(got.cells, tableAddress)).toEqual(significant(FORMS[i].cells, tableAddress)));
    expect(read.trailer).toEqual(TRAILER);
  });

  it('leaves out field codes, deletions, old properties and drawing fallbacks; keeps nested tables as tables', () => {
    const xml = `<?xml version="1.0"?><x:document xmlns:x="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:m="http://schemas.openxmlformats.org/markup-compatibility/2006"><x:body>
      <x:p><x:pPr><x:tabs><x:tab x:val="left" x:pos="720"/></x:tabs></x:pPr><x:r><x:t>附件</x:t></x:r><x:r><x:fldChar x:fldCharType="begin"/></x:r><x:r><x:instrText> PAGE </x:instrText></x:r><x:r><x:fldChar x:fldCharType="separate"/></x:r><x:r><x:t>2</x:t></x:r><x:r><x:fldChar x:fldCharType="end"/></x:r></x:p>
      <x:p><x:del><x:r><x:delText>旧标题</x:delText></x:r></x:del><x:ins><x:r><x:t>自评表 &amp; 说明</x:t></x:r></x:ins></x:p>
      <x:p><x:r><m:AlternateContent><m:Choice><x:drawing><x:txbxContent><x:p><x:r><x:t>文本框</x:t></x:r></x:p></x:txbxContent></x:drawing></m:Choice><m:Fallback><x:txbxContent><x:p><x:r><x:t>文本框</x:t></x:r></x:p></x:txbxContent></m:Fallback></m:AlternateContent></x:r></x:p>
      <x:tbl><x:tblGrid><x:gridCol/><x:gridCol/><x:gridCol/></x:tblGrid>
        <x:tr><x:trPr><x:gridBefore x:val="1"/></x:trPr><x:tc><x:tcPr><x:gridSpan x:val="2"/><x:tcPrChange><x:tcPr><x:gridSpan x:val="3"/></x:tcPr></x:tcPrChange></x:tcPr><x:p><x:r><x:t>项目</x:t><x:tab/><x:t>资金</x:t></x:r></x:p></x:tc></x:tr>
        <x:tr><x:tc><x:tcPr><x:vMerge x:val="restart"/></x:tcPr><x:p><x:r><x:t>产出</x:t></x:r></x:p></x:tc><x:tc><x:p/><x:tbl><x:tr><x:tc><x:p><x:r><x:t>内</x:t></x:r></x:p></x:tc></x:tr></x:tbl><x:p/></x:tc><x:tc><x:p><x:r><x:t>甲</x:t><x:br/><x:t>乙</x:t></x:r></x:p></x:tc></x:tr>
        <x:tr><x:tc><x:tcPr><x:vMerge/></x:tcPr><x:p><x:r><x:t>残留</x:t></x:r></x:p></x:tc><x:tc><x:tcPr><x:hMerge x:val="restart"/></x:tcPr><x:p><x:r><x:t>左</x:t></x:r></x:p></x:tc><x:tc><x:tcPr><x:hMerge/></x:tcPr><x:p/></x:tc></x:tr>
      </x:tbl><x:p><x:r><x:t xml:space="preserve"> 注：&#x4E00;致 </x:t></x:r></x:p><x:sectPr/></x:body></x:document>`;
    const read = documentGrids(xml, 'hand.docx');
    expect(read.grids).toHaveLength(2);
    const [outer, inner] = read.grids;
    expect(outer.caption).toEqual(['附件2', '自评表 & 说明', '文本框']);
    expect(outer.cells.map((c) => [c.address, c.text, c.rowSpan, c.colSpan])).toEqual([
      ['第1行第2列', '项目\t资金', 1, 2],
      ['第2行第1列', '产出\n残留', 2, 1],
      ['第2行第2列', '\n', 1, 1],
      ['第2行第3列', '甲\n乙', 1, 1],
      ['第3行第2列', '左', 1, 2],
    ]);
    expect([outer.rows, outer.cols]).toEqual([3, 3]);
    expect(inner).toMatchObject({ source: { file: 'hand.docx', table: 2 }, caption: [], cells: [{ text: '内', address: '第1行第1列' }] });
    expect(read.trailer).toEqual([' 注：一致 ']);
    // The nested table closes first, so it is noted first.
    expect(read.notes).toEqual(['第2张表嵌套在第1张表的单元格内，已作为单独的表读取', '第1张表：第3行第1列 在纵向合并单元格内但有内容，已并入 第2行第1列']);
  });

  it('refuses a .doc or an encrypted file named .docx, and a broken zip', () => {
    expect(() => readDocx(fixture('form.doc'), 'x.docx')).toThrow(/Word 97–2003/);
    expect(() => readDocx(new Uint8Array([0x50, 0x4b, 3, 4, 0, 0]), 'x.docx')).toThrow(/不是有效的 .docx/);
  });
});

describe('doc', () => {
  it('gives the text of the LibreOffice-written .doc: cells in tabs, rows and paragraphs in lines', () => {
    expect(docText(fixture('form.doc'))).toBe(
      [
        '附件2',
        '2023年度项目支出绩效自评表',
        '项目名称\t道路维修',
        '主管部门\t县交通运输局\t实施单位\t县公路段',
        '项目资金\n（万元）\t\t年初预算数\t全年预算数\t全年执行数\t执行率',
        '\t年度资金总额\t183.35\t200.00\t196.50\t98.25%',
        '\t其中：当年财政拨款\t183.35\t200.00\t196.50\t',
        '一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t偏差原因分析\n及改进措施',
        '产出指标\t数量指标\t维修里程\t≥12公里\t12公里\t',
        '\t质量指标\t验收合格率\t100%\t100%\t无',
        '', // the page break between the forms
        '附件3',
        '2023年度部门整体支出绩效自评表',
        '部门（单位）名称：县交通运输局',
        '年度预算\n申请\t年初预算数\t全年执行数',
        '\t1,250.00\t1183.6',
        ...TRAILER,
        '',
      ].join('\n'),
    );
  });

  it('reads cp1252 and UTF-16 pieces, row ends from the paragraph properties, field results without codes (property)', () => {
    const latin = fc.string({ unit: fc.constantFrom(...'Budget 183.35%-/ab'), minLength: 1, maxLength: 8 });
    const line = fc.oneof(word, latin, fc.tuple(latin, word).map(([a, b]) => a + b));
    const cell = fc.oneof(fc.constant(['']), fc.array(line, { minLength: 1, maxLength: 2 }));
    const doc = fc.record({ before: fc.array(line, { maxLength: 2 }), rows: fc.array(fc.array(cell, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 4 }), after: fc.array(line, { maxLength: 2 }) });
    fc.assert(
      fc.property(doc, ({ before, rows, after }) => {
        const paragraphs: MiniParagraph[] = [
          { text: '第\x13 PAGE \x142\x15页', mark: '\r' },
          ...before.map((text) => ({ text, mark: '\r' as const })),
          ...rows.flatMap((row) => [
            ...row.flatMap((lines) => lines.map((text, i) => ({ text, mark: i === lines.length - 1 ? ('\x07' as const) : ('\r' as const) }))),
            { text: '', mark: '\x07' as const, rowEnd: true },
          ]),
          ...after.map((text) => ({ text, mark: '\r' as const })),
        ];
        const want = ['第2页', ...before].map((l) => l + '\n').join('') + rows.map((r) => r.map((c) => c.join('\n')).join('\t') + '\n').join('') + after.map((l) => l + '\n').join('');
        expect(docText(miniDoc(paragraphs))).toBe(want);
      }),
      { numRuns: 150 },
    );
  });

  it('refuses what is not a Word 97–2003 file', () => {
    expect(() => docText(fixture('libreoffice.docx'))).toThrow(/不是 Word 97–2003/);
    expect(() => docText(writeWorkbook([FORMS[1]], 'xls'))).toThrow(/缺少 WordDocument/);
  });
});

describe('speed', () => {
  it('reads at least 50 forms a second from xlsx and docx', () => {
    const forms = Array.from({ length: 100 }, (_, i) => ({ ...FORMS[i % 2], source: { file: 'f', sheet: `表${i + 1}`, table: i + 1 } }));
    const rate = (read: () => unknown) => {
      read();
      const t0 = performance.now();
      read();
      return forms.length / ((performance.now() - t0) / 1000);
    };
    const xlsx = writeWorkbook(forms, 'xlsx');
    const docx = writeDocx(forms);
    const xlsxRate = rate(() => readWorkbook(xlsx, 'f.xlsx'));
    const docxRate = rate(() => readDocx(docx, 'f.docx'));
    console.log(`forms/s: xlsx ${xlsxRate.toFixed(0)}, docx ${docxRate.toFixed(0)}`);
    expect(xlsxRate).toBeGreaterThan(50);
    expect(docxRate).toBeGreaterThan(50);
  });
});
