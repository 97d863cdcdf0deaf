// Layouts → HTML, the one serialiser of the generator's tables: a web page as a county site
// publishes it (navigation, a heading, each form's caption paragraphs and table, notes after; UTF-8
// or GBK with its <meta charset>), and the document the PDF printer hands to Chromium (the same
// forms under a print style sheet, a page break between them).
import { encodeGbk } from '../gbk';
import type { Grid } from '../../ingest/documents/grid';

/** What a document holds: its tables with the lines before each, and lines after the last. */
export interface HtmlDocument {
  /** headerRows: the first rows as a <thead>, which a browser repeats on every page the table runs onto. */
  grids: (Pick<Grid, 'cells' | 'rows' | 'cols' | 'caption'> & { headerRows?: number })[];
  trailer: string[];
}

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const lines = (s: string) => s.split('\n').map(escape).join('<br/>');

function table(g: HtmlDocument['grids'][number]): string {
  const rows: string[][] = Array.from({ length: g.rows }, () => []);
  for (const c of [...g.cells].sort((a, b) => a.row - b.row || a.col - b.col)) {
    const span = `${c.rowSpan > 1 ? ` rowspan="${c.rowSpan}"` : ''}${c.colSpan > 1 ? ` colspan="${c.colSpan}"` : ''}`;
    rows[c.row].push(`<td${span}>${c.text === '' ? '&nbsp;' : lines(c.text)}</td>`);
  }
  // A row whose every position is covered from above still needs its <tr>, or rowspans shrink.
  const trs = rows.map((r) => `  <tr>${r.join('')}</tr>`);
  const head = g.headerRows ? `<thead>\n${trs.slice(0, g.headerRows).join('\n')}\n</thead>\n` : '';
  // Columns share the width evenly unless their text needs more: on paper, a column that only
  // merged cells cross would otherwise shrink to nothing and vanish.
  const cols = `<colgroup>${`<col style="width:${(100 / Math.max(g.cols, 1)).toFixed(3)}%">`.repeat(g.cols)}</colgroup>`;
  return `<table border="1" cellspacing="0" cellpadding="2">${cols}\n${head}<tbody>\n${trs.slice(g.headerRows ?? 0).join('\n')}\n</tbody>\n</table>`;
}

/** The forms, each its caption paragraphs and its table in a <div class="form">, then the trailer's lines. */
export function formsHtml(doc: HtmlDocument): string {
  const forms = doc.grids.map((g) => `<div class="form">\n${g.caption.map((l) => `<p>${escape(l)}</p>\n`).join('')}${table(g)}\n</div>`);
  return `${forms.join('\n')}\n${doc.trailer.map((l) => `<p>${escape(l)}</p>`).join('\n')}`;
}

export function pageHtml(doc: HtmlDocument, title: string, encoding: 'utf8' | 'gbk'): Uint8Array {
  const charset = encoding === 'gbk' ? 'gb2312' : 'utf-8';
  const html = `<!DOCTYPE html>
<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=${charset}" />
<title>${escape(title)}</title>
<script>var visits = 0;</script>
</head>
<body>
<nav><a href="/">首页</a> | <a href="/zwgk/">政务公开</a> | <a href="/zwgk/jxpj/">绩效评价</a></nav>
<div class="position">当前位置：首页 &gt; 政务公开 &gt; 绩效评价</div>
<h1>${escape(title)}</h1>
${formsHtml(doc)}
<div class="footer">主办单位：人民政府办公室</div>
</body>
</html>
`;
  return encoding === 'gbk' ? encodeGbk(html) : new TextEncoder().encode(html);
}
