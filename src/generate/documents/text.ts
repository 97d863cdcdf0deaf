// Layouts → plain text, two ways people get it: Word's "copy table as text" (each cell on its own
// line after a tab, rows ended by a blank line; a merged cell once, a cell merged from above as an
// empty cell — exactly what the seed package looks like), and tab-separated rows (a sheet copied
// out of Excel, for flat exports).
import { expand, type Grid } from '../../ingest/documents/grid';
import type { Layout } from './layout';

/** A cell's lines: an empty line would end the row, so a cell never has one. */
const cellLines = (text: string) => text.split('\n').filter((l) => l.trim() !== '');

function wordRows(g: Grid): string[] {
  const m = expand(g);
  const out: string[] = [];
  m.forEach((row, r) => {
    row.forEach((cell, c) => {
      if (!cell || cell.col !== c) return; // a merged cell is written once, at its first column
      const lines = cell.row === r ? cellLines(cell.text) : [];
      out.push(`\t${lines[0] ?? ''}`, ...lines.slice(1));
    });
    out.push('');
  });
  return out;
}

/** Word's copy of a document: captions, then each table's cells one per line. */
export function wordText(layout: Layout): string {
  const out: string[] = [];
  for (const g of layout.grids) out.push(...g.caption, '', ...wordRows(g), '');
  out.push(...layout.trailer);
  return `${out.join('\n')}\n`;
}

/** Tab-separated rows, every position a cell (a merged cell's text at its first position). */
export function tabText(layout: Layout): string {
  const out: string[] = [];
  for (const g of layout.grids) {
    out.push(...g.caption);
    expand(g).forEach((row, r) => {
      out.push(row.map((cell, c) => (cell && cell.row === r && cell.col === c ? cell.text.replace(/[\t\n]+/g, ' ') : '')).join('\t'));
    });
    out.push('');
  }
  out.push(...layout.trailer);
  return `${out.join('\n')}\n`;
}
