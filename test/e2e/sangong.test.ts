// The 三公 view in Chromium: the year table and the risers are what Node's queries give on the same
// files (as text), the charts draw, a department-kind filter goes into the URL and survives a fresh
// load, and a riser drills into that department's own series — with no request off origin.
import { describe, expect, it } from 'vitest';
import type { Filters } from '../../src/analysis/queries/filters';
import { sangongByDepartment, sangongChange, sangongRisers, sangongTrend } from '../../src/analysis/queries/sangong';
import { formatCount, formatMoney, formatPercent } from '../../src/format/number';
import { canvasDrawn, offOrigin, screenshot } from './browser';
import { tableTexts, viewTestRig, visit, waitReady } from './views';

const app = viewTestRig();

async function expected(filters: Filters): Promise<{ yoy: string[][]; risers: string[][] }> {
  const change = new Map((await sangongChange(app.node, filters)).map((c) => [c.year, c]));
  const yoy = (await sangongTrend(app.node, filters)).map((r) => [
    String(r.year), formatCount(r.departments), formatMoney(r.budget), formatMoney(r.final),
    formatMoney(r.car_final), formatMoney(r.abroad_final), formatMoney(r.reception_final),
    formatMoney(r.prior_final), formatMoney(change.get(r.year)?.change), formatPercent(change.get(r.year)?.change_ratio),
  ]);
  const risers = (await sangongRisers(app.node, filters, 20)).map((r) => [
    r.department, r.region ?? '', String(r.year), formatMoney(r.prior_final), formatMoney(r.final),
    formatMoney(r.change), formatPercent(r.change_ratio),
  ]);
  return { yoy, risers };
}

async function shown(): Promise<{ yoy: string[][]; risers: string[][] }> {
  const { page } = app.session;
  await waitReady(page, 'sangong');
  return { yoy: await tableTexts(page, '[data-testid=yoy-table]'), risers: await tableTexts(page, '[data-testid=risers-table]') };
}

describe('三公 view', () => {
  it('shows the totals, the change and the risers Node computes, and draws the trend', async () => {
    const { page } = app.session;
    await visit(page, app.served, '?view=sangong');
    const want = await expected({});
    expect(want.yoy.length).toBe(6);
    expect(want.risers.length).toBeGreaterThan(0);
    await expect.poll(shown, { timeout: 90_000, message: `page errors: ${app.session.errors.join('\n')}` }).toEqual(want);
    await expect.poll(() => canvasDrawn(page, '[data-testid=chart-trend]')).toBe(true);
    await screenshot(page, 'sangong');
  });

  it('filters by department kind through the URL, and a fresh load of that URL restores it', async () => {
    const { page } = app.session;
    const filters = { deptKinds: ['乡镇街道'] };
    const want = await expected(filters);
    expect(want.yoy).not.toEqual((await expected({})).yoy);
    await page.check('[data-testid="filter-deptKinds-乡镇街道"]');
    await expect.poll(shown, { timeout: 30_000 }).toEqual(want);
    const url = new URL(page.url());
    expect(url.searchParams.getAll('dkind')).toEqual(['乡镇街道']);
    await page.goto(url.href);
    await expect.poll(shown, { timeout: 90_000 }).toEqual(want);
    expect(await page.isChecked('[data-testid="filter-deptKinds-乡镇街道"]')).toBe(true);
  });

  it('drills into a riser\'s own series by year', async () => {
    const { page } = app.session;
    const [top] = await sangongRisers(app.node, { deptKinds: ['乡镇街道'] }, 20);
    // The drill-down names the department's region too: the 财政局 of two counties are two departments.
    const series = await sangongByDepartment(app.node, { deptKinds: ['乡镇街道'], departments: [top.department], regions: top.region ? [top.region] : [] });
    expect(series.length).toBeGreaterThan(1);
    await page.locator('[data-testid=riser-link]').first().click();
    await expect.poll(() => new URL(page.url()).searchParams.get('dept')).toBe(top.department);
    expect(new URL(page.url()).searchParams.getAll('region')).toEqual(top.region ? [top.region] : []);
    expect(new URL(page.url()).searchParams.get('view')).toBe('sangong');
    await waitReady(page, 'sangong');
    await expect.poll(() => tableTexts(page, '[data-testid=dept-table]')).toEqual(
      series.map((r) => [String(r.year), r.region ?? '', formatMoney(r.budget), formatMoney(r.final), formatMoney(r.prior_final), formatMoney(r.change), formatPercent(r.change_ratio)]),
    );
    await expect.poll(() => canvasDrawn(page, '[data-testid=chart-dept]')).toBe(true);
    // The drill-down is in the URL too: a fresh load opens on it.
    await page.goto(page.url());
    await waitReady(page, 'sangong');
    await expect.poll(() => canvasDrawn(page, '[data-testid=chart-dept]'), { timeout: 30_000 }).toBe(true);
    expect(await page.textContent('[data-testid=sangong-dept] h3')).toContain(top.department);
    await screenshot(page, 'sangong-department');
    await page.click('[data-testid=sangong-dept-close]');
    await expect.poll(() => new URL(page.url()).searchParams.get('dept')).toBeNull();
    expect(await page.locator('[data-testid=sangong-dept]').count()).toBe(0);
  });

  it('asked for nothing outside its own origin', () => {
    expect(app.session.requests.length).toBeGreaterThan(0);
    expect(offOrigin(app.session.requests, app.served.origin)).toEqual([]);
  });
});
