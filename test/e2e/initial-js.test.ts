// The first visit stays light (issue: initial JavaScript ≤ 400 KB gzip): ECharts, the largest
// library, is its own chunk, fetched from the app's origin only when a chart is drawn. The data page
// draws none and must not fetch it; the overview fetches it and draws.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { initialJsGzipKb, initialScripts } from '../../src/bench/initial-js';
import { canvasDrawn, offOrigin } from './browser';
import { viewTestRig, visit, waitReady } from './views';

const app = viewTestRig();
const DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..', process.env.E2E_DIST ?? 'dist');
const ECHARTS_CHUNK = /\/assets\/echarts-[^/]+\.js$/;

describe('initial JavaScript', () => {
  it('is within 400 KB gzip, ECharts not among it', () => {
    expect(initialScripts(DIST).length).toBeGreaterThan(0);
    expect(initialScripts(DIST).filter((s) => ECHARTS_CHUNK.test(`/${s}`))).toEqual([]);
    expect(initialJsGzipKb(DIST)).toBeLessThanOrEqual(400);
  });

  it('fetches ECharts only when the first chart is drawn, from its own origin', async () => {
    const { page, requests } = app.session;
    await visit(page, app.served, '?view=data');
    await page.waitForSelector('[data-testid=counts][data-ready=true]', { timeout: 90_000 });
    expect(requests.filter((u) => ECHARTS_CHUNK.test(new URL(u).pathname))).toEqual([]);

    await visit(page, app.served, '?view=overview');
    await waitReady(page, 'overview');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=overview] canvas').length > 0, null, { timeout: 30_000 });
    await expect.poll(() => canvasDrawn(page, '[data-testid=overview]'), { timeout: 30_000 }).toBe(true);
    const fetched = requests.filter((u) => ECHARTS_CHUNK.test(new URL(u).pathname));
    expect(fetched.length).toBe(1);
    expect(offOrigin(requests, app.served.origin)).toEqual([]);
  }, 240_000);
});
