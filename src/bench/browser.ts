// The benchmark's browser half: the built app in Debian's Chromium, served by `vite preview` with
// the benchmark's datasets at /datasets/. Every figure is a median over `runs` (the first, cold
// start is kept apart: the wasm is then fetched, later runs take it from the browser's cache).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { preview } from 'vite';
import { documentRates, type DocsFigures, type DocumentFile, type DocumentSet } from './documents';
import { launchChromium } from '../node/chromium';

export const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2) : NaN;
};

export interface BrowserFigures {
  page_to_charts_cold_ms: number;
  page_to_charts_ms: number;
  page_requests: number;
  filter_ms: number;
  filter_findings_ms: number;
  /** A year click on each filtered view, click to current figures (medians). */
  filter_views_ms: Record<FilteredViewName, number>;
  csv_ingest_mb_per_s: number;
  csv_ingest_bytes: number;
  peak_memory_mb: number;
  memory_over_file: number;
  long_frames_during_ingest: number;
  off_origin_requests: number;
  /** Documents read in the app's ingest worker (reader + recogniser, as docs_forms_per_s in Node). */
  docs_worker: DocsFigures;
}

/** Resident memory of every Chromium process, in bytes (Linux /proc). */
function chromiumRss(): number {
  let total = 0;
  for (const pid of fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      if (!fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('chromium')) continue;
      const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (m) total += Number(m[1]) * 1024;
    } catch {
      // the process ended while we looked
    }
  }
  return total;
}

async function chartsDrawn(page: Page, view: string): Promise<void> {
  await page.waitForSelector(`[data-testid=${view}][data-ready=true]`, { timeout: 600_000 });
  await page.waitForFunction(
    (v) => {
      const canvases = [...document.querySelectorAll<HTMLCanvasElement>(`[data-testid=${v}] canvas`)];
      return canvases.length > 0 && canvases.every((c) => c.width > 0);
    },
    view,
    { timeout: 600_000 },
  );
}

/** The ingest worker's file in a build (its name carries a content hash). */
function ingestWorkerPath(dist: string): string {
  const file = fs.readdirSync(path.join(dist, 'assets')).find((f) => /^ingest\.worker-.*\.js$/.test(f));
  if (!file) throw new Error(`no ingest worker in ${dist}`);
  return `/assets/${file}`;
}

/**
 * The documents read in an ingest worker started by the page, as the 数据 page's loader asks it
 * (a `parse` request a file): the bytes are put into the page once, then each pass is timed there.
 */
async function documentsInWorker(page: Page, workerUrl: string, set: DocumentSet, runs: number): Promise<DocsFigures> {
  for (const f of Object.values(set.files).flat()) {
    await page.evaluate(({ name, b64 }) => {
      const w = window as unknown as { __docs?: Record<string, Uint8Array> };
      (w.__docs ??= {})[name] = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    }, { name: f.name, b64: Buffer.from(f.bytes).toString('base64') });
  }
  return documentRates(set, runs, (files: DocumentFile[]) =>
    page.evaluate(async ({ url, names, region }) => {
      const w = window as unknown as { __docs: Record<string, Uint8Array>; __ingest?: Worker };
      const worker = (w.__ingest ??= new Worker(url, { type: 'module' }));
      const t0 = performance.now();
      for (const [id, name] of names.entries()) {
        await new Promise<void>((resolve, reject) => {
          worker.onmessage = (e: MessageEvent<{ type: string; message?: string }>) => {
            if (e.data.type === 'parsed') resolve();
            else if (e.data.type === 'error') reject(new Error(`${name}: ${e.data.message}`));
          };
          worker.postMessage({ id, type: 'parse', name, bytes: w.__docs[name].slice(), options: { region } });
        });
      }
      return performance.now() - t0;
    }, { url: workerUrl, names: files.map((f) => f.name), region: set.region }),
  );
}

/** The views with the shared filter bar, by the testid of the element whose data-ready says their figures are current. */
export const FILTERED_VIEWS = { overview: 'overview', findings: 'findings', execution: 'execution', sangong: 'sangong', department: 'department-view' } as const;
export type FilteredViewName = keyof typeof FILTERED_VIEWS;

