// What a first visit downloads before DuckDB's own worker and wasm: the entry script and the modules
// index.html preloads. The benchmark prints it (gzip -9) and a browser test holds it to the budget.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

/** The entry and its preloads, as paths inside `dist`. */
export function initialScripts(dist: string): string[] {
  const html = fs.readFileSync(path.join(dist, 'index.html'), 'utf8');
  return [...html.matchAll(/<(?:script[^>]*src|link[^>]*rel="modulepreload"[^>]*href)="\.?\/?([^"]+\.js)"/g)].map((m) => m[1]);
}

/** Their size gzipped at level 9, in KB. */
export function initialJsGzipKb(dist: string): number {
  return initialScripts(dist).reduce((a, s) => a + zlib.gzipSync(fs.readFileSync(path.join(dist, s)), { level: 9 }).length, 0) / 1024;
}
