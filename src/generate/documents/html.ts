// Layouts → a web page as a county site publishes it: navigation, a heading, the captions as
// paragraphs, each table with its rowspan/colspan, notes after; UTF-8 or GBK with its <meta charset>.
import { encodeGbk } from '../gbk';
import type { Grid } from '../../ingest/documents/grid';
import type { Layout } from './layout';

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const lines = (s: string) => s.split('\n').map(escape).join('<br/>');

function table(g: Grid): string {
  const rows: string[][] = Array.from({ length: g.rows }, () => []);
  for (const c of [...g.cells].sort((a, b) => a.row - b.row || a.col - b.col)) {
    const span = `${c.rowSpan > 1 ? ` rowspan="${c.rowSpan}"` : ''}${c.colSpan > 1 ? ` colspan="${c.colSpan}"` : ''}`;
    rows[c.row].push(`<td${span}>${c.text === '' ? '&nbsp;' : lines(c.text)}</td>`);
  }
  return `<table border="1" cellspacing="0" cellpadding="2">\n${rows.map((r) => `  <tr>${r.join('')}</tr>`).join('\n')}\n</table>`;
}

export function pageHtml(layout: Layout, title: string, encoding: 'utf8' | 'gbk'): Uint8Array {
  const charset = encoding === 'gbk' ? 'gb2312' : 'utf-8';
  const body = layout.grids.map((g) => `${g.caption.map((l) => `<p>${escape(l)}</p>`).join('\n')}\n${table(g)}`).join('\n');
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
${body}
${layout.trailer.map((l) => `<p>${escape(l)}</p>`).join('\n')}
<div class="footer">主办单位：人民政府办公室</div>
</body>
</html>
`;
  return encoding === 'gbk' ? encodeGbk(html) : new TextEncoder().encode(html);
}
