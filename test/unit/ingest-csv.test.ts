// The text level of CSV ingest, class by class (issue 10): the delimiter comes from the header
// line; a broken line costs only itself; mixed encodings are decoded line by line; files that are
// not text tables are refused in words that name their kind, and UTF-16 text is read.
import fc from 'fast-check';
import { gzipSync, zipSync } from 'fflate';
import * as XLSX from '@e965/xlsx';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/db/engine';
import { openNodeEngine } from '../../src/db/node';
import { clearAll } from '../../src/db/schema';
import { encodeGbk } from '../../src/generate/gbk';
import { loadFiles } from '../../src/ingest/load';
import { parseFile } from '../../src/ingest/parse';
import { readFile } from '../../src/ingest/read';
import { sniffKind, type FileKind } from '../../src/ingest/sniff';
import type { ParsedFile } from '../../src/ingest/types';

const enc = new TextEncoder();
const IND_HEADER = '评价编号,一级指标,二级指标,三级指标,年度指标值,实际完成值,分值,得分,偏差原因分析及改进措施';
const GOAL_HEADER = '评价编号,年度,预算部门,评价类型,项目名称,预期目标,实际完成情况';
const ind = (level3: string, extra = '') => `A1,产出指标,数量指标,${level3},1,1,10,10,${extra}`;
const parse = (text: string | Uint8Array, name = 't.csv') => parseFile(name, typeof text === 'string' ? enc.encode(text) : text);
/** Nothing a person cannot read: no control characters, no replacement character, no private use. */
const UNREADABLE = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffd\ue000-\uf8ff]/;
const rejectedLines = (p: ParsedFile) => p.rejected.map((r) => r.line);

function accounted(p: ParsedFile) {
  expect(p.rowsRead).toBe(p.rowCount + p.rejected.filter((r) => r.line != null).length);
}

let engine: Engine;
beforeAll(async () => {
  engine = await openNodeEngine();
});
afterAll(() => engine.close());
beforeEach(() => clearAll(engine));

describe('class 1: the delimiter comes from the header line', () => {
  it('reads a comma file whose long text cells are full of ; and |', async () => {
    // The ; and | counts are steadier than the comma count (some rows carry a trailing empty cell):
    // a delimiter guessed from the body (papaparse's) would be | and the file refused whole.
    const goal = '1.完成机构改革;2.优化编制结构;3.规范管理|按期完成;4.提升效能;5.其他';
    const rows = Array.from({ length: 8 }, (_, i) => `P${i},2023,财政局,项目,项目${i},${goal},完成;达标|良好` + (i % 3 === 0 ? ',' : ''));
    const r = await loadFiles(engine, [{ name: 'g.csv', bytes: enc.encode([GOAL_HEADER, ...rows].join('\n')), origin: 'own' }]);
    expect(r.rejected).toEqual([]);
    expect(r.files[0]).toMatchObject({ table: 'evaluations', rowsRead: 8, rowsLoaded: 8 });
    const got = await engine.query<{ goal_target: string; goal_actual: string }>('SELECT DISTINCT goal_target, goal_actual FROM evaluations');
    expect(got).toEqual([{ goal_target: goal, goal_actual: '完成;达标|良好' }]);
  });

  it('reads each delimiter from its header line, whatever the other three do inside cells', async () => {
    const delims = [',', '\t', ';', '|'];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...delims), fc.array(fc.constantFrom(...delims, '甲', '1', ' '), { maxLength: 12 }), async (d, chars) => {
        // A cell holding the file's own delimiter is quoted, as every writer does; the others are bare.
        const text = chars.join('');
        const cell = text.includes(d) ? `"${text}"` : text;
        const line = (level3: string) => ['A1', '产出指标', '数量指标', level3, '1', '1', '10', '10', cell].join(d);
        const p = await parse([IND_HEADER.split(',').join(d), line('x'), line('y')].join('\r\n'));
        expect(p.table).toBe('indicators');
        expect(p.rejected).toEqual([]);
        expect(p.rowCount).toBe(2);
      }),
      { numRuns: 60, seed: 10 },
    );
  });

  it('takes the first line that is a header, with a note on the title lines above it', async () => {
    const p = await parse(['2023年度项目支出绩效自评表', '单位：万元', '', IND_HEADER, ind('x'), ind('y')].join('\n'));
    expect(p.table).toBe('indicators');
    expect(p.rowCount).toBe(2);
    expect(p.notes).toContainEqual(expect.stringContaining('表头在第 4 行'));
    const r = await loadFiles(engine, [{ name: 't.csv', bytes: enc.encode(['标题', IND_HEADER, ind('x')].join('\n')), origin: 'own' }]);
    expect(await engine.query('SELECT source_line FROM indicators')).toEqual([{ source_line: 3 }]);
    expect(r.rejected).toEqual([]);
  });
});