/** Clicks a year box of the filter bar and waits until the view says its figures are current again. */
async function filterChange(page: Page, view: FilteredViewName, year: string): Promise<number> {
  const testid = FILTERED_VIEWS[view];
  const box = page.locator(`[data-testid=${testid}] fieldset`).first().getByLabel(year, { exact: true });
  const t0 = performance.now();
  await box.click();
  await page.waitForSelector(`[data-testid=${testid}][data-ready=false]`, { timeout: 5_000 }).catch(() => undefined);
  await viewReady(page, view);
  // The charts redraw on the next animation frame after the answer.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  return performance.now() - t0;
}

/** The built app under `vite preview` with a folder of datasets at /datasets/, and a Chromium on it. */
export interface AppInBrowser {
  origin: string;
  page: Page;
  /** Every URL the browser requested (the page's and its workers'), in order. */
  requests: string[];
  /** What the server sent under /datasets/, in order: each response's path and body bytes (a range request's range). */
  served: { path: string; bytes: number }[];
}

/** Starts the server and the browser on `datasets`, runs `work`, and closes both whatever happens. */
export async function inBrowser<T>(options: { root: string; dist: string; datasets: string }, work: (app: AppInBrowser) => Promise<T>): Promise<T> {
  // Read by vite.config.ts when the preview server's config is loaded, just below.
  process.env.SELFEVAL_DATASETS = options.datasets;
  const server = await preview({ root: options.root, configFile: path.join(options.root, 'vite.config.ts'), logLevel: 'error', build: { outDir: options.dist }, preview: { host: '127.0.0.1', port: 0, strictPort: true } });
  const origin = `http://127.0.0.1:${(server.httpServer.address() as AddressInfo).port}`;
  // Counted where the bytes leave: datasets are sent with a Content-Length (dataset/serve.ts), and a
  // response is finished before the page can have read it.
  const served: AppInBrowser['served'] = [];
  server.httpServer.on('request', (req: IncomingMessage & { originalUrl?: string }, res: ServerResponse) => {
    // connect strips the mount point from req.url before this listener runs (it is the second one)
    const url = req.originalUrl ?? req.url ?? '';
    if (url.startsWith('/datasets/')) res.on('finish', () => served.push({ path: decodeURIComponent(url.split('?')[0]), bytes: Number(res.getHeader('content-length') ?? 0) }));
  });
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'selfeval-bench-chromium-'));
  const context = await launchChromium(profile);
  const requests: string[] = [];
  context.on('request', (r) => requests.push(r.url()));
  const page = context.pages()[0] ?? (await context.newPage());
  try {
    return await work({ origin, page, requests, served });
  } finally {
    await context.close();
    await server.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
}

export interface Opening {
  /** The first opening: the wasm and the app are fetched then, later openings take them from the cache. */
  cold_ms: number;
  /** The median of the openings after the cold one. */
  ms: number;
  /** Requests of the last opening. */
  requests: number;
  /** What the server sent of the dataset for the last opening (manifest and partition files). */
  served: AppInBrowser['served'];
}

/** Opens `url` (relative to the origin) `runs` + 1 times, each until `ready` says the view is drawn. */
export async function timeOpening(app: AppInBrowser, url: string, runs: number, ready: (page: Page) => Promise<void>): Promise<Opening> {
  const opens: number[] = [];
  let requests = 0;
  let served: AppInBrowser['served'] = [];
  for (let run = 0; run <= runs; run++) {
    const before = [app.requests.length, app.served.length];
    const t0 = performance.now();
    await app.page.goto(`${app.origin}${url}`);
    await ready(app.page);
    opens.push(performance.now() - t0);
    requests = app.requests.length - before[0];
    served = app.served.slice(before[1]);
  }
  return { cold_ms: opens[0], ms: median(opens.slice(1)), requests, served };
}

export const overviewDrawn = (page: Page) => chartsDrawn(page, 'overview');
/** Until a filtered view says its figures are current. */
const viewReady = (page: Page, view: FilteredViewName) =>
  page.waitForSelector(`[data-testid=${FILTERED_VIEWS[view]}][data-ready=true]`, { timeout: 600_000 }).then(() => undefined);
