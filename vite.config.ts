import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export default defineConfig({
  plugins: [svelte()],
  worker: { format: 'es' },
  build: { target: 'es2022', chunkSizeWarningLimit: 2000 },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // DuckDB-WASM's Node build requires Arrow's CommonJS entry; without this alias tests would get
    // the ESM copy too, and two Arrows silently write empty IPC streams (STACK_NOTES.md).
    alias: { 'apache-arrow': require.resolve('apache-arrow') },
    fileParallelism: false,
  },
});
