// Every worker of the page starts here, so that each one runs under the page's own
// Content-Security-Policy whatever the web server sends. A worker started from a same-origin URL
// takes its policy from that script's response headers — none under a plain static server
// (`python3 -m http.server`), and the page's <meta> policy does not reach it: the DuckDB worker
// then fetched `read_csv('http://other-host/…')`. A worker started from a blob: URL inherits the
// policy of the document that created it (CSP 3), so each worker is a one-line blob script that
// loads the real worker script from this origin (allowed by script-src 'self').
import ingestWorkerUrl from './ingest.worker.ts?worker&url';

/**
 * Starts the worker script at `url` (same origin) under the page's policy. The blob URL is not
 * revoked: the worker loads it after the constructor returns, and it is a few bytes.
 */
export function startWorker(url: string, type: WorkerType, name: string): Worker {
  const script = JSON.stringify(new URL(url, location.href).href);
  const loader = type === 'module' ? `import ${script};\n` : `importScripts(${script});\n`;
  return new Worker(URL.createObjectURL(new Blob([loader], { type: 'text/javascript' })), { type, name });
}

/** The ingest worker (parsing, dataset partitions): an ES module. */
export const startIngestWorker = (): Worker => startWorker(ingestWorkerUrl, 'module', 'ingest');
