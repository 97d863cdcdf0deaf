// Grids → a Word .docx built by hand (the three parts Word needs, zipped with fflate): each form's
// caption lines as paragraphs before its table, spans as gridSpan / vMerge, ragged rows as
// gridBefore / gridAfter, and a page break between forms, as the 附件 documents are laid out.
import { strToU8, zipSync } from 'fflate';
import { expand, type Grid, type GridCell } from '../../ingest/documents/grid';

const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';

const CONTENT_TYPES = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`;

const RELS = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`;

const BORDERS = ['top', 'left', 'bottom', 'right', 'insideH', 'insideV'].map((b) => `<w:${b} w:val="single" w:sz="4" w:space="0" w:color="000000"/>`).join('');

/** Characters XML 1.0 cannot carry at all; generated text must not contain them. */
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/;

function escapeXml(s: string): string {
  if (NOT_XML.test(s)) throw new Error(`text not representable in XML: ${JSON.stringify(s)}`);
  return s.replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'));
}

/** One line of text as a paragraph; tabs become w:tab as Word writes them. */
function paragraph(line: string): string {
  if (line === '') return '<w:p/>';
  const runs = line.split('\t').map((part, i) => (i ? '<w:tab/>' : '') + (part ? `<w:t xml:space="preserve">${escapeXml(part)}</w:t>` : ''));
  return `<w:p><w:r>${runs.join('')}</w:r></w:p>`;
}

function tc(span: number, merge: 'restart' | 'continue' | null, text: string): string {
  const props = (span > 1 ? `<w:gridSpan w:val="${span}"/>` : '') + (merge === 'restart' ? '<w:vMerge w:val="restart"/>' : merge === 'continue' ? '<w:vMerge/>' : '');
  return `<w:tc>${props ? `<w:tcPr>${props}</w:tcPr>` : ''}${text.split('\n').map(paragraph).join('')}</w:tc>`;
}

/** One table row: anchors, continuations of vertical merges, blank cells inside, the ragged ends as gridBefore/After. */
function tableRow(row: (GridCell | null)[], r: number): string {
  const first = row.findIndex((c) => c !== null);
  const lead = first < 0 ? 0 : first;
  const end = first < 0 ? row.length : row.length - [...row].reverse().findIndex((c) => c !== null);
  let cells = '';
  for (let col = lead; col < end; ) {
    const c = row[col];
    if (c === null) {
      cells += tc(1, null, '');
      col++;
    } else {
      cells += c.row === r ? tc(c.colSpan, c.rowSpan > 1 ? 'restart' : null, c.text) : tc(c.colSpan, 'continue', '');
      col += c.colSpan;
    }
  }
  const props = (lead ? `<w:gridBefore w:val="${lead}"/>` : '') + (end < row.length ? `<w:gridAfter w:val="${row.length - end}"/>` : '');
  return `<w:tr>${props ? `<w:trPr>${props}</w:trPr>` : ''}${cells}</w:tr>`;
}

function table(grid: Grid): string {
  const m = expand(grid);
  for (const c of grid.cells) {
    for (let r = c.row; r < c.row + c.rowSpan; r++) for (let k = c.col; k < c.col + c.colSpan; k++) if (m[r]?.[k] !== c) throw new Error(`cells overlap or leave the grid at ${c.address}`);
  }
  const width = Math.floor(9000 / Math.max(grid.cols, 1));
  const cols = Array.from({ length: grid.cols }, () => `<w:gridCol w:w="${width}"/>`).join('');
  return `<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/><w:tblBorders>${BORDERS}</w:tblBorders></w:tblPr><w:tblGrid>${cols}</w:tblGrid>${m.map(tableRow).join('')}</w:tbl>`;
}

const PAGE_BREAK = '<w:p><w:r><w:br w:type="page"/></w:r></w:p>';

/** The grids as one Word document; trailer lines (notes such as "注：…") follow the last table. */
export function writeDocx(grids: Grid[], trailer: string[] = []): Uint8Array {
  const body = grids.map((g, i) => (i ? PAGE_BREAK : '') + g.caption.map(paragraph).join('') + table(g)).join('');
  // Word ends a body with a paragraph; one also keeps the last table apart from the section properties.
  const end = trailer.length ? trailer.map(paragraph).join('') : '<w:p/>';
  const document = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="${W}"><w:body>${body}${end}<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1440" w:right="1440" w:bottom="1440" w:left="1440" w:header="851" w:footer="992" w:gutter="0"/></w:sectPr></w:body></w:document>`;
  return zipSync({ '[Content_Types].xml': strToU8(CONTENT_TYPES), _rels: { '.rels': strToU8(RELS) }, word: { 'document.xml': strToU8(document) } });
}
