import { defineConfig, type Plugin } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { createRequire } from 'node:module';
import { datasetsHandler } from './src/dataset/serve.ts';

const require = createRequire(import.meta.url);

/**
 * The page's Content-Security-Policy: nothing but this origin. 'wasm-unsafe-eval' lets DuckDB-WASM
 * and parquet-wasm compile WebAssembly without allowing eval(). Both workers fetch their .wasm and
 * the bundled data from this origin, so connect-src 'self' is enough (assets are never inlined as
 * data: URLs, see build.assetsInlineLimit). Each worker starts from a blob: URL that loads its
 * same-origin script (src/app/io/workers.ts, hence worker-src blob:), so it inherits this policy.
 * It goes into index.html as a <meta>, which any static server delivers and the blob: workers
 * inherit; `vite` and `vite preview` also send it as a header.
 */
const CSP = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self' blob:",
  "connect-src 'self'",
  "img-src 'self' data: blob:",
  "style-src 'self' 'unsafe-inline'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
].join('; ');

function cspMeta(): Plugin {
  return {
    name: 'csp-meta',
    transformIndexHtml: () => [{ tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: CSP }, injectTo: 'head-prepend' }],
  };
}

/** SELFEVAL_DATASETS=/folder serves its datasets at /datasets/ (open one with ?dataset=datasets/NAME/). */
function datasets(): Plugin {
  const root = process.env.SELFEVAL_DATASETS;
  return {
    name: 'datasets',
    configureServer: (server) => void (root && server.middlewares.use('/datasets', datasetsHandler(root))),
    configurePreviewServer: (server) => void (root && server.middlewares.use('/datasets', datasetsHandler(root))),
  };
}

export default defineConfig({
  plugins: [svelte(), cspMeta(), datasets()],
  server: { headers: { 'Content-Security-Policy': CSP } },
  preview: { headers: { 'Content-Security-Policy': CSP } },
  // Relative asset URLs: the built app works from any folder of an intranet server.
  base: './',
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 2000,
    // Never inline assets as data: URLs — the CSP's connect-src 'self' would block fetching a small
    // bundled CSV written as data:. Every asset stays a file served from this origin.
    assetsInlineLimit: 0,
  },
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // DuckDB-WASM's Node build requires Arrow's CommonJS entry; without this alias tests would get
    // the ESM copy too, and two Arrows silently write empty IPC streams (STACK_NOTES.md).
    alias: { 'apache-arrow': require.resolve('apache-arrow') },
    // The unit files run two at a time (each its own DuckDB-WASM); then the browser files one at a
    // time, since each drives a Chromium that loads and analyses the county and wants both cores.
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'], maxWorkers: 2, sequence: { groupOrder: 0 } } },
      { extends: true, test: { name: 'e2e', include: ['test/e2e/**/*.test.ts'], fileParallelism: false, sequence: { groupOrder: 1 } } },
    ],
  },
});
