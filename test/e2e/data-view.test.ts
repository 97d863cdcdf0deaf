// The data page in Chromium, against the built app: it opens on the bundled data with the same
// counts Node computes from the same files, takes uploads (reporting a bad row), runs under the
// CSP, and never asks for anything outside its own origin.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadedCounts, type LoadedCounts } from '../../src/analysis/queries/load-report';
import type { Engine } from '../../src/db/engine';
import { openNodeEngine } from '../../src/db/node';
import { loadFiles, removeFile, type InputFile } from '../../src/ingest/load';
import { writeParquetFromIPC } from '../../src/ingest/parquet';
import { launch, offOrigin, screenshot, serveBuild, type Served, type Session } from './browser';
import { expectedFiles, shownCounts, shownFiles } from './views';
import { bundledFromDisk } from './bundled';

const CSP =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self' blob:; connect-src 'self'; " +
  "img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; font-src 'self'; object-src 'none'; base-uri 'self'";


// A user's own department: two good forms and one row with no year (line 4). The unknown column
// with markup in its name comes back in the file's notes, where it must show as text.
const UPLOAD_CSV = [
  '评价编号,年度,地区,预算部门,评价类型,项目名称,年初预算数,全年预算数,全年执行数,执行率分值,执行率,执行率得分,总分,<i>备注</i>',
  'E2E-D00,2024,测试县,测试局<b>&,部门整体,,10,12,11.5,10,95.83%,9.58,96,',
  'E2E-P01,2024,测试县,测试局<b>&,项目,测试项目,5,5,5,10,100%,10,100,',
  'E2E-P02,,测试县,测试局<b>&,项目,坏行项目,1,1,1,10,100%,10,100,',
].join('\n');

let served: Served;
let session: Session;
let node: Engine;
let expectedBundled: LoadedCounts;
let uploads: { name: string; mimeType: string; buffer: Buffer }[];

beforeAll(async () => {
  served = await serveBuild();
  session = await launch();
  // One truth: Node loads the same files with the same ingest and counts with the same query.
  node = await openNodeEngine();
  await loadFiles(node, bundledFromDisk());
  expectedBundled = await loadedCounts(node);
  // A small Parquet file too, so parquet-wasm runs in the browser (under the CSP) even without a sample.
  const ipc = await node.queryIPC(
    `SELECT 2024 AS year, '测试县' AS region, '测试局<b>&' AS department, 8 AS authorized, 7 AS actual`,
  );
  // In path order: the page loads a batch in that order, as the CLI reads a folder.
  uploads = [
    { name: 'staffing.parquet', mimeType: 'application/octet-stream', buffer: Buffer.from(await writeParquetFromIPC(ipc)) },
    { name: 'upload.csv', mimeType: 'text/csv', buffer: Buffer.from(UPLOAD_CSV, 'utf-8') },
  ];
});

afterAll(async () => {
  await session?.close();
  await served?.close();
  await node?.close();
});