export const findingsReady = (page: Page) => viewReady(page, 'findings');

export async function measureBrowser(options: { root: string; dist: string; datasets: string; dataset: string; csvFiles: string[]; runs: number; years: number[]; documents: DocumentSet }): Promise<BrowserFigures> {
  return inBrowser(options, async (app) => {
    const { origin, page, requests } = app;
    // Opening the page on the dataset until the overview's charts are drawn.
    const open = await timeOpening(app, `/?view=overview&dataset=datasets/${options.dataset}/`, options.runs, overviewDrawn);
    // A filter change on each filtered view: one year on, then another, …; each a re-render of the
    // view (the department view without a department: its picker's list).
    const years = options.years.slice(0, options.runs).map(String);
    const filterViews = {} as Record<FilteredViewName, number>;
    for (const view of Object.keys(FILTERED_VIEWS) as FilteredViewName[]) {
      if (view !== 'overview') {
        await page.goto(`${origin}/?view=${view}&dataset=datasets/${options.dataset}/`);
        await viewReady(page, view);
      }
      const clicks: number[] = [];
      for (const y of years) clicks.push(await filterChange(page, view, y));
      filterViews[view] = median(clicks);
    }

    // CSV ingest (GBK) on the data page: from picking the files to the rows being in DuckDB.
    await page.goto(`${origin}/?view=data`);
    await page.waitForSelector('[data-testid=counts][data-ready=true]', { timeout: 600_000 });
    const clear = async () => {
      await page.getByTestId('clear').click();
      await page.waitForSelector('[data-testid=count-forms][data-value="0"]', { timeout: 600_000 });
    };
    const bytes = options.csvFiles.reduce((a, f) => a + fs.statSync(f).size, 0);
    const ingests: number[] = [];
    let peak = 0;
    let baseline = 0;
    let longFrames = 0;
    for (let run = 0; run < options.runs; run++) {
      await clear();
      baseline = chromiumRss();
      let runPeak = baseline;
      const sampler = setInterval(() => (runPeak = Math.max(runPeak, chromiumRss())), 100);
      await page.evaluate(() => {
        const w = window as unknown as { __long: number };
        w.__long = 0;
        new PerformanceObserver((l) => (w.__long += l.getEntries().filter((e) => e.duration > 200).length)).observe({ type: 'longtask' });
      });
      const t0 = performance.now();
      await page.getByTestId('file-input').setInputFiles(options.csvFiles);
      // Ingest ends when the rules start (the progress label says so) or, failing that, when loading ends.
      await page.waitForFunction(() => document.querySelector('.progress + .label')?.textContent?.includes('规则') || !document.querySelector('.progress'), null, { timeout: 600_000, polling: 50 });
      ingests.push(performance.now() - t0);
      clearInterval(sampler);
      peak = Math.max(peak, runPeak - baseline);
      longFrames = Math.max(longFrames, await page.evaluate(() => (window as unknown as { __long: number }).__long));
      await page.waitForSelector('[data-testid=counts][data-ready=true]', { timeout: 600_000 });
    }
    const ingestMs = median(ingests);
    const docsWorker = await documentsInWorker(page, ingestWorkerPath(options.dist), options.documents, options.runs);
    return {
      page_to_charts_cold_ms: open.cold_ms,
      page_to_charts_ms: open.ms,
      page_requests: open.requests,
      filter_ms: filterViews.overview,
      filter_findings_ms: filterViews.findings,
      filter_views_ms: filterViews,
      csv_ingest_mb_per_s: bytes / 1024 / 1024 / (ingestMs / 1000),
      csv_ingest_bytes: bytes,
      peak_memory_mb: peak / 1024 / 1024,
      memory_over_file: peak / bytes,
      long_frames_during_ingest: longFrames,
      off_origin_requests: requests.filter((u) => !/^(data|blob):/.test(u) && new URL(u).origin !== origin).length,
      docs_worker: docsWorker,
    };
  });
}
