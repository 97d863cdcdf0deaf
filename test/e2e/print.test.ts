// Print holds at any window size: from a 1366- or 1920-wide window, every view with charts prints
// with each chart's drawn area inside its card. Chrome lays the printed page out at the A4 width
// (273 mm between the margins, 1032 CSS px) before any ResizeObserver runs, so the test does the
// same: print media, the body narrowed to the page's width, and the boxes measured in that same
// task — a chart still at its screen size would stick out of its card. Then the PDF, with the page
// count expected of the overview, and the charts back at their screen size afterwards.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { canvasDrawn, RESULTS } from './browser';
import { viewTestRig, visit } from './views';

const app = viewTestRig();
const MLS = '中共汨罗市委机构编制委员会办公室';
const A4_LANDSCAPE_PX = Math.floor(((297 - 2 * 12) / 25.4) * 96);
const VIEWS = [
  ['overview', '?view=overview', '[data-testid=overview][data-ready=true]'],
  ['execution', '?view=execution', '[data-testid=execution][data-ready=true]'],
  ['sangong', '?view=sangong', '[data-testid=sangong][data-ready=true]'],
  ['department', `?view=department&dept=${encodeURIComponent(MLS)}`, '[data-testid=department-view][data-ready=true]'],
] as const;

interface Fit {
  chart: string;
  figure: { left: number; right: number; top: number; bottom: number };
  canvas: { left: number; right: number; top: number; bottom: number };
}

describe('print', () => {
  it('keeps every chart inside its card, printed from 1366 and 1920 windows', async () => {
    const { page } = app.session;
    for (const [width, height] of [[1366, 768], [1920, 1080]] as const) {
      await page.setViewportSize({ width, height });
      await page.goto(app.served.url + VIEWS[0][1]);
      for (const [view, search, ready] of VIEWS) {
        // In-app navigation (as a link does): the data stays loaded.
        await visit(page, app.served, search);
        await page.waitForSelector(ready, { timeout: 400_000 });
        const charts = await page.$$eval('figure.chart', (fs) => fs.length);
        expect(charts, view).toBeGreaterThan(0);
        for (const id of await page.$$eval('figure.chart', (fs) => fs.map((f, i) => (f.parentElement!.dataset.printIndex = String(i)))))
          await expect.poll(() => canvasDrawn(page, `[data-print-index="${id}"]`), { timeout: 30_000 }).toBe(true);
        const screenWidths = await page.$$eval('figure.chart canvas', (cs) => cs.map((c) => Math.round(c.getBoundingClientRect().width)));

        await page.emulateMedia({ media: 'print' });
        const fits = await page.evaluate((w) => {
          document.body.style.width = `${w}px`;
          const box = (e: Element) => {
            const r = e.getBoundingClientRect();
            return { left: r.left, right: r.right, top: r.top, bottom: r.bottom };
          };
          const out = [...document.querySelectorAll('figure.chart')].map((f) => ({
            chart: f.querySelector('figcaption')?.textContent?.trim() ?? '',
            figure: box(f),
            canvas: box(f.querySelector('canvas')!),
          }));
          document.body.style.width = '';
          return out;
        }, A4_LANDSCAPE_PX);
        for (const f of fits as Fit[]) {
          const where = `${view} @${width}: ${f.chart}`;
          expect(f.canvas.left, where).toBeGreaterThanOrEqual(f.figure.left - 0.5);
          expect(f.canvas.right, where).toBeLessThanOrEqual(f.figure.right + 0.5);
          expect(f.canvas.top, where).toBeGreaterThanOrEqual(f.figure.top - 0.5);
          expect(f.canvas.bottom, where).toBeLessThanOrEqual(f.figure.bottom + 0.5);
        }
        const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
        fs.mkdirSync(RESULTS, { recursive: true });
        fs.writeFileSync(path.join(RESULTS, `print-${view}-${width}.pdf`), pdf);
        const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
        if (view === 'overview') expect(pages, `overview @${width}`).toBe(1);
        else expect(pages, `${view} @${width}`).toBeGreaterThanOrEqual(1);

        // After printing the charts are drawn at their screen size again.
        await page.emulateMedia({ media: 'screen' });
        await expect
          .poll(() => page.$$eval('figure.chart canvas', (cs) => cs.map((c) => Math.round(c.getBoundingClientRect().width))), { timeout: 10_000 })
          .toEqual(screenWidths);
      }
    }
  }, 1_500_000);
});