describe('data page', () => {
  it('opens on the bundled data with the counts Node computes', async () => {
    const { page } = session;
    await page.goto(served.url + '?view=data');
    expect(await page.textContent('h1')).toContain('绩效自评透视');
    await expect
      .poll(() => shownCounts(session.page), { timeout: 60_000, message: `page errors: ${session.errors.join('\n')}` })
      .toEqual(expectedBundled);
    expect(expectedBundled.forms).toBeGreaterThan(0); // the seed is there
    // Every bundled file is listed, the seed as real data.
    expect(await shownFiles(session.page)).toEqual(await expectedFiles(node));
    expect((await shownFiles(session.page)).length).toBe(bundledFromDisk().length);
    const rows = page.locator('[data-testid=files-table] tbody tr');
    expect(await rows.filter({ hasText: 'seed/evaluations.csv' }).textContent()).toContain('真实数据');
    await screenshot(page, 'data-view-bundled');
  });

  it('loads uploaded files, counts them and reports the bad row', async () => {
    const { page } = session;
    const report = await loadFiles(node, uploads.map((u) => ({ name: u.name, bytes: new Uint8Array(u.buffer), origin: 'own' })));
    const expected = await loadedCounts(node);
    expect(expected.departments).toBe(expectedBundled.departments + 1);
    expect(expected.forms).toBe(expectedBundled.forms + 2);
    const bad = report.rejected.filter((r) => r.file === 'upload.csv');
    expect(bad.map((r) => r.line)).toEqual([4]);

    await page.setInputFiles('[data-testid=file-input]', uploads);
    await expect.poll(() => shownCounts(session.page), { timeout: 60_000 }).toEqual(expected);

    expect(await shownFiles(session.page)).toEqual(await expectedFiles(node));
    const rejected = page.locator('[data-testid=rejected-table] tbody tr', { hasText: 'upload.csv' });
    await expect.poll(() => rejected.count()).toBe(1);
    const cells = await rejected.first().locator('td').allTextContents();
    expect(cells).toEqual(['upload.csv', '4', bad[0].reason]);
    // Names from files are shown as text, never as markup.
    const files = page.locator('[data-testid=files-table]');
    expect(await files.textContent()).toContain('<i>备注</i>');
    expect(await files.locator('i').count()).toBe(0);
    const uploaded = page.locator('[data-testid=files-table] tbody tr').filter({ has: page.getByRole('cell', { name: 'staffing.parquet', exact: true }) });
    expect(await uploaded.textContent()).toContain('自有数据');
    await screenshot(page, 'data-view-uploaded');
  });

  it('takes files dropped on the drop zone', async () => {
    const { page } = session;
    const csv = '年度,地区,预算部门,项目,上级项目,上年决算数,本年预算数,本年决算数\n2024,测试县,测试局<b>&,三公经费,,1,2,1.5\n2024,测试县,测试局<b>&,公务接待,三公经费,1,2,1.5\n';
    await loadFiles(node, [{ name: 'dropped.csv', bytes: new TextEncoder().encode(csv), origin: 'own' }]);
    const expected = await loadedCounts(node);
    const dataTransfer = await page.evaluateHandle((text) => {
      const dt = new DataTransfer();
      dt.items.add(new File([text], 'dropped.csv', { type: 'text/csv' }));
      return dt;
    }, csv);
    await page.dispatchEvent('[data-testid=drop-zone]', 'drop', { dataTransfer });
    await expect.poll(() => shownCounts(session.page), { timeout: 60_000 }).toEqual(expected);
    expect(await shownFiles(session.page)).toEqual(await expectedFiles(node));
  });

  it('switches to English and back, keeping the language in the URL', async () => {
    const { page } = session;
    await page.click('[data-testid=lang]');
    expect(await page.textContent('h1')).toContain('Self-evaluation lens');
    expect(new URL(page.url()).searchParams.get('lang')).toBe('en');
    expect(await page.textContent('[data-testid=files-table] thead')).toContain('Rows read');
    await page.click('[data-testid=lang]');
    expect(await page.textContent('h1')).toContain('绩效自评透视');
    expect(new URL(page.url()).searchParams.get('lang')).toBeNull();
  });

  it('runs under the Content-Security-Policy', async () => {
    const { page } = session;
    expect(await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content')).toBe(CSP);
    // Also sent as a header, which (unlike the meta) applies to the workers.
    expect((await fetch(served.url)).headers.get('content-security-policy')).toBe(CSP);
    const violation = await page.evaluate(
      () =>
        new Promise<{ directive: string; blocked: string; fetched: boolean }>((resolve) => {
          document.addEventListener(
            'securitypolicyviolation',
            (e) => setTimeout(() => resolve({ directive: e.effectiveDirective, blocked: e.blockedURI, fetched }), 0),
            { once: true },
          );
          let fetched = false;
          fetch('http://example.invalid/').then(() => (fetched = true), () => {});
        }),
    );
    expect(violation).toMatchObject({ directive: 'connect-src', fetched: false });
    expect(violation.blocked).toContain('example.invalid');
  });

  it('removes one file, and only its rows', async () => {
    const { page } = session;
    await removeFile(node, 'upload.csv');
    const expected = await loadedCounts(node);
    const row = page.locator('[data-testid=files-table] tbody tr').filter({ has: page.getByRole('cell', { name: 'upload.csv', exact: true }) });
    await row.getByRole('button', { name: '移除 upload.csv' }).click();
    await expect.poll(() => shownCounts(session.page), { timeout: 60_000 }).toEqual(expected);
    expect(await shownFiles(session.page)).toEqual(await expectedFiles(node));
    expect(await page.locator('[data-testid=rejected-table] tbody tr', { hasText: 'upload.csv' }).count()).toBe(0);
  });

  it('keeps two same-named files from two folders apart, each with its own rejects; 移除 takes one', async () => {
    const { page } = session;
    // A picked folder gives each file its path inside it (webkitRelativePath).
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'same-names-'));
    const header = '评价编号,年度,地区,预算部门,评价类型,项目名称,全年预算数,全年执行数,总分';
    const county = (c: string, bad: number) => [header, ...Array.from({ length: 3 }, (_, i) => (i + 2 === bad ? `${c}-X,,测试县,${c}局,项目,坏行,1,1,1` : `${c}-${i},2024,测试县,${c}局,项目,项目${i},1,1,90`))].join('\n');
    for (const [c, bad] of [['c6', 2], ['c7', 4]] as const) {
      fs.mkdirSync(path.join(root, 'county', c), { recursive: true });
      fs.writeFileSync(path.join(root, 'county', c, 'evaluations.csv'), county(c, bad));
    }
    const names = ['county/c6/evaluations.csv', 'county/c7/evaluations.csv'];
    await loadFiles(node, names.map((n) => ({ name: n, bytes: new Uint8Array(fs.readFileSync(path.join(root, n))), origin: 'own' as const })));
    const expected = await loadedCounts(node);
    await page.setInputFiles('[data-testid=folder-input]', path.join(root, 'county'));
    await expect.poll(() => shownCounts(session.page), { timeout: 60_000 }).toEqual(expected);
    expect(await shownFiles(session.page)).toEqual(await expectedFiles(node));
    const rejectedLines = async (name: string) =>
      (await page.locator('[data-testid=rejected-table] tbody tr').filter({ has: page.getByRole('cell', { name, exact: true }) }).all()).length;
    expect([await rejectedLines(names[0]), await rejectedLines(names[1])]).toEqual([1, 1]);

    await removeFile(node, names[0]);
    const left = await loadedCounts(node);
    await page.getByRole('button', { name: `移除 ${names[0]}`, exact: true }).click();
    await expect.poll(() => shownCounts(session.page), { timeout: 60_000 }).toEqual(left);
    expect(await shownFiles(session.page)).toEqual(await expectedFiles(node));
    expect([await rejectedLines(names[0]), await rejectedLines(names[1])]).toEqual([0, 1]);
    expect(left.forms).toBe(expected.forms - 2);

    // Two files of one name in one multi-pick (no folders): the second goes by its position.
    const picked = [county('c8', 3), county('c9', 3)].map((text) => ({ name: 'evaluations.csv', mimeType: 'text/csv', buffer: Buffer.from(text, 'utf-8') }));
    await loadFiles(node, picked.map((f, i) => ({ name: i === 0 ? 'evaluations.csv' : 'evaluations.csv (2)', bytes: new Uint8Array(f.buffer), origin: 'own' as const })));
    const both = await loadedCounts(node);
    await page.setInputFiles('[data-testid=file-input]', picked);
    await expect.poll(() => shownCounts(session.page), { timeout: 60_000 }).toEqual(both);
    expect(await shownFiles(session.page)).toEqual(await expectedFiles(node));
    expect((await shownFiles(session.page)).map((f) => f[0])).toEqual(expect.arrayContaining(['evaluations.csv', 'evaluations.csv (2)']));
  });

  it('gives the region field to a batch of files that name no region', async () => {
    const { page } = session;
    const text = '年度,预算部门,编制数,实际在职人数\n2024,无地区局,5,4\n';
    const batch = [{ name: 'no-region.csv', bytes: new TextEncoder().encode(text), origin: 'own' as const }];
    await loadFiles(node, batch, { region: '测试市' });
    const expected = await loadedCounts(node);
    await page.fill('[data-testid=batch-region]', '测试市');
    await page.setInputFiles('[data-testid=file-input]', [{ name: 'no-region.csv', mimeType: 'text/csv', buffer: Buffer.from(text, 'utf-8') }]);
    await expect.poll(() => shownCounts(session.page), { timeout: 60_000 }).toEqual(expected);
    expect(await shownFiles(session.page)).toEqual(await expectedFiles(node));
    const row = page.locator('[data-testid=files-table] tbody tr').filter({ has: page.getByRole('cell', { name: 'no-region.csv', exact: true }) });
    expect(await row.textContent()).toContain('文件未注明地区：按本批设置记为「测试市」');
    // The field stays for the next batch while the page is open, and a later batch without it keeps its own (no) region.
    expect(await page.inputValue('[data-testid=batch-region]')).toBe('测试市');
    await page.fill('[data-testid=batch-region]', '');
    await loadFiles(node, batch);
    await page.setInputFiles('[data-testid=file-input]', [{ name: 'no-region.csv', mimeType: 'text/csv', buffer: Buffer.from(text, 'utf-8') }]);
    await expect.poll(async () => (await row.textContent()) ?? '', { timeout: 60_000 }).not.toContain('测试市');
    expect(await shownFiles(session.page)).toEqual(await expectedFiles(node));
  });

  it('starts over', async () => {
    const { page } = session;
    await page.click('[data-testid=clear]');
    await expect.poll(() => shownCounts(session.page)).toEqual({ departments: 0, forms: 0, indicators: 0, spending: 0 });
    expect(await page.locator('[data-testid=files-table]').count()).toBe(0);
  });

  it('asked for nothing outside its own origin', () => {
    expect(session.requests.length).toBeGreaterThan(0);
    expect(offOrigin(session.requests, served.origin)).toEqual([]);
  });
});
