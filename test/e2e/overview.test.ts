// The overview in Chromium against the built app: the KPI cards show exactly what Node computes from
// the same files with the same queries, every chart draws, a year filter goes into the URL and
// survives a fresh load, cards and bars drill down, it works on the seed alone, and it prints on one
// A4 landscape page — without a request leaving the origin. It says which data it shows (real and
// sample marked, on screen and in print), a histogram bar (clicked, or its link reached by Tab and
// Enter) opens the execution view on exactly the forms the same SQL counts in it, and with nothing
// loaded it invites loading instead of drawing empty charts.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyse } from '../../src/analysis/analyse';
import { execRateDistribution, formsInRateBin, formsInRateBinCount } from '../../src/analysis/queries/execution';
import { topBoilerplateDepartments } from '../../src/analysis/queries/overview';
import { provenance } from '../../src/format/provenance';
import { formatCount } from '../../src/format/number';
import { openNodeEngine } from '../../src/db/node';
import { loadedFileAccounts, loadFiles } from '../../src/ingest/load';
import type { Page } from 'playwright-core';
import { canvasDrawn, offOrigin, RESULTS, screenshot } from './browser';
import { bundledFromDisk } from './bundled';
import { barPoint, kpiTexts, OVERVIEW_KPIS, overviewCards, viewTestRig, visit, waitReady } from './views';

const CHARTS = ['chart-dist', 'chart-full-marks', 'chart-sangong', 'chart-boilerplate'];

const app = viewTestRig();
const expected = overviewCards;
const shown = () => kpiTexts(app.session.page, 'overview', OVERVIEW_KPIS);
/** The provenance line without its load times (which only the page knows). */
const untimed = (line: string) => line.replace(/(，载入于|, loaded) \d{4}-\d\d-\d\d \d\d:\d\d( (至|to) \d{4}-\d\d-\d\d \d\d:\d\d)?/g, '');

/** The execution view's list of a bin's forms: its count, its rows' count for screen readers, the first rows' form ids. */
async function binList(page: Page) {
  await waitReady(page, 'execution');
  await page.waitForSelector('[data-testid=bin-table] tr.row td a', { timeout: 60_000 });
  return {
    count: Number(await page.getAttribute('[data-testid=bin-forms]', 'data-count')),
    rowcount: Number(await page.getAttribute('[data-testid=bin-table]', 'aria-rowcount')) - 1,
    first: await page.$$eval('[data-testid=bin-table] tr.row td a[href*="form="]', (as) => as.slice(0, 5).map((a) => new URL((a as HTMLAnchorElement).href).searchParams.get('form'))),
  };
}