describe('class 2: a broken line costs only itself', () => {
  it('treats LF, CR and CRLF mixed in one file each as a line end, with editor line numbers', async () => {
    const text = IND_HEADER + '\r\n' + ind('a') + '\r' + ind('b') + '\n' + 'A1,,,bad,1,1,十,10,' + '\r\n' + ind('d') + '\r';
    const p = await parse(text);
    expect(p.rowsRead).toBe(4);
    expect(p.rowCount).toBe(3);
    expect(rejectedLines(p)).toEqual([4]);
  });

  it('rejects an unterminated quote on its own line and reads every line after it', async () => {
    const p = await parse([IND_HEADER, ind('a'), 'A1,产出指标,数量指标,"未闭合,1,1,10,10,', ind('c'), ind('d')].join('\n'));
    expect(p.rejected).toEqual([{ file: 't.csv', line: 3, reason: expect.stringContaining('引号未闭合') }]);
    expect(p.rowCount).toBe(3);
    accounted(p);
  });

  it('rejects a stray quote after a closing quote, and takes a quote inside a bare cell as a character', async () => {
    const p = await parse([IND_HEADER, 'A1,产出指标,数量指标,"指标"多余,1,1,10,10,', ind('开展"双随机"检查'), ind('c')].join('\n'));
    expect(p.rejected).toEqual([{ file: 't.csv', line: 2, reason: expect.stringContaining('引号位置不对') }]);
    expect(p.rowCount).toBe(2);
    const r = await loadFiles(engine, [{ name: 'q.csv', bytes: enc.encode([IND_HEADER, ind('开展"双随机"检查')].join('\n')), origin: 'own' }]);
    expect(r.rejected).toEqual([]);
    expect(await engine.query('SELECT level3 FROM indicators')).toEqual([{ level3: '开展"双随机"检查' }]);
  });

  it('rejects rows with too many or too few cells, and allows trailing empty ones', async () => {
    const p = await parse([IND_HEADER, ind('a', ',多,余'), 'A1,产出指标,数量', ind('c', ',,,'), ind('d')].join('\n'));
    expect(p.rejected.map((r) => [r.line, r.reason])).toEqual([
      [2, '列数不符：表头 9 列，此行 11 列'],
      [3, '列数不符：表头 9 列，此行 3 列'],
    ]);
    expect(p.rowCount).toBe(2);
  });

  it('keeps a quoted cell that spans lines (any line end inside), and counts lines after it', async () => {
    const text = [IND_HEADER, 'A1,产出指标,数量指标,"第一行\r\n第二行\r第三行",1,1,10,10,"含,逗号"', ind('x'), 'A1,,,bad,1,1,十,10,'].join('\n');
    const r = await loadFiles(engine, [{ name: 'm.csv', bytes: enc.encode(text), origin: 'own' }]);
    expect(await engine.query('SELECT level3, deviation, source_line FROM indicators ORDER BY seq')).toEqual([
      { level3: '第一行\r\n第二行\r第三行', deviation: '含,逗号', source_line: 2 },
      { level3: 'x', deviation: null, source_line: 5 },
    ]);
    expect(r.rejected.map((x) => x.line)).toEqual([6]);
  });

  it('rejects only the first line of a record that spans lines but does not fit, and restarts below it', async () => {
    // The quote opened on line 2 closes on line 3: one record of the wrong width (had it fit, it
    // would be a quoted cell over two lines). Line 3 is then read on its own.
    const text = [IND_HEADER, 'A1,产出指标,数量指标,"开,1,1,10,10,', 'A1,,,y",1,1,10,10,,多', ind('z')].join('\n');
    const p = await parse(text);
    expect(p.rejected.map((r) => r.line)).toEqual([2, 3]);
    expect(p.rowCount).toBe(1);
    accounted(p);
    // …and when what follows is a good line, it loads.
    const q = await parse([IND_HEADER, 'A1,产出指标,数量指标,"开,1,1,10,10,', ind('y'), 'A1,,,"z",1,1,10,10,'].join('\n'));
    expect(q.rejected.map((r) => r.line)).toEqual([2]);
    expect(q.rowCount).toBe(2);
  });
});

