// PDFs picked on the built app's 数据 page, as a user brings them: pdf.js runs in the ingest worker
// (its own worker nested there, no CDN), its character maps come from the app's own origin under
// the app's CSP, and the page accounts for every file, table and rejected cell as Node's ingest
// does for the same bytes — so the worker read the same grids, over the page break and through a
// predefined CJK character map.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadedCounts, rejectedRows } from '../../src/analysis/queries/load-report';
import type { Engine } from '../../src/db/engine';
import { openNodeEngine } from '../../src/db/node';
import { loadedFileAccounts, loadFiles } from '../../src/ingest/load';
import { cmapPdf } from '../fixtures/pdf/handmade';
import { bundledFromDisk } from './bundled';
import { launch, offOrigin, serveBuild, type Served, type Session } from './browser';
import { shownCounts } from './views';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const uploads = [
  { name: 'forms.pdf', mimeType: 'application/pdf', buffer: fs.readFileSync(path.join(ROOT, 'test/fixtures/pdf/forms.pdf')) },
  { name: 'wps.pdf', mimeType: 'application/pdf', buffer: Buffer.from(cmapPdf()) },
];

let served: Served;
let session: Session;
let node: Engine;

beforeAll(async () => {
  served = await serveBuild();
  session = await launch();
  node = await openNodeEngine();
  await loadFiles(node, bundledFromDisk());
  await loadFiles(node, uploads.map((u) => ({ name: u.name, bytes: new Uint8Array(u.buffer), origin: 'own' as const })));
}, 120_000);

afterAll(async () => {
  await session?.close();
  await served?.close();
  await node?.close();
});

/** The files table's rows of one file: read, loaded, rejected, notes (the columns that say what was read). */
async function shownAccounts(file: string): Promise<string[][]> {
  const rows = session.page.locator('[data-testid=files-table] tbody tr').filter({ has: session.page.getByRole('cell', { name: file, exact: true }) });
  const texts = await rows.evaluateAll((trs) => trs.map((tr) => Array.from(tr.querySelectorAll('td')).map((td) => td.textContent?.trim() ?? '')));
  return texts.map((t) => [t[3], t[4], t[5], t[8]]);
}

describe('PDF on the data page (Chromium)', () => {
  it('reads the printed forms and a WPS PDF in the ingest worker as Node does: every table, row and cell accounted for', async () => {
    const { page } = session;
    await page.goto(served.url + '?view=data');
    await page.waitForSelector('[data-testid=counts][data-ready=true]', { timeout: 120_000 });
    const before = session.requests.length;
    await page.setInputFiles('[data-testid=file-input]', uploads);
    await expect.poll(() => shownCounts(page), { timeout: 120_000, message: `page errors: ${session.errors.join('\n')}` }).toEqual(await loadedCounts(node));

    const accounts = await loadedFileAccounts(node);
    for (const u of uploads) {
      const want = accounts.filter((a) => a.file === u.name).map((a) => [String(a.rowsRead), String(a.rowsLoaded), String(a.rowsRejected), a.notes.join('；')]);
      expect(want.length, u.name).toBeGreaterThan(0);
      await expect.poll(() => shownAccounts(u.name), { message: u.name }).toEqual(want);
    }
    // The rejected cells quote what was read in them: the same text in the worker as in Node.
    const rejected = (await rejectedRows(node)).rows.map((r) => [r.file, r.line == null ? '' : String(r.line), r.reason]);
    expect(rejected.some(([file]) => file === 'forms.pdf' || file === 'wps.pdf')).toBe(true);
    const shownRejected = await page.locator('[data-testid=rejected-table] tbody tr').evaluateAll((trs) =>
      trs.map((tr) => Array.from(tr.querySelectorAll('td')).map((td) => td.textContent?.trim() ?? '')));
    expect(shownRejected).toEqual(rejected);

    // The WPS PDF's text is in a predefined CJK character map: fetched from the app itself.
    const asked = session.requests.slice(before);
    expect(asked.some((u) => /UniGB-UCS2-H-.*\.bcmap$/.test(u))).toBe(true);
    expect(offOrigin(session.requests, served.origin)).toEqual([]);
    expect(session.errors.filter((e) => /Content Security Policy|Refused/.test(e))).toEqual([]);
  }, 300_000);
});
