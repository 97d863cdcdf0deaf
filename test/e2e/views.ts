// Helpers shared by the view tests (overview, execution, 三公, findings, form and department): the
// app, browser and Node engine every such file starts with, waiting for a view's data, reading its
// KPI cards and tables as text, finding a chart's bar by its colour.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import type { Engine } from '../../src/db/engine';
import type { Filters } from '../../src/analysis/queries/filters';
import type { LoadedCounts } from '../../src/analysis/queries/load-report';
import { findingsCounted, flaggedForms, overviewKpis } from '../../src/analysis/queries/overview';
import { formatCount, formatMoney, formatPercent } from '../../src/format/number';
import { loadedFileAccounts } from '../../src/ingest/load';
import { launch, serveBuild, type Served, type Session } from './browser';
import { nodeWithBundled } from './bundled';

/** What a view test drives and compares against; set in beforeAll, so read it inside tests only. */
export interface ViewTestRig {
  /** The built app, served. */
  served: Served;
  /** Chromium on a fresh profile. */
  session: Session;
  /** The bundled data loaded and analysed in Node: the truth the page must show. */
  node: Engine;
}

/** Registers the file's beforeAll/afterAll: serve the build, launch Chromium, load Node; close all three after. */
export function viewTestRig(): ViewTestRig {
  const rig = {} as ViewTestRig;
  beforeAll(async () => {
    [rig.served, rig.session, rig.node] = await Promise.all([serveBuild(), launch(), nodeWithBundled()]);
  });
  afterAll(async () => {
    await rig.session?.close();
    await rig.served?.close();
    await rig.node?.close();
  });
  return rig;
}

/**
 * Opens `search` (such as `?view=findings&rule=full-marks`) as a link inside the app would: loading
 * the page the first time, or when the language changes (the page reads ?lang only when it loads),
 * and otherwise in the loaded page (a history entry the app did not make, as a bookmark's), so the
 * data loads once per file. A test about a fresh load of a URL uses page.goto itself.
 */
export async function visit(page: Page, served: Served, search: string): Promise<void> {
  const lang = (q: string) => new URLSearchParams(q).get('lang') ?? 'zh';
  const here = page.url();
  if (!here.startsWith(served.url) || lang(new URL(here).search) !== lang(search)) return void (await page.goto(served.url + search));
  await page.evaluate((s) => {
    history.pushState(null, '', s);
    dispatchEvent(new PopStateEvent('popstate'));
  }, search);
}

/** Waits until the view's container says its queries are answered after the last load. */
export async function waitReady(page: Page, view: string): Promise<void> {
  await page.waitForSelector(`[data-testid=${view}][data-ready=true]`, { timeout: 90_000 });
}

/** The text of each KPI value, by card id. */
export async function kpiTexts(page: Page, view: string, ids: readonly string[]): Promise<Record<string, string>> {
  await waitReady(page, view);
  const out: Record<string, string> = {};
  for (const id of ids) out[id] = ((await page.textContent(`[data-testid=kpi-${id}-value]`)) ?? '').trim();
  return out;
}

/** Every body row of a table as its cells' text (th and td). */
export async function tableTexts(page: Page, selector: string): Promise<string[][]> {
  return page.$$eval(`${selector} tbody tr`, (rows) =>
    rows.map((r) => Array.from(r.querySelectorAll('th, td'), (c) => (c.textContent ?? '').trim())),
  );
}

/**
 * Where on the page the top-most bar drawn in `rgb` inside the chart at `selector` is (the first run
 * of at least `minRun` pixels of that colour from the top), a few pixels into it.
 */
export async function barPoint(page: Page, selector: string, rgb: [number, number, number], minRun = 6): Promise<{ x: number; y: number }> {
  // In the viewport: the mouse hovers only there.
  await page.locator(selector).scrollIntoViewIfNeeded();
  const at = await page.evaluate(
    ({ sel, rgb, minRun }) => {
      const canvas = document.querySelector<HTMLCanvasElement>(`${sel} canvas`)!;
      const { width, height } = canvas;
      const { data } = canvas.getContext('2d')!.getImageData(0, 0, width, height);
      const near = (i: number) => Math.abs(data[i] - rgb[0]) < 8 && Math.abs(data[i + 1] - rgb[1]) < 8 && Math.abs(data[i + 2] - rgb[2]) < 8 && data[i + 3] > 200;
      const scale = width / canvas.getBoundingClientRect().width;
      for (let y = 0; y < height; y++) {
        let run = 0;
        for (let x = 0; x < width; x++) {
          run = near((y * width + x) * 4) ? run + 1 : 0;
          if (run >= minRun) return { x: (x - run / 2) / scale, y: y / scale + 3 };
        }
      }
      return null;
    },
    { sel: selector, rgb, minRun },
  );
  if (!at) throw new Error(`no bar of colour ${rgb} in ${selector}`);
  const box = (await page.locator(`${selector} canvas`).boundingBox())!;
  return { x: box.x + at.x, y: box.y + at.y };
}

/** The overview's KPI cards, by id. */
export const OVERVIEW_KPIS = ['departments', 'forms', 'budget', 'executed', 'rate', 'full-marks', 'findings', 'high'] as const;

/** The overview cards' texts as the same queries and formatters give them in Node. */
export async function overviewCards(engine: Engine, filters: Filters): Promise<Record<string, string>> {
  const all = await overviewKpis(engine, filters);
  const projects = await overviewKpis(engine, { ...filters, kinds: ['项目'] });
  const high = await flaggedForms(engine, filters, 'high');
  return {
    departments: formatCount(all.departments),
    forms: formatCount(all.forms),
    budget: formatMoney(projects.budget_full),
    executed: formatMoney(projects.executed),
    rate: formatPercent(projects.exec_rate),
    'full-marks': formatPercent(all.share_full_marks),
    findings: formatCount(await findingsCounted(engine, filters)),
    high: formatPercent(high.share),
  };
}

/** The 数据 page's counts as it shows them (once its counts are ready), to compare with loadedCounts in Node. */
export async function shownCounts(page: Page): Promise<LoadedCounts> {
  await page.waitForSelector('[data-testid=counts][data-ready=true]', { timeout: 60_000 });
  const value = async (k: keyof LoadedCounts) => Number(await page.getAttribute(`[data-testid=count-${k}]`, 'data-value'));
  return { departments: await value('departments'), forms: await value('forms'), indicators: await value('indicators'), spending: await value('spending') };
}

/** The 数据 page's files table as [file, read, loaded, rejected, replaced, replaced since, notes] per row. */
export async function shownFiles(page: Page): Promise<string[][]> {
  const rows = await page.locator('[data-testid=files-table] tbody tr').all();
  return Promise.all(
    rows.map(async (r) => {
      const [file, , , read, loaded, rejected, replaced, , notes] = await r.locator('td').allTextContents();
      const later = (await r.locator('[data-testid=replaced-later]').getAttribute('data-value')) ?? '';
      return [file, ...[read, loaded, rejected, replaced].map((n) => n.replace(/,/g, '')), later, notes];
    }),
  );
}

/** The same rows as Node's file accounts give them, to compare with shownFiles. */
export async function expectedFiles(engine: Engine): Promise<string[][]> {
  return (await loadedFileAccounts(engine)).map((f) =>
    [f.file, f.rowsRead, f.rowsLoaded, f.rowsRejected, f.rowsReplaced, f.rowsReplacedLater, f.notes.join('；')].map(String),
  );
}