describe('class 5: a file mixing GBK and UTF-8 lines is decoded line by line', () => {
  const cat = (...parts: Uint8Array[]) => {
    const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const p of parts) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  };

  it('reads each line in its own encoding and says the file mixes them', async () => {
    const bytes = cat(enc.encode(IND_HEADER + '\n' + ind('统一码') + '\n'), encodeGbk(ind('国标码') + '\r\n'), enc.encode(ind('又是统一码') + '\n'));
    const r = await loadFiles(engine, [{ name: 'mix.csv', bytes, origin: 'own' }]);
    expect(r.rejected).toEqual([]);
    expect(await engine.query('SELECT level3 FROM indicators ORDER BY source_line')).toEqual([{ level3: '统一码' }, { level3: '国标码' }, { level3: '又是统一码' }]);
    expect(r.files[0].notes).toContainEqual(expect.stringContaining('混有两种编码'));
    expect((await parseFile('mix.csv', bytes)).encoding).toBe('utf-8+gb18030');
  });

  it('reads a GBK line that happens to be valid UTF-8 as GBK (it would be Cyrillic and Greek otherwise)', async () => {
    const gbk = encodeGbk('A1,,,一元,1,1,10,10,\n');
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(gbk)).not.toThrow();
    const bytes = cat(encodeGbk(IND_HEADER + '\n' + ind('国标') + '\n'), gbk);
    const r = await loadFiles(engine, [{ name: 'g.csv', bytes, origin: 'own' }]);
    expect(r.rejected).toEqual([]);
    expect(await engine.query('SELECT level3 FROM indicators ORDER BY source_line')).toEqual([{ level3: '国标' }, { level3: '一元' }]);
  });

  it('rejects a line valid in neither encoding as an encoding problem, and no mojibake reaches a table or a message', async () => {
    const broken = cat(enc.encode('A1,,,'), new Uint8Array([0xff, 0xfe, 0x81, 0x20]), enc.encode(',1,1,10,10,\n'));
    const bytes = cat(enc.encode(IND_HEADER + '\n' + ind('好') + '\n'), broken, encodeGbk(ind('也好') + '\n'), enc.encode('A1,,,含\x00二进制,1,1,10,10,\n'));
    const r = await loadFiles(engine, [{ name: 'bad.csv', bytes, origin: 'own' }]);
    expect(r.rejected).toEqual([
      { file: 'bad.csv', line: 3, reason: expect.stringContaining('编码无法识别') },
      { file: 'bad.csv', line: 5, reason: expect.stringContaining('控制字符') },
    ]);
    expect(await engine.query('SELECT level3 FROM indicators ORDER BY source_line')).toEqual([{ level3: '好' }, { level3: '也好' }]);
    for (const x of r.rejected) expect(x.reason).not.toMatch(UNREADABLE);
    for (const n of r.files[0].notes) expect(n).not.toMatch(UNREADABLE);
  });

  it('never lets an undecodable or binary line into a table, whatever bytes a line holds', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 1, maxLength: 30 }), async (junk) => {
        const line = cat(enc.encode('A1,,,'), junk.map((b) => (b === 10 || b === 13 ? 0xff : b)), enc.encode(',1,1,10,10,\n'));
        const p = await parse(cat(enc.encode(IND_HEADER + '\n'), line, enc.encode(ind('后') + '\n')));
        accounted(p);
        expect(p.rowCount).toBeGreaterThanOrEqual(1);
        for (const x of p.rejected) expect(x.reason).not.toMatch(UNREADABLE);
        if (p.rowCount === 2) {
          // Taken: then it was text, and no cell of it is unreadable.
          const r = await loadFiles(engine, [{ name: 'j.csv', bytes: cat(enc.encode(IND_HEADER + '\n'), line), origin: 'own' }]);
          const [{ level3 }] = await engine.query<{ level3: string }>('SELECT level3 FROM indicators');
          expect(level3 ?? '').not.toMatch(UNREADABLE);
          expect(r.files[0].rowsLoaded).toBe(1);
          await clearAll(engine);
        }
      }),
      { numRuns: 120, seed: 55 },
    );
  });
});

