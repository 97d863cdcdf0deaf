// A table → an .xlsx workbook, written as OOXML by hand and zipped with fflate. SheetJS's community
// build writes neither frozen panes nor cell styles, and it takes numbers as JS doubles; here each
// numeric cell carries the engine's exact decimal text (`<v>183.350000</v>`), shown through a number
// format by column kind: 万元 as #,##0.00, ratios as 0.00%, scores as 0.00, counts as #,##0. Ids and
// texts are inline strings under the text format "@", so leading zeros and 18-digit codes stay as
// written, and a name like "=HYPERLINK(…)" is text, never a formula (a workbook cell is a formula
// only when written as <f>). The header row is bold and frozen, columns are as wide as their text.
import Decimal from 'decimal.js';
import { strToU8, zipSync } from 'fflate';

import { FIGURE_KINDS as NUMERIC, type ColumnKind, type ExportColumn, type ExportTable } from './export-table';

// cellXfs indices of styles.xml below; numFmtId are Excel's built-in formats.
const STYLE: Record<ColumnKind | 'header', number> = { header: 1, money: 2, percent: 3, score: 4, count: 5, integer: 7, text: 6, id: 6 };
const XFS = [
  '<xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>',
  '<xf numFmtId="49" fontId="1" fillId="2" borderId="0" applyFont="1" applyFill="1" applyNumberFormat="1"/>',
  '<xf numFmtId="4" fontId="0" fillId="0" borderId="0" applyNumberFormat="1"/>', // #,##0.00
  '<xf numFmtId="10" fontId="0" fillId="0" borderId="0" applyNumberFormat="1"/>', // 0.00%
  '<xf numFmtId="2" fontId="0" fillId="0" borderId="0" applyNumberFormat="1"/>', // 0.00
  '<xf numFmtId="3" fontId="0" fillId="0" borderId="0" applyNumberFormat="1"/>', // #,##0
  '<xf numFmtId="49" fontId="0" fillId="0" borderId="0" applyNumberFormat="1"/>', // @
  '<xf numFmtId="1" fontId="0" fillId="0" borderId="0" applyNumberFormat="1"/>', // 0 (years: no grouping)
];

/** XML text: escaped, and without the control characters XML 1.0 cannot hold (a file's stray bytes). */
function xml(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '').replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
}

/** A cell's text: lists joined as the app shows them. */
function text(v: unknown): string {
  if (Array.isArray(v)) return v.map(text).join('；');
  if (typeof v === 'object' && v != null) return JSON.stringify(v);
  return String(v);
}

/** The exact decimal text of a numeric value, or null when it is not a finite number. */
function decimalText(v: unknown): string | null {
  if (typeof v === 'bigint') return v.toString();
  if (typeof v !== 'string' && typeof v !== 'number') return null;
  try {
    const d = new Decimal(v);
    return d.isFinite() ? d.toFixed() : null;
  } catch {
    return null;
  }
}