describe('overview', () => {
  it('shows the KPIs Node computes and draws every chart', async () => {
    const { page } = app.session;
    await visit(page, app.served, '?view=overview');
    const want = await expected(app.node, {});
    expect(want.budget).toMatch(/^\d{1,3}(,\d{3})+(\.\d+)?$/); // 万元 with thousands separators
    await expect.poll(shown, { timeout: 90_000, message: `page errors: ${app.session.errors.join('\n')}` }).toEqual(want);
    expect(await page.textContent('[data-testid=overview-footnote]')).toContain('项目支出绩效自评表');
    // Which data: real and sample files named under their origins, each with its load time, and the mark.
    const files = await loadedFileAccounts(app.node);
    const words = provenance({ files, loadedAt: new Map() }, 'zh');
    expect(words.mark?.kind).toBe('mixed');
    const line = (await page.textContent('[data-testid=provenance-line]'))!;
    expect(line).toMatch(/真实数据 4 个文件（seed\/evaluations\.csv.*），载入于 \d{4}-\d\d-\d\d \d\d:\d\d；示例数据 4 个文件（sample\/evaluations\.parquet.*），载入于 /);
    expect(untimed(line)).toBe(words.line);
    expect(await page.isVisible('[data-testid=provenance-mark]')).toBe(true);
    expect(await page.textContent('[data-testid=provenance-mark]')).toContain('含示例数据');
    for (const c of CHARTS) await expect.poll(() => canvasDrawn(page, `[data-testid=${c}]`), { message: c }).toBe(true);
    expect(await page.locator('[data-testid=overview] button.png').count()).toBe(CHARTS.length);
    await screenshot(page, 'overview');
  });

  it('downloads a chart as a PNG at twice its size on screen, its caption above it', async () => {
    const { page } = app.session;
    const chart = page.locator('[data-testid=chart-dist]');
    const [download] = await Promise.all([page.waitForEvent('download'), chart.locator('button.png').click()]);
    expect(download.suggestedFilename()).toMatch(/\.png$/);
    const png = fs.readFileSync(await download.path());
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const width = png.readUInt32BE(16);
    const canvasWidth = await chart.locator('canvas').first().evaluate((c) => (c as HTMLCanvasElement).clientWidth);
    expect(width).toBe(canvasWidth * 2);
    const canvasHeight = await chart.locator('canvas').first().evaluate((c) => (c as HTMLCanvasElement).clientHeight);
    expect(png.readUInt32BE(20)).toBe(canvasHeight * 2 + 72); // the caption band
    fs.writeFileSync(path.join(RESULTS, 'overview-chart.png'), png);
  });

  it('filters by year through the URL, and a fresh load of that URL restores it', async () => {
    const { page } = app.session;
    const want = await expected(app.node, { years: [2023] });
    expect(want).not.toEqual(await expected(app.node, {}));
    await page.check('[data-testid=filter-years-2023]');
    await expect.poll(shown, { timeout: 30_000 }).toEqual(want);
    const url = new URL(page.url());
    expect(url.searchParams.getAll('year')).toEqual(['2023']);
    await page.goto(url.href);
    await expect.poll(shown, { timeout: 90_000 }).toEqual(want);
    expect(await page.isChecked('[data-testid=filter-years-2023]')).toBe(true);
    expect(await page.isChecked('[data-testid=filter-years-2022]')).toBe(false);
    for (const c of CHARTS) await expect.poll(() => canvasDrawn(page, `[data-testid=${c}]`), { message: c }).toBe(true);
    await screenshot(page, 'overview-2023');
    // Clearing goes back to everything.
    await page.click('[data-testid=filter-clear]');
    await expect.poll(shown).toEqual(await expected(app.node, {}));
    expect(new URL(page.url()).searchParams.getAll('year')).toEqual([]);
  });

  it('drills down from a KPI card and from a chart bar', async () => {
    const { page } = app.session;
    await page.click('[data-testid=kpi-high]');
    await expect.poll(() => new URL(page.url()).searchParams.get('view')).toBe('findings');
    expect(new URL(page.url()).searchParams.get('severity')).toBe('high');
    await page.goBack();
    await shown();
    await page.click('[data-testid=kpi-full-marks]');
    await expect.poll(() => new URL(page.url()).searchParams.get('rule')).toBe('full-marks');
    expect(new URL(page.url()).searchParams.get('view')).toBe('findings');
    await visit(page, app.served, '?view=overview');
    await shown();
    await expect.poll(() => canvasDrawn(page, '[data-testid=chart-boilerplate]')).toBe(true);
    const [top] = await topBoilerplateDepartments(app.node, {}, 10);
    const bar = await barPoint(page, '[data-testid=chart-boilerplate]', [0x2f, 0x5d, 0x8a]);
    await page.mouse.move(bar.x, bar.y);
    // A part that opens something shows the hand (ECharts sets it on the chart's box).
    await expect.poll(() => page.$eval('[data-testid=chart-boilerplate] .canvas > div', (d) => getComputedStyle(d).cursor)).toBe('pointer');
    await page.mouse.click(bar.x, bar.y);
    await expect.poll(() => new URL(page.url()).searchParams.get('view')).toBe('department');
    expect(new URL(page.url()).searchParams.get('dept')).toBe(top.department);
    expect(new URL(page.url()).searchParams.getAll('region')).toEqual(top.region ? [top.region] : []);
  });

  it('opens the execution view on the forms of the 100% bar, clicked, and of a bar reached by the keyboard', async () => {
    const { page } = app.session;
    await visit(page, app.served, '?view=overview');
    await shown();
    await expect.poll(() => canvasDrawn(page, '[data-testid=chart-dist]')).toBe(true);
    const bins = await execRateDistribution(app.node, {});
    const exact = bins.find((b) => b.bin === 'exact100')!;
    expect(await formsInRateBinCount(app.node, {}, 'exact100')).toBe(exact.count);
    expect(exact.count).toBeGreaterThan(40); // more than the list shows at once: the count is the list's, not the DOM's
    // The 100% bar is the one drawn in the second colour (hatched: short runs of it).
    const bar = await barPoint(page, '[data-testid=chart-dist]', [0xd9, 0x82, 0x2b], 3);
    await page.mouse.click(bar.x, bar.y);
    await expect.poll(() => new URL(page.url()).searchParams.get('view')).toBe('execution');
    expect(new URL(page.url()).searchParams.get('bin')).toBe('exact100');
    const want = (await formsInRateBin(app.node, {}, 'exact100', 0, 5)).map((r) => r.eval_id);
    await expect.poll(() => binList(page), { timeout: 90_000 }).toEqual({ count: exact.count, rowcount: exact.count, first: want });
    expect(await page.textContent('#bin-title')).toBe(`执行率 100% 的表：${formatCount(exact.count)} 张`);
    await screenshot(page, 'execution-bin-100');

    // By keyboard: Tab from the chart's download button reaches its first bar's link, shown once focused; Enter opens it.
    await visit(page, app.served, '?view=overview');
    await shown();
    await page.focus('[data-testid=chart-dist] button.png');
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      const a = document.activeElement as HTMLAnchorElement;
      const r = a.getBoundingClientRect();
      return { part: a.dataset.testid, inDist: a.closest('[data-testid=chart-dist]') != null, text: a.textContent, width: r.width, list: a.closest('ul')?.getAttribute('aria-label') };
    });
    const first = bins.find((b) => b.count > 0)!;
    expect(focused).toMatchObject({ part: 'chart-part', inDist: true, text: `${first.label}：${formatCount(first.count)} 张表` });
    expect(focused.width).toBeGreaterThan(10);
    expect(focused.list).toContain('执行率分布');
    await page.keyboard.press('Enter');
    await expect.poll(() => new URL(page.url()).searchParams.get('bin')).toBe(first.key);
    const firstRows = (await formsInRateBin(app.node, {}, first.key, 0, 5)).map((r) => r.eval_id);
    await expect.poll(() => binList(page), { timeout: 90_000 }).toEqual({ count: first.count, rowcount: first.count, first: firstRows });
    // 显示全部区间 lifts the bin; the view's own bars are links too.
    await page.click('[data-testid=bin-close]');
    await expect.poll(() => new URL(page.url()).searchParams.get('bin')).toBeNull();
    expect(await page.locator('[data-testid=bin-forms]').count()).toBe(0);
    expect(await page.locator('[data-testid=chart-dist] [data-testid=chart-part]').count()).toBe(bins.filter((b) => b.count > 0).length);
  });

  it('reads the same in English', async () => {
    const { page } = app.session;
    await visit(page, app.served, '?view=overview&lang=en');
    await expect.poll(shown, { timeout: 90_000 }).toEqual(await expected(app.node, {}));
    expect(await page.textContent('[data-testid=overview] h2')).toBe('Overview');
    expect(await page.textContent('[data-testid=kpi-budget]')).toContain('10k yuan');
    expect(await page.textContent('[data-testid=filter-bar]')).toContain('Department kind');
    await screenshot(page, 'overview-en');
  });

  it('prints on one A4 landscape page', async () => {
    const { page } = app.session;
    await visit(page, app.served, '?view=overview');
    await shown();
    for (const c of CHARTS) await expect.poll(() => canvasDrawn(page, `[data-testid=${c}]`)).toBe(true);
    await page.emulateMedia({ media: 'print' });
    await page.waitForTimeout(300); // let the charts resize to their print boxes
    // The printout says which data it shows, sample data marked.
    expect(await page.isVisible('[data-testid=provenance-line]')).toBe(true);
    expect(await page.isVisible('[data-testid=provenance-mark]')).toBe(true);
    expect(await page.textContent('[data-testid=provenance-line]')).toMatch(/真实数据.*载入于.*示例数据/);
    expect(await page.isVisible('[data-testid=chart-dist] [data-testid=chart-part]')).toBe(false);
    const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
    await page.emulateMedia({ media: 'screen' });
    fs.mkdirSync(RESULTS, { recursive: true });
    fs.writeFileSync(path.join(RESULTS, 'overview.pdf'), pdf);
    const pages = pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? [];
    expect(pages.length).toBe(1);
  });

  it('works with only the seed loaded', async () => {
    const { page } = app.session;
    const seedFiles = bundledFromDisk().filter((f) => f.origin === 'real');
    const seedOnly = await openNodeEngine();
    try {
      await loadFiles(seedOnly, seedFiles);
      await analyse(seedOnly);
      const want = await expected(seedOnly, {});
      await visit(page, app.served, '?view=data');
      await page.waitForSelector('[data-testid=counts][data-ready=true]', { timeout: 90_000 });
      await page.click('[data-testid=clear]');
      await page.waitForSelector('[data-testid=count-forms][data-value="0"]', { timeout: 60_000 });
      // Nothing loaded: the summaries invite loading, with no chart, card or filter drawn.
      for (const view of ['overview', 'execution', 'sangong']) {
        await page.click(`[data-testid=nav-${view}]`);
        await page.waitForSelector(`[data-testid=${view}] [data-testid=no-data]`, { timeout: 60_000 });
        expect(await page.locator(`[data-testid=${view}] canvas`).count(), view).toBe(0);
        expect(await page.locator(`[data-testid=${view}] [data-testid=filter-bar]`).count(), view).toBe(0);
        if (view === 'overview') await screenshot(page, 'overview-no-data');
      }
      await page.click('[data-testid=nav-overview]');
      expect(await page.locator('[data-testid^=kpi-]').count()).toBe(0);
      expect(await page.textContent('[data-testid=no-data]')).toContain('尚未载入数据');
      await page.click('[data-testid=no-data-open]');
      await expect.poll(() => new URL(page.url()).searchParams.get('view')).toBe('data');
      await page.setInputFiles('[data-testid=file-input]', seedFiles.map((f) => ({
        name: path.basename(f.name), mimeType: 'text/csv', buffer: Buffer.from(f.bytes),
      })));
      await page.waitForSelector(`[data-testid=count-forms][data-value="${6}"]`, { timeout: 60_000 });
      await page.click('[data-testid=nav-overview]');
      await expect.poll(shown, { timeout: 60_000 }).toEqual(want);
      expect(want.forms).toBe('6');
      // The user's own files now, no sample data: named as such, no mark.
      expect(await page.textContent('[data-testid=provenance-line]')).toMatch(/^数据来源：自有数据 4 个文件（evaluations\.csv、indicators\.csv、spending\.csv 等），载入于 \d{4}-/);
      expect(await page.locator('[data-testid=provenance-mark]').count()).toBe(0);
      for (const c of CHARTS) await expect.poll(() => canvasDrawn(page, `[data-testid=${c}]`), { message: c }).toBe(true);
      await screenshot(page, 'overview-seed-only');
    } finally {
      await seedOnly.close();
    }
  }, 240_000);

  it('asked for nothing outside its own origin', () => {
    expect(app.session.requests.length).toBeGreaterThan(0);
    expect(offOrigin(app.session.requests, app.served.origin)).toEqual([]);
  });
});
