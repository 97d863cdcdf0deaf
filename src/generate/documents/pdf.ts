// PDF test material the way departments make it: a document printed to PDF, here HTML printed by
// Debian's Chromium (what a 附件 exported from Word or WPS looks like to a reader: a text layer
// and ruled table lines). A "scanned" PDF is the same page as one picture, with no text at all.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { launchChromium } from '../../node/chromium';
import { formsHtml, type HtmlDocument } from './html';

/** What a printed document holds: the html writer's document. */
export type PrintableDocument = HtmlDocument;

// Printed borders are what the reader rebuilds the grid from, so every cell has all four.
// white-space: pre-wrap keeps a cell's own spaces as the form had them.
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

/** One document as Chromium prints it: the forms as the html writer writes them, a page break between them. */
function documentHtml(doc: PrintableDocument): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><style>${STYLE}</style></head><body>${formsHtml(doc)}</body></html>`;
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
