// The execution view in Chromium: the exactly-100% counts, the quantile tables and the low executors
// are what Node's queries give on the same files (as text), the histogram draws, a year filter goes
// into the URL and survives a fresh load, a low executor opens its form — with no request off origin.
import { describe, expect, it } from 'vitest';
import { type ExecGroupBy, execQuantiles, execTotals, lowExecutors } from '../../src/analysis/queries/execution';
import type { Filters } from '../../src/analysis/queries/filters';
import { formatCount, formatMoney, formatPercent } from '../../src/format/number';
import { canvasDrawn, offOrigin, screenshot } from './browser';
import { kpiTexts, tableTexts, viewTestRig, visit, waitReady } from './views';

const app = viewTestRig();

interface Shown { kpis: Record<string, string>; year: string[][]; region: string[][]; kind: string[][]; deptKind: string[][]; low: string[][] }

async function expected(filters: Filters): Promise<Shown> {
  const t = await execTotals(app.node, filters);
  const q = async (by: ExecGroupBy) =>
    (await execQuantiles(app.node, filters, by)).map((r) => [
      String(r.group ?? '（未填地区）'), formatCount(r.forms), formatCount(r.rated),
      ...[r.p10, r.p25, r.median, r.p75, r.p90].map((p) => formatPercent(p)),
      `${formatCount(r.exact100)}（${formatPercent(r.share_exact100)}）`, formatCount(r.low_executors),
    ]);
  const low = (await lowExecutors(app.node, filters, 0.9, 100)).map((r) => [
    r.department, r.project ?? '（部门整体）', String(r.year), formatMoney(r.budget_full), formatMoney(r.executed),
    formatPercent(r.rate), formatPercent(r.exec_rate),
  ]);
  return {
    kpis: { exact100: formatCount(t.exact100), 'exact100-share': formatPercent(t.share_exact100), low: formatCount(t.low_executors) },
    year: await q('year'), region: await q('region'), kind: await q('kind'), deptKind: await q('deptKind'), low,
  };
}

async function shown(): Promise<Shown> {
  const { page } = app.session;
  await waitReady(page, 'execution');
  return {
    kpis: await kpiTexts(page, 'execution', ['exact100', 'exact100-share', 'low']),
    year: await tableTexts(page, '[data-testid=quantiles-year]'),
    region: await tableTexts(page, '[data-testid=quantiles-region]'),
    kind: await tableTexts(page, '[data-testid=quantiles-kind]'),
    deptKind: await tableTexts(page, '[data-testid=quantiles-deptKind]'),
    low: await tableTexts(page, '[data-testid=low-table]'),
  };
}

describe('execution view', () => {
  it('shows what Node computes and draws the histogram', async () => {
    const { page } = app.session;
    await visit(page, app.served, '?view=execution');
    const want = await expected({});
    expect(want.low.length).toBeGreaterThan(0);
    expect(want.year.length).toBe(6);
    await expect.poll(shown, { timeout: 90_000, message: `page errors: ${app.session.errors.join('\n')}` }).toEqual(want);
    await expect.poll(() => canvasDrawn(page, '[data-testid=chart-dist]')).toBe(true);
    await screenshot(page, 'execution');
  });

  it('filters by year through the URL, and a fresh load of that URL restores it', async () => {
    const { page } = app.session;
    const want = await expected({ years: [2020] });
    expect(want.kpis).not.toEqual((await expected({})).kpis);
    await page.check('[data-testid=filter-years-2020]');
    await expect.poll(shown, { timeout: 30_000 }).toEqual(want);
    const url = new URL(page.url());
    expect(url.searchParams.get('view')).toBe('execution');
    expect(url.searchParams.getAll('year')).toEqual(['2020']);
    await page.goto(url.href);
    await expect.poll(shown, { timeout: 90_000 }).toEqual(want);
    expect(await page.isChecked('[data-testid=filter-years-2020]')).toBe(true);
    await expect.poll(() => canvasDrawn(page, '[data-testid=chart-dist]')).toBe(true);
    await screenshot(page, 'execution-2020');
  });

  it('opens a low executor\'s form', async () => {
    const { page } = app.session;
    const [first] = await lowExecutors(app.node, { years: [2020] }, 0.9, 100);
    await page.locator('[data-testid=low-link]').first().click();
    await expect.poll(() => new URL(page.url()).searchParams.get('view')).toBe('form');
    expect(new URL(page.url()).searchParams.get('form')).toBe(first.eval_id);
    expect(new URL(page.url()).searchParams.getAll('year')).toEqual(['2020']);
  });

  it('asked for nothing outside its own origin', () => {
    expect(app.session.requests.length).toBeGreaterThan(0);
    expect(offOrigin(app.session.requests, app.served.origin)).toEqual([]);
  });
});
