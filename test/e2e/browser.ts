// Shared e2e plumbing: the built app served by `vite preview`, and Debian's Chromium driven by
// playwright-core with every request recorded. `npm test` builds dist/ before vitest runs.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { preview } from 'vite';
import { launchChromium } from '../../src/node/chromium';
export { CHROMIUM } from '../../src/node/chromium';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const RESULTS = path.join(ROOT, 'test-results');

export interface Served {
  url: string;
  origin: string;
  close(): Promise<void>;
}

/** Serves dist/ (or the build E2E_DIST names) on 127.0.0.1 at a free port. */
export async function serveBuild(): Promise<Served> {
  const outDir = path.resolve(ROOT, process.env.E2E_DIST ?? 'dist');
  if (!fs.existsSync(path.join(outDir, 'index.html'))) {
    throw new Error(`${outDir}/index.html is missing: run \`vite build\` first (\`npm test\` does).`);
  }
  const server = await preview({
    root: ROOT,
    configFile: path.join(ROOT, 'vite.config.ts'),
    build: { outDir },
    logLevel: 'warn',
    preview: { host: '127.0.0.1', port: 0, strictPort: true, open: false },
  });
  const { port } = server.httpServer.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return { url: `${origin}/`, origin, close: () => server.close() };
}

export interface Session {
  context: BrowserContext;
  page: Page;
  /** Every URL the browser asked for, from the page, its workers and the browser itself. */
  requests: string[];
  /** Console errors and uncaught page errors, for failure messages. */
  errors: string[];
  close(): Promise<void>;
}

/** Chromium with the quiet flags of STACK_NOTES.md and a fresh profile. Fails loudly without Chromium. */
export async function launch(): Promise<Session> {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'selfeval-chromium-'));
  const context = await launchChromium(profile);
  const requests: string[] = [];
  const errors: string[] = [];
  context.on('request', (r) => requests.push(r.url()));
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(String(e)));
  return {
    context,
    page,
    requests,
    errors,
    async close() {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Requests that left `origin` (data: and blob: URLs never leave the page). */
export function offOrigin(requests: string[], origin: string): string[] {
  return requests.filter((u) => !/^(data|blob):/.test(u) && new URL(u).origin !== origin);
}

export async function screenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(RESULTS, { recursive: true });
  await page.screenshot({ path: path.join(RESULTS, `${name}.png`), fullPage: true });
}

/**
 * Whether the chart inside `selector` has drawn something: its canvas has at least one pixel that is
 * neither transparent nor white (ECharts draws on a transparent background).
 */
export async function canvasDrawn(page: Page, selector: string): Promise<boolean> {
  return page.evaluate((sel) => {
    const canvas = document.querySelector<HTMLCanvasElement>(`${sel} canvas`);
    if (!canvas || canvas.width === 0 || canvas.height === 0) return false;
    const ctx = canvas.getContext('2d');
    if (!ctx) return false;
    const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
    for (let i = 0; i < data.length; i += 4) {
      if (data[i + 3] > 0 && (data[i] < 250 || data[i + 1] < 250 || data[i + 2] < 250)) return true;
    }
    return false;
  }, selector);
}