describe('class 7: refusals in plain words, UTF-16 text read', () => {
  const utf16 = (text: string, order: 'le' | 'be', bom: boolean) => {
    const out = new Uint8Array((bom ? 2 : 0) + text.length * 2);
    let at = 0;
    if (bom) {
      out.set(order === 'le' ? [0xff, 0xfe] : [0xfe, 0xff]);
      at = 2;
    }
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      out[at + 2 * i + (order === 'le' ? 0 : 1)] = c & 0xff;
      out[at + 2 * i + (order === 'le' ? 1 : 0)] = c >> 8;
    }
    return out;
  };
  const tsv = [IND_HEADER.split(',').join('\t'), ['A1', '产出指标', '数量指标', '覆盖率', '≥95%', '98%', '10', '9.5', ''].join('\t')].join('\r\n') + '\r\n';

  it.each([
    ['UTF-16LE with BOM (Excel “Unicode 文本”)', 'le', true, 'utf-16le'],
    ['UTF-16LE without BOM', 'le', false, 'utf-16le'],
    ['UTF-16BE with BOM', 'be', true, 'utf-16be'],
  ] as const)('loads %s', async (_, order, bom, encoding) => {
    const bytes = utf16(tsv, order, bom);
    expect(sniffKind(bytes, 'u.txt')).toBe(order === 'le' ? 'utf16le' : 'utf16be');
    const r = await loadFiles(engine, [{ name: 'u.txt', bytes, origin: 'own' }]);
    expect(r.rejected).toEqual([]);
    expect(await engine.query('SELECT level3, target, score FROM indicators')).toEqual([{ level3: '覆盖率', target: '≥95%', score: '9.5' }]);
    expect((await parseFile('u.txt', bytes)).encoding).toBe(encoding);
  });

  const sheet = () => {
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([IND_HEADER.split(','), ind('x').split(',')]), '指标');
    return wb;
  };
  const asBytes = (x: ArrayBuffer | Uint8Array) => (x instanceof Uint8Array ? x : new Uint8Array(x));
  const kinds: [string, string, () => Uint8Array, FileKind, RegExp][] = [
    ['a zip', 'a.zip', () => zipSync({ 'indicators.csv': enc.encode(IND_HEADER) }), 'zip', /ZIP 压缩包/],
    ['a Word document without a form', 'a.docx', () => zipSync({ '[Content_Types].xml': enc.encode('<Types/>'), 'word/document.xml': enc.encode('<w:document/>') }), 'docx', /Word 文档/],
    ['a gzip', 'a.csv.gz', () => gzipSync(enc.encode(IND_HEADER)), 'archive', /压缩文件/],
    ['a damaged PDF', 'a.pdf', () => enc.encode('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj'), 'pdf', /PDF/],
    ['a PNG', 'a.png', () => new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 73, 72, 68, 82]), 'image', /图片（PNG）/],
    ['a JPEG', 'a.jpg', () => new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 16, 74, 70, 73, 70, 0]), 'image', /图片（JPEG）/],
    ['a GIF', 'a.gif', () => enc.encode('GIF89a\x01\x00\x01\x00'), 'image', /图片（GIF）/],
    ['a BMP', 'a.bmp', () => new Uint8Array([0x42, 0x4d, 0x3a, 0, 0, 0, 0, 0, 0, 0, 0x36, 0, 0, 0]), 'image', /图片（BMP）/],
    ['a WebP', 'a.webp', () => enc.encode('RIFF\x24\x00\x00\x00WEBPVP8 '), 'image', /图片（WebP）/],
    ['a web page saved from Excel, without a form', 'a.xls', () => enc.encode('<html xmlns:o="urn:schemas-microsoft-com:office:office"><body><table></table></body></html>'), 'html', /网页文件/],
    ['random bytes', 'a.bin', () => Uint8Array.from({ length: 4096 }, (_, i) => (i * 2654435761) >>> 24), 'binary', /二进制文件/],
  ];

  it.each(kinds)('refuses %s with a reason naming its kind', async (_, name, make, kind, words) => {
    const bytes = make();
    expect(sniffKind(bytes, name)).toBe(kind);
    const parts = await readFile(name, bytes, {});
    expect(parts.map((p) => p.table)).toEqual([null]);
    expect(parts[0].rejected).toEqual([{ file: name, line: null, reason: expect.stringMatching(words) }]);
    expect(parts[0].rejected[0].reason).not.toMatch(UNREADABLE);
  });

  it.each([
    ['an Excel workbook', 'a.xlsx', 'xlsx'],
    ['a workbook renamed .csv', 'a.csv', 'xlsx'],
    ['an Excel 97–2003 workbook', 'a.xls', 'biff8'],
  ] as const)('reads %s by its contents, whatever it is called', async (_, name, bookType) => {
    const bytes = asBytes(XLSX.write(sheet(), { type: 'array', bookType }));
    const parts = await readFile(name, bytes, {});
    expect(parts.map((p) => [p.table, p.rowCount])).toEqual([['indicators', 1]]);
  });

  it('still takes a CSV whatever it is called, and a damaged line in it is only a damaged line', async () => {
    const text = [IND_HEADER, ind('a'), 'A1,,,' + '\x00'.repeat(40) + ',1,1,10,10,', ind('c')].join('\n');
    expect(sniffKind(enc.encode(text), 'report.xlsx')).toBe('text');
    const p = await parse(text, 'report.xlsx');
    expect(p.rowCount).toBe(2);
    expect(rejectedLines(p)).toEqual([3]);
  });

  it('names at most 20 ignored columns, then how many more', async () => {
    const extra = Array.from({ length: 35 }, (_, i) => `附加列${i + 1}`);
    const p = await parse([[IND_HEADER, ...extra].join(','), ind('x') + ','.repeat(35)].join('\n'));
    const note = p.notes.find((n) => n.startsWith('未识别的列'))!;
    expect(note).toContain('附加列20');
    expect(note).not.toContain('附加列21');
    expect(note).toContain('另有 15 列（共 35 列）');
    const few = await parse([[IND_HEADER, '备注'].join(','), ind('x') + ','].join('\n'));
    expect(few.notes).toContain('未识别的列已忽略：备注');
  });
});
