// The workspace survives a reload: files added on the 数据 page are kept in this browser and loaded
// again on the next visit, with the same counts and file accounts Node gives for the same loads;
// a removed file stays removed; 清空 deletes what was kept; a link to a department or form that is
// not loaded here says so, in both languages.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadedCounts } from '../../src/analysis/queries/load-report';
import type { Engine } from '../../src/db/engine';
import { openNodeEngine } from '../../src/db/node';
import { loadFiles, removeFile } from '../../src/ingest/load';
import { launch, screenshot, serveBuild, type Served, type Session } from './browser';
import { bundledFromDisk } from './bundled';
import { expectedFiles, shownCounts, shownFiles } from './views';

// A department of the user's own, its forms in one file and its 三公 lines in another, of one pick.
// The bad line (no year) must come back rejected after the reload, as it was before.
const EVALUATIONS = [
  '评价编号,年度,地区,预算部门,评价类型,项目名称,年初预算数,全年预算数,全年执行数,执行率分值,执行率,执行率得分,总分',
  'KEEP-D00,2024,留存县,留存局,部门整体,,10,12,11.5,10,95.83%,9.58,96',
  'KEEP-P01,2024,留存县,留存局,项目,留存项目,5,5,5,10,100%,10,100',
  'KEEP-P02,,留存县,留存局,项目,坏行项目,1,1,1,10,100%,10,100',
].join('\n');
const SPENDING = '年度,地区,预算部门,项目,上级项目,上年决算数,本年预算数,本年决算数\n2024,留存县,留存局,三公经费,,1,2,1.5\n';
const upload = (name: string, text: string) => ({ name, mimeType: 'text/csv', buffer: Buffer.from(text, 'utf-8') });

let served: Served;
let session: Session;
let node: Engine;

beforeAll(async () => {
  [served, session, node] = await Promise.all([serveBuild(), launch(), openNodeEngine()]);
  await loadFiles(node, bundledFromDisk());
});

afterAll(async () => {
  await session?.close();
  await served?.close();
  await node?.close();
});

/** The counts and file rows shown once the page has loaded, against Node's. */
async function expectShown(): Promise<void> {
  const expected = await loadedCounts(node);
  await expect.poll(() => shownCounts(session.page), { timeout: 90_000, message: session.errors.join('\n') }).toEqual(expected);
  expect(await shownFiles(session.page)).toEqual(await expectedFiles(node));
}

describe('the workspace kept in this browser', () => {
  it('says that added files stay in this browser only', async () => {
    const { page } = session;
    await page.goto(served.url + '?view=data');
    await expectShown();
    expect(await page.textContent('[data-testid=kept]')).toContain('只在这台电脑的这个浏览器里');
    expect(await page.locator('[data-testid=kept-count]').count()).toBe(0);
  }, 180_000);

  it('restores uploaded files, their counts and rejects after a reload; a removed file stays removed', async () => {
    const { page } = session;
    const files = [upload('keep/evaluations.csv', EVALUATIONS), upload('keep/spending.csv', SPENDING)];
    await loadFiles(node, files.map((f) => ({ name: f.name, bytes: new Uint8Array(f.buffer), origin: 'own' })));
    await page.setInputFiles('[data-testid=file-input]', files);
    await expectShown();
    expect(await page.getAttribute('[data-testid=kept-count]', 'data-value')).toBe('2');

    await page.reload();
    await expectShown();
    expect(await page.getAttribute('[data-testid=kept-count]', 'data-value')).toBe('2');
    const rejected = page.locator('[data-testid=rejected-table] tbody tr', { hasText: 'keep/evaluations.csv' });
    expect(await rejected.first().locator('td').allTextContents()).toEqual(expect.arrayContaining(['keep/evaluations.csv', '4']));

    await removeFile(node, 'keep/spending.csv');
    await page.getByRole('button', { name: '移除 keep/spending.csv' }).click();
    await expectShown();
    await page.reload();
    await expectShown();
    expect(await page.getAttribute('[data-testid=kept-count]', 'data-value')).toBe('1');
    await screenshot(page, 'workspace-restored');

    // A link to the kept department works on the next visit.
    await page.goto(served.url + '?view=department&dept=' + encodeURIComponent('留存局'));
    await page.waitForSelector('[data-testid=department-view][data-ready=true]', { timeout: 90_000 });
    expect(await page.textContent('[data-testid=dept-name]')).toBe('留存局');
  }, 600_000);

  it('清空 deletes what was kept: after a reload nothing comes back', async () => {
    const { page } = session;
    await page.goto(served.url + '?view=data');
    await expectShown();
    await page.click('[data-testid=clear]');
    await node.close();
    node = await openNodeEngine(); // nothing loaded
    await expectShown();
    await page.reload();
    await expectShown();
    expect(await page.locator('[data-testid=files-table]').count()).toBe(0);
    expect(await page.locator('[data-testid=kept-count]').count()).toBe(0);
    await screenshot(page, 'workspace-cleared');
  }, 300_000);

  it('a link to a department or form not loaded here says so, in Chinese and English', async () => {
    const { page } = session;
    await page.goto(served.url + '?view=department&dept=' + encodeURIComponent('留存局'));
    await page.waitForSelector('[data-testid=not-loaded]', { timeout: 90_000 });
    expect(await page.textContent('[data-testid=not-loaded]')).toContain('此链接引用的数据未在本机载入');
    expect(await page.textContent('[data-testid=not-loaded]')).toContain('留存局');
    expect(await page.textContent('body')).not.toContain('找不到部门');
    await page.goto(served.url + '?view=form&form=KEEP-P01&lang=en');
    await page.waitForSelector('[data-testid=not-loaded]', { timeout: 90_000 });
    expect(await page.textContent('[data-testid=not-loaded]')).toContain('The data this link refers to is not loaded in this browser');
    expect(await page.textContent('[data-testid=not-loaded]')).toContain('KEEP-P01');
    await screenshot(page, 'workspace-link-not-loaded');
  }, 180_000);
});
