// PDF test material the way departments make it: a document printed to PDF, here HTML printed by
// Debian's Chromium (what a 附件 exported from Word or WPS looks like to a reader: a text layer
// and ruled table lines). A "scanned" PDF is the same page as one picture, with no text at all.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { launchChromium } from '../../node/chromium';
import type { Grid } from '../../ingest/documents/grid';

/** What a printed document holds: its tables with the lines before each, and lines after the last. */
export interface PrintableDocument {
  /** headerRows: the first rows as a <thead>, which the browser repeats on every page the table runs onto. */
  grids: (Pick<Grid, 'cells' | 'rows' | 'cols' | 'caption'> & { headerRows?: number })[];
  trailer: string[];
}

const escapeHtml = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

// Printed borders are what the reader rebuilds the grid from, so every cell has all four.
// white-space: pre-wrap keeps a cell's own line breaks (\n) as the form had them.
const STYLE = `
@page { size: A4; margin: 15mm; }
body { font-family: "Noto Sans CJK SC", sans-serif; font-size: 10.5pt; margin: 0; }
p { margin: 0 0 4pt 0; white-space: pre-wrap; }
table { border-collapse: collapse; width: 100%; margin: 4pt 0 8pt 0; }
td { border: 0.75pt solid #000; padding: 2pt 3pt; white-space: pre-wrap; vertical-align: middle; }
/* Every row keeps a height of its own: a browser squeezes a row to nothing when all its cells
   span further rows, and paper then shows no such row. */
tr { break-inside: avoid; height: 16pt; }
.form { break-after: page; }
.form:last-of-type { break-after: auto; }
`;

/**
 * One document as HTML: each table after its caption paragraphs, a page break between tables.
 * Private to the PDF printer for now; the html format's serialiser may later share it.
 */
function documentHtml(doc: PrintableDocument): string {
  const forms = doc.grids.map((g) => {
    const caption = g.caption.map((line) => `<p>${escapeHtml(line)}</p>`).join('');
    const byRow = new Map<number, string[]>();
    for (const c of [...g.cells].sort((a, b) => a.row - b.row || a.col - b.col)) {
      const span = (c.rowSpan > 1 ? ` rowspan="${c.rowSpan}"` : '') + (c.colSpan > 1 ? ` colspan="${c.colSpan}"` : '');
      const row = byRow.get(c.row) ?? [];
      row.push(`<td${span}>${escapeHtml(c.text)}</td>`);
      byRow.set(c.row, row);
    }
    // A row whose every position is covered from above still needs its <tr>, or rowspans shrink.
    const rows = Array.from({ length: g.rows }, (_, r) => `<tr>${(byRow.get(r) ?? []).join('')}</tr>`);
    const head = g.headerRows ? `<thead>${rows.slice(0, g.headerRows).join('')}</thead>` : '';
    // Columns share the width evenly unless their text needs more: a column that only merged
    // cells cross would otherwise shrink to nothing and vanish from the paper.
    const cols = `<colgroup>${`<col style="width:${(100 / g.cols).toFixed(3)}%">`.repeat(g.cols)}</colgroup>`;
    return `<div class="form">${caption}<table>${cols}${head}<tbody>${rows.slice(g.headerRows ?? 0).join('\n')}</tbody></table></div>`;
  });
  const trailer = doc.trailer.map((line) => `<p>${escapeHtml(line)}</p>`).join('');
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><style>${STYLE}</style></head><body>${forms.join('\n')}${trailer}</body></html>`;
}

/** Prints documents with one Chromium, opened once for all of them (a launch costs about a second). */
export class PdfPrinter {
  private constructor(
    private readonly context: BrowserContext,
    private readonly profile: string,
  ) {}

  static async open(): Promise<PdfPrinter> {
    const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'selfeval-pdf-'));
    return new PdfPrinter(await launchChromium(profile), profile);
  }

  /** The document as Chromium prints it on A4: a text layer and ruled tables. */
  async print(doc: PrintableDocument): Promise<Uint8Array> {
    const page = await this.context.newPage();
    try {
      await page.setContent(documentHtml(doc), { waitUntil: 'load' });
      return new Uint8Array(await page.pdf({ format: 'A4', printBackground: true }));
    } finally {
      await page.close();
    }
  }

  /** The first page of the document as a scan would have it: one picture, no text layer. */
  async printScanned(doc: PrintableDocument): Promise<Uint8Array> {
    const page = await this.context.newPage();
    try {
      // 794 × 1123 CSS px is A4 at 96 dpi: the screenshot is the page a scanner would see.
      await page.setViewportSize({ width: 794, height: 1123 });
      await page.setContent(documentHtml(doc), { waitUntil: 'load' });
      const png = await page.screenshot({ type: 'png' });
      const img = `<!doctype html><html><head><style>@page{size:A4;margin:0}body{margin:0}img{width:210mm;height:297mm;display:block}</style></head>` +
        `<body><img src="data:image/png;base64,${png.toString('base64')}"></body></html>`;
      await page.setContent(img, { waitUntil: 'load' });
      return new Uint8Array(await page.pdf({ format: 'A4', printBackground: true }));
    } finally {
      await page.close();
    }
  }

  async close(): Promise<void> {
    await this.context.close();
    fs.rmSync(this.profile, { recursive: true, force: true });
  }
}
