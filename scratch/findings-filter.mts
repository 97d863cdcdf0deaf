// Scratch harness (not part of the app): a year filter change on a view of the built app over the
// province dataset, as src/bench/browser.ts filterChange() measures it, with where the time goes.
//   npx tsx scratch/findings-filter.mts [--dist .bench/dist-filters] [--dist2 other] [--view findings] [--runs 7] [--trace]
// Several --dist builds are measured alternately in one run (same machine load for both).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { preview } from 'vite';
import { launchChromium } from '../src/node/chromium';

const args = process.argv.slice(2);
const opt = (name: string, dflt: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : dflt;
};
const all = (name: string) => args.flatMap((a, i) => (a === `--${name}` ? [args[i + 1]] : []));
const root = path.resolve(import.meta.dirname, '..');
const dists = all('dist').length ? all('dist') : ['.bench/dist-filters'];
const view = opt('view', 'findings');
const runs = Number(opt('runs', '7'));
const rounds = Number(opt('rounds', '1'));
const trace = args.includes('--trace');

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

// A folder holding only `province` → the ready dataset (read-only, never written into).
const datasets = fs.mkdtempSync(path.join(os.tmpdir(), 'filters-datasets-'));
fs.symlinkSync('/work/main/.bench/scratch-province/dataset', path.join(datasets, 'province'));
process.env.SELFEVAL_DATASETS = datasets;

async function filterChange(page: Page, year: string): Promise<number> {
  const box = page.locator(`[data-testid=${view}] fieldset`).first().getByLabel(year, { exact: true });
  const t0 = performance.now();
  await box.click();
  await page.waitForSelector(`[data-testid=${view}][data-ready=false]`, { timeout: 5_000 }).catch(() => undefined);
  await page.waitForSelector(`[data-testid=${view}][data-ready=true]`, { timeout: 600_000 });
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  return performance.now() - t0;
}

type Entry = { sql: string; t0: number; prep: number; q: number; close: number; total: number; rows: number; rowsMs?: number };

async function measure(dist: string): Promise<{ times: number[]; notes: string[] }> {
  const server = await preview({ root, configFile: path.join(root, 'vite.config.ts'), logLevel: 'error', build: { outDir: path.resolve(root, dist) }, preview: { host: '127.0.0.1', port: 0, strictPort: true } });
  const origin = `http://127.0.0.1:${(server.httpServer.address() as AddressInfo).port}`;
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'filters-chromium-'));
  const context = await launchChromium(profile);
  const page = context.pages()[0] ?? (await context.newPage());
  const notes: string[] = [];
  try {
    if (trace) await page.addInitScript(() => ((globalThis as unknown as { __trace: unknown[] }).__trace = []));
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    const metrics = async () => Object.fromEntries(((await cdp.send('Performance.getMetrics')).metrics as { name: string; value: number }[]).map((m) => [m.name, m.value]));
    await page.goto(`${origin}/?view=${view}&dataset=datasets/province/`);
    await page.waitForSelector(`[data-testid=${view}][data-ready=true]`, { timeout: 600_000 });
    // Let the load settle (later queries of the first visit, partitions loaded in the background).
    await page.waitForTimeout(3000);
    const years = await page.locator(`[data-testid=${view}] fieldset`).first().locator('input[type=checkbox]').evaluateAll((xs) => xs.map((x) => (x as HTMLInputElement).labels?.[0]?.textContent?.trim() ?? ''));
    const times: number[] = [];
    // Year boxes on then off again, as many clicks as runs (+1 warm-up, dropped).
    const seq: string[] = [];
    for (let i = 0; seq.length < runs + 1; i++) seq.push(years[Math.floor(i / 2) % years.length]);
    for (const [i, y] of seq.entries()) {
      if (trace) await page.evaluate(() => ((globalThis as unknown as { __trace: unknown[] }).__trace.length = 0));
      const m0 = await metrics();
      const ms = await filterChange(page, y);
      const m1 = await metrics();
      await page.waitForTimeout(400); // what runs after ready (not timed) must not spill into the next click
      if (i === 0) continue;
      times.push(ms);
      const d = (k: string) => ((m1[k] - m0[k]) * 1000).toFixed(0);
      let line = `  ${y} ${ms.toFixed(0)} ms; main thread: task ${d('TaskDuration')} script ${d('ScriptDuration')} layout ${d('LayoutDuration')} style ${d('RecalcStyleDuration')}`;
      if (trace) {
        const tr = await page.evaluate(() => (globalThis as unknown as { __trace: Entry[] }).__trace);
        const sum = (k: 'prep' | 'q' | 'close' | 'total') => tr.reduce((a, e) => a + e[k], 0).toFixed(0);
        line += `; ${tr.length} calls, sum total ${sum('total')} (prep ${sum('prep')} q ${sum('q')} close ${sum('close')}) rowsOf ${tr.reduce((a, e) => a + (e.rowsMs ?? 0), 0).toFixed(0)}`;
        if (i === 1 || args.includes('--calls')) {
          const base = tr[0]?.t0 ?? 0;
          for (const e of tr) line += `\n      +${(e.t0 - base).toFixed(0)} ${e.total.toFixed(0)} ms (p ${e.prep.toFixed(0)} q ${e.q.toFixed(0)} c ${e.close.toFixed(0)} rows ${e.rows} rowsOf ${(e.rowsMs ?? 0).toFixed(1)}) ${e.sql}`;
        }
      }
      notes.push(line);
    }
    return { times, notes };
  } finally {
    await context.close();
    await server.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
}

const results = new Map<string, number[]>(dists.map((d) => [d, []]));
for (let r = 0; r < rounds; r++) {
  for (const dist of dists) {
    const { times, notes } = await measure(dist);
    results.get(dist)!.push(...times);
    console.log(`${dist} (${view}) round ${r + 1}: median ${median(times).toFixed(0)} ms of ${times.map((t) => t.toFixed(0)).join(', ')}`);
    for (const n of notes) console.log(n);
  }
}
for (const [dist, times] of results) console.log(`== ${dist} ${view}: median ${median(times).toFixed(0)} ms over ${times.length} clicks`);
console.log(`load average: ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}`);
fs.rmSync(datasets, { recursive: true, force: true });
