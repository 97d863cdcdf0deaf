// The overview in Chromium against the built app: the KPI cards show exactly what Node computes from
// the same files with the same queries, every chart draws, a year filter goes into the URL and
// survives a fresh load, cards and bars drill down, it works on the seed alone, and it prints on one
// A4 landscape page — without a request leaving the origin.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyse } from '../../src/analysis/analyse';
import { topBoilerplateDepartments } from '../../src/analysis/queries/overview';
import { openNodeEngine } from '../../src/db/node';
import { loadFiles } from '../../src/ingest/load';
import { canvasDrawn, offOrigin, RESULTS, screenshot } from './browser';
import { bundledFromDisk } from './bundled';
import { clickBar, kpiTexts, OVERVIEW_KPIS, overviewCards, viewTestRig, visit } from './views';

const CHARTS = ['chart-dist', 'chart-full-marks', 'chart-sangong', 'chart-boilerplate'];

const app = viewTestRig();
const expected = overviewCards;
const shown = () => kpiTexts(app.session.page, 'overview', OVERVIEW_KPIS);

describe('overview', () => {
  it('shows the KPIs Node computes and draws every chart', async () => {
    const { page } = app.session;
    await visit(page, app.served, '?view=overview');
    const want = await expected(app.node, {});
    expect(want.budget).toMatch(/^\d{1,3}(,\d{3})+(\.\d+)?$/); // 万元 with thousands separators
    await expect.poll(shown, { timeout: 90_000, message: `page errors: ${app.session.errors.join('\n')}` }).toEqual(want);
    expect(await page.textContent('[data-testid=overview-footnote]')).toContain('项目支出绩效自评表');
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
    await clickBar(page, '[data-testid=chart-boilerplate]', [0x2f, 0x5d, 0x8a]);
    await expect.poll(() => new URL(page.url()).searchParams.get('view')).toBe('department');
    expect(new URL(page.url()).searchParams.get('dept')).toBe(top.department);
    expect(new URL(page.url()).searchParams.getAll('region')).toEqual(top.region ? [top.region] : []);
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
      await page.setInputFiles('[data-testid=file-input]', seedFiles.map((f) => ({
        name: path.basename(f.name), mimeType: 'text/csv', buffer: Buffer.from(f.bytes),
      })));
      await page.waitForSelector(`[data-testid=count-forms][data-value="${6}"]`, { timeout: 60_000 });
      await page.click('[data-testid=nav-overview]');
      await expect.poll(shown, { timeout: 60_000 }).toEqual(want);
      expect(want.forms).toBe('6');
      for (const c of CHARTS) await expect.poll(() => canvasDrawn(page, `[data-testid=${c}]`), { message: c }).toBe(true);
      await screenshot(page, 'overview-seed-only');
    } finally {
      await seedOnly.close();
    }
  });

  it('asked for nothing outside its own origin', () => {
    expect(app.session.requests.length).toBeGreaterThan(0);
    expect(offOrigin(app.session.requests, app.served.origin)).toEqual([]);
  });
});
