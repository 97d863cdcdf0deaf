// Plain text copied out of a form (or extracted from a .doc) → grids. Two shapes are written:
// - Word's "copy table as text" (the seed package): every cell starts on its own line with a tab,
//   a row ends at a blank line, and a line without a tab right after a cell is that cell going on
//   (a label broken over lines, "实施\n单位");
// - tab-separated rows: one line per row, cells split by tabs.
// Lines outside tables become captions (the titles before a table) or the trailer.
import { decodeText } from '../decode';
import { sniffKind } from '../sniff';
import { tableAddress, type DocumentGrids, type Grid } from './grid';

type Shape = 'cell-per-line' | 'row-per-line';

/** Word's copy puts one tab at the start of every cell line; anything else is tab-separated rows. */
function shapeOf(lines: string[]): Shape {
  const tabbed = lines.filter((l) => l.includes('\t'));
  const cellLines = tabbed.filter((l) => l.startsWith('\t') && l.indexOf('\t', 1) < 0).length;
  return tabbed.length > 0 && cellLines / tabbed.length >= 0.9 ? 'cell-per-line' : 'row-per-line';
}

function toGrid(rows: string[][], file: string, table: number, caption: string[]): Grid {
  const cells = rows.flatMap((row, r) =>
    row.map((text, c) => ({ text: text.trim(), row: r, col: c, rowSpan: 1, colSpan: 1, address: tableAddress(r, c) })),
  );
  return { source: { file, table }, cells, rows: rows.length, cols: Math.max(0, ...rows.map((r) => r.length)), caption };
}

export function textGrids(text: string, file: string): DocumentGrids {
  const lines = text.replace(/^\ufeff/, '').split(/\r\n|\r|\n/);
  const shape = shapeOf(lines);
  const grids: Grid[] = [];
  let pending: string[] = [];
  let rows: string[][] | null = null;
  let afterBlank = false;

  const endTable = () => {
    if (rows && rows.some((r) => r.length > 0)) {
      grids.push(toGrid(rows.filter((r) => r.length > 0), file, grids.length + 1, pending));
      pending = [];
    }
    rows = null;
  };

  for (const line of lines) {
    if (line.includes('\t')) {
      const pieces = line.split('\t');
      if (rows == null) rows = [[]];
      else if (afterBlank || shape === 'row-per-line') rows.push([]);
      const row = rows[rows.length - 1];
      if (shape === 'row-per-line') row.push(...pieces);
      else {
        // Text before the tab goes on with the cell before it.
        if (pieces[0].trim() !== '' && row.length > 0) row[row.length - 1] += `\n${pieces[0]}`;
        else if (pieces[0].trim() !== '') row.push(pieces[0]);
        row.push(...pieces.slice(1));
      }
      afterBlank = false;
    } else if (line.trim() === '') {
      afterBlank = true;
    } else if (rows != null && !afterBlank && shape === 'cell-per-line' && rows[rows.length - 1].length > 0) {
      const row = rows[rows.length - 1];
      row[row.length - 1] += `\n${line}`;
    } else {
      endTable();
      pending.push(line.trim());
      afterBlank = false;
    }
  }
  endTable();
  return { kind: 'txt', grids, trailer: pending, notes: [] };
}

/**
 * A .txt document's bytes, decoded as a CSV's are (UTF-16 when sniffed so, else strict UTF-8 first,
 * then GB18030 line by line). A line no encoding reads is not silently dropped: a note names it.
 */
export function readText(bytes: Uint8Array, file: string): DocumentGrids {
  const kind = sniffKind(bytes, file);
  const { text, encoding, badLines } = decodeText(bytes, kind === 'utf16le' || kind === 'utf16be' ? kind : 'text');
  const doc = textGrids(text, file);
  const unread = [...badLines].map(([line, why]) => `第 ${line} 行未读：${why}`);
  return { ...doc, encoding, notes: [...doc.notes, ...unread] };
}
