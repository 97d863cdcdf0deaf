// Documents on the 数据 page, as a user brings them: one department's generated forms as .docx,
// .xlsx, .xls, .html, .pdf and .txt, picked together with the batch region set. The page must show
// the files as Node's ingest accounts for the same files, the 表单 view must say where a form came
// from, and nothing may leave the origin (SheetJS, pdf.js with its worker and character maps, the
// recogniser: all lazy chunks of the app).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadedCounts, type LoadedCounts } from '../../src/analysis/queries/load-report';
import type { Engine } from '../../src/db/engine';
import { openNodeEngine } from '../../src/db/node';
import { generate } from '../../src/generate/generate';
import { loadedFileAccounts, loadFiles } from '../../src/ingest/load';
import { launch, offOrigin, screenshot, serveBuild, type Served, type Session } from './browser';
import { shownCounts } from './views';
import { bundledFromDisk } from './bundled';

const FORMATS = ['docx', 'xlsx', 'xls', 'html', 'pdf', 'txt'] as const;

let served: Served;
let session: Session;
let node: Engine;
let dir: string;
let region: string;
let uploads: { name: string; mimeType: string; buffer: Buffer }[];

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'selfeval-docs-e2e-'));
  await generate({ scale: 'county', rows: 100, seed: 11, format: 'csv', documents: [...FORMATS], encoding: 'utf8', out: dir, headers: 'zh' });
  region = fs.readdirSync(path.join(dir, 'documents'))[0];
  const folder = path.join(dir, 'documents', region);
  const department = fs.readdirSync(folder).find((f) => f.endsWith('.docx'))!.replace(/\.docx$/, '');
  uploads = FORMATS.map((ext) => ({ name: `${department}.${ext}`, mimeType: 'application/octet-stream', buffer: fs.readFileSync(path.join(folder, `${department}.${ext}`)) }))
    .sort((a, b) => (a.name < b.name ? -1 : 1)); // the page loads a batch in path order
  served = await serveBuild();
  session = await launch();
  node = await openNodeEngine();
  await loadFiles(node, bundledFromDisk());
  await loadFiles(node, uploads.map((u) => ({ name: u.name, bytes: new Uint8Array(u.buffer), origin: 'own' as const })), { region });
}, 240_000);

afterAll(async () => {
  await session?.close();
  await served?.close();
  await node?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});


describe('documents on the data page', () => {
  it('loads a department\'s forms from every document format, with the counts and accounts Node gives', async () => {
    const { page } = session;
    await page.goto(served.url + '?view=data');
    await page.waitForSelector('[data-testid=counts][data-ready=true]', { timeout: 120_000 });
    await page.fill('[data-testid=batch-region]', region);
    await page.setInputFiles('[data-testid=file-input]', uploads);
    const expected = await loadedCounts(node);
    await expect.poll(() => shownCounts(session.page), { timeout: 180_000, message: `page errors: ${session.errors.join('\n')}` }).toEqual(expected);

    // Each document is listed by table, read = loaded + rejected, as Node accounts for it.
    const accounts = (await loadedFileAccounts(node)).filter((f) => uploads.some((u) => u.name === f.file));
    expect(accounts.length).toBeGreaterThanOrEqual(FORMATS.length * 3);
    for (const a of accounts) expect(a.rowsRead, `${a.file} ${a.table}`).toBe(a.rowsLoaded + a.rowsRejected);
    for (const u of uploads) {
      const rows = page.locator('[data-testid=files-table] tbody tr').filter({ has: page.getByRole('cell', { name: u.name, exact: true }) });
      await expect.poll(() => rows.count(), { message: u.name }).toBe(accounts.filter((a) => a.file === u.name).length);
    }
    expect(offOrigin(session.requests, served.origin)).toEqual([]);
    await screenshot(page, 'documents-data-view');
  }, 300_000);

  it('says on the 表单 view which document a form came from', async () => {
    const [form] = await node.query<{ eval_id: string; source_file: string; source_where: string }>(
      `SELECT eval_id, source_file, source_where FROM evaluations WHERE source_where IS NOT NULL ORDER BY eval_id LIMIT 1`,
    );
    const { page } = session;
    // Within the page that loaded them (loaded files are not kept across a reload yet): the app's own navigation.
    await page.evaluate((id) => {
      const url = new URL(location.href);
      url.searchParams.set('view', 'form');
      url.searchParams.set('form', id);
      history.pushState(null, '', url);
      dispatchEvent(new PopStateEvent('popstate'));
    }, form.eval_id);
    const source = page.locator('[data-testid=form-source]');
    await expect.poll(() => source.textContent(), { timeout: 60_000 }).toBe(`来源：${form.source_file}，${form.source_where}`);
    expect(offOrigin(session.requests, served.origin)).toEqual([]);
  }, 300_000);
});