/** A1 column letters of the 0-based index. */
function columnName(i: number): string {
  let s = '';
  for (let n = i + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

function inlineString(ref: string, style: number, s: string): string {
  const space = /^\s|\s$/.test(s) ? ' xml:space="preserve"' : '';
  return `<c r="${ref}" s="${style}" t="inlineStr"><is><t${space}>${xml(s)}</t></is></c>`;
}

function cell(ref: string, column: ExportColumn, v: unknown): string {
  if (v == null || v === '') return '';
  if (NUMERIC.has(column.kind)) {
    const d = decimalText(v);
    // A value that is not a number (a note in a numeric column) is kept as text, not dropped.
    if (d != null) return `<c r="${ref}" s="${STYLE[column.kind]}"><v>${d}</v></c>`;
  }
  return inlineString(ref, STYLE[column.kind], text(v));
}

/** Display width in Excel's character units: a CJK character takes two. */
function width(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]|[\u{20000}-\u{3fffd}]/u.test(ch) ? 2 : 1;
  return w;
}

/** As wide as the header or the widest shown value (sampled), within 6–60 characters. */
function columnWidths(table: ExportTable): number[] {
  const sample = table.rows.slice(0, 2000);
  return table.columns.map((c) => {
    let w = width(c.header);
    for (const r of sample) {
      const v = r[c.key];
      if (v == null) continue;
      const d = NUMERIC.has(c.kind) ? decimalText(v) : null;
      // Numbers are shown grouped and to 2 decimals: about a third wider than their digits.
      w = Math.max(w, d != null ? Math.ceil(d.split('.')[0].length * 1.35) + 4 : width(text(v)));
    }
    return Math.min(60, Math.max(6, w + 2));
  });
}

/** A sheet name Excel accepts: at most 31 characters, none of []:*?/\. */
function sheetName(name: string): string {
  return name.replace(/[[\]:*?/\\]/g, ' ').slice(0, 31).trim() || 'Sheet1';
}

function sheetXml(table: ExportTable): string {
  const cols = columnWidths(table)
    .map((w, i) => `<col min="${i + 1}" max="${i + 1}" width="${w}" customWidth="1"/>`)
    .join('');
  const letters = table.columns.map((_, i) => columnName(i));
  const rows: string[] = [`<row r="1">${table.columns.map((c, i) => inlineString(`${letters[i]}1`, STYLE.header, c.header)).join('')}</row>`];
  table.rows.forEach((r, n) => {
    const at = n + 2;
    rows.push(`<row r="${at}">${table.columns.map((c, i) => cell(`${letters[i]}${at}`, c, r[c.key])).join('')}</row>`);
  });
  const last = `${letters[letters.length - 1] ?? 'A'}${table.rows.length + 1}`;
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
    `<dimension ref="A1:${last}"/>` +
    '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>' +
    '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>' +
    '<sheetFormatPr defaultRowHeight="15"/>' +
    (cols ? `<cols>${cols}</cols>` : '') +
    `<sheetData>${rows.join('')}</sheetData>` +
    '</worksheet>'
  );
}

const STYLES =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
  '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
  '<fonts count="2"><font><sz val="11"/><name val="等线"/><family val="2"/></font><font><b/><sz val="11"/><name val="等线"/><family val="2"/></font></fonts>' +
  '<fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>' +
  '<fill><patternFill patternType="solid"><fgColor rgb="FFE8EEF5"/><bgColor indexed="64"/></patternFill></fill></fills>' +
  '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
  '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
  `<cellXfs count="${XFS.length}">${XFS.join('')}</cellXfs>` +
  '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>' +
  '</styleSheet>';

/** The workbook's bytes: one sheet per table, in order. */
export function xlsxBytes(tables: ExportTable | ExportTable[]): Uint8Array {
  const list = Array.isArray(tables) ? tables : [tables];
  const names: string[] = [];
  for (const t of list) {
    let name = sheetName(t.name);
    for (let n = 2; names.includes(name); n++) name = `${sheetName(t.name).slice(0, 27)} (${n})`;
    names.push(name);
  }
  const head = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
  const files: Record<string, Uint8Array> = {
    '[Content_Types].xml': strToU8(
      head +
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
        '<Default Extension="xml" ContentType="application/xml"/>' +
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
        '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
        list.map((_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`).join('') +
        '</Types>',
    ),
    '_rels/.rels': strToU8(
      head +
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>' +
        '</Relationships>',
    ),
    'xl/workbook.xml': strToU8(
      head +
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">' +
        `<sheets>${names.map((n, i) => `<sheet name="${xml(n)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('')}</sheets>` +
        '</workbook>',
    ),
    'xl/_rels/workbook.xml.rels': strToU8(
      head +
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
        list.map((_, i) => `<Relationship Id="rId${i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`).join('') +
        `<Relationship Id="rId${list.length + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>` +
        '</Relationships>',
    ),
    'xl/styles.xml': strToU8(STYLES),
  };
  list.forEach((t, i) => (files[`xl/worksheets/sheet${i + 1}.xml`] = strToU8(sheetXml(t))));
  return zipSync(files, { level: 6 });
}
