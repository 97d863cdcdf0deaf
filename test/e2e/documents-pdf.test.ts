// PDFs read inside the built app's ingest worker: pdf.js runs in that worker (no nested worker, no
// CDN), its character maps come from the app's own origin under the app's CSP, and the grids are
// the ones Node reads from the same bytes.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DocumentGrids } from '../../src/ingest/documents/grid';
import { readPdf } from '../../src/ingest/documents/pdf';
import { cmapPdf } from '../fixtures/pdf/handmade';
import { launch, offOrigin, serveBuild, type Served, type Session } from './browser';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const forms = new Uint8Array(fs.readFileSync(path.join(ROOT, 'test/fixtures/pdf/forms.pdf')));
const wps = new Uint8Array(cmapPdf());

let served: Served;
let session: Session;

beforeAll(async () => {
  served = await serveBuild();
  session = await launch();
  await session.page.goto(served.url);
});

afterAll(async () => {
  await session?.close();
  await served?.close();
});

/** The worker file the built page starts for parsing (its name carries a content hash). */
function ingestWorkerUrl(): string {
  const dist = path.resolve(ROOT, process.env.E2E_DIST ?? 'dist');
  const file = fs.readdirSync(path.join(dist, 'assets')).find((f) => /^ingest\.worker-.*\.js$/.test(f));
  if (!file) throw new Error('no ingest worker in the build');
  return `assets/${file}`;
}

/** Asks a fresh ingest worker of the page for a PDF's grids. */
async function gridsInWorker(name: string, bytes: Uint8Array): Promise<DocumentGrids> {
  return session.page.evaluate(
    ({ url, name, bytes }) =>
      new Promise<DocumentGrids>((resolve, reject) => {
        const worker = new Worker(url, { type: 'module' });
        worker.onerror = (e) => reject(new Error(`ingest worker failed: ${e.message ?? 'no message'} ${e.filename ?? ''}:${e.lineno ?? ''}`));
        worker.onmessage = (e: MessageEvent<{ type: string; grids?: DocumentGrids; message?: string }>) => {
          worker.terminate();
          if (e.data.type === 'grids') resolve(e.data.grids!);
          else reject(new Error(`ingest worker: ${JSON.stringify(e.data)}`));
        };
        worker.postMessage({ id: 1, type: 'grids', name, bytes: new Uint8Array(bytes) });
      }),
    { url: ingestWorkerUrl(), name, bytes: Array.from(bytes) },
  );
}

describe('PDF in the ingest worker (Chromium)', () => {
  it('reads the printed forms as Node does, over the page break', async () => {
    const inBrowser = await gridsInWorker('forms.pdf', forms);
    expect(inBrowser).toEqual(await readPdf('forms.pdf', forms));
    expect(inBrowser.grids[1].source).toEqual({ file: 'forms.pdf', page: 2, pageEnd: 3, table: 2 });
  });

  it('fetches the character maps from the app itself, nothing from elsewhere', async () => {
    const before = session.requests.length;
    const inBrowser = await gridsInWorker('wps.pdf', wps);
    expect(inBrowser.grids[0].cells.map((c) => c.text)).toEqual(['项目名称', '道路养护']);
    expect(inBrowser).toEqual(await readPdf('wps.pdf', wps));
    const asked = session.requests.slice(before);
    expect(asked.some((u) => /UniGB-UCS2-H-.*\.bcmap$/.test(u))).toBe(true);
    expect(offOrigin(session.requests, served.origin)).toEqual([]);
    expect(session.errors.filter((e) => /Content Security Policy|Refused/.test(e))).toEqual([]);
  });
});
