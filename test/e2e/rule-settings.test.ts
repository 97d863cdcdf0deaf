// Rule thresholds in Chromium: a province sets its own adjustment bound in the findings view, the
// rules re-run with it (hit counts equal Node's with the same setting), the URL carries it, and the
// rule's 条件 — in the catalogue and on the settings panel — shows the bound in force.
import { describe, expect, it } from 'vitest';
import { analyse } from '../../src/analysis/analyse';
import { ruleCatalogue } from '../../src/analysis/queries/findings-views';
import { offOrigin, screenshot } from './browser';
import { viewTestRig } from './views';

const app = viewTestRig();
const READY = '[data-testid=findings][data-ready=true]';

async function shownHits(): Promise<Record<string, number>> {
  const { page } = app.session;
  await page.waitForSelector(READY, { timeout: 90_000 });
  const rows = await page.$$eval('[data-testid=catalogue] > li', (lis) =>
    lis.map((li) => [li.getAttribute('data-rule') ?? '', Number(li.getAttribute('data-hits'))] as const),
  );
  return Object.fromEntries(rows);
}

/** The 条件 of budget-adjusted as the catalogue and the settings panel show it. */
async function shownConditions(): Promise<string[]> {
  const { page } = app.session;
  return [
    await page.locator('[data-testid=rule-budget-adjusted] [data-testid=rule-condition]').textContent() ?? '',
    await page.locator('[data-testid=setting-adjustmentBound-rule][data-rule=budget-adjusted]').textContent() ?? '',
  ];
}

async function nodeHits(settings: Parameters<typeof analyse>[1]): Promise<Record<string, number>> {
  await analyse(app.node, settings);
  return Object.fromEntries((await ruleCatalogue(app.node, {})).map((c) => [c.rule.id, c.findings]));
}

describe('rule thresholds', () => {
  it('re-run the rules with a province\'s own bound, kept in the URL', async () => {
    const { page } = app.session;
    await page.goto(app.served.url + '?view=findings');
    const defaults = await nodeHits({});
    await expect.poll(shownHits, { timeout: 90_000 }).toEqual(defaults);
    for (const c of await shownConditions()) expect(c).toContain('> 20% × 年初预算数');

    const looser = await nodeHits({ adjustmentBound: 0.5 });
    expect(looser['budget-adjusted']).toBeLessThan(defaults['budget-adjusted']);
    await page.locator('[data-testid=rule-settings] summary').click();
    await page.fill('[data-testid=setting-adjustmentBound]', '0.5');
    await page.click('[data-testid=settings-apply]');
    await expect.poll(() => new URL(page.url()).searchParams.getAll('set')).toEqual(['adjustmentBound=0.5']);
    await expect.poll(shownHits, { timeout: 90_000 }).toEqual(looser);
    for (const c of await shownConditions()) {
      expect(c).toContain('> 50% × 年初预算数');
      expect(c).not.toContain('20%');
    }
    await screenshot(page, 'rule-settings');

    // A colleague opening the link gets the same thresholds.
    await page.goto(page.url());
    await expect.poll(shownHits, { timeout: 90_000 }).toEqual(looser);
    expect(await page.inputValue('[data-testid=setting-adjustmentBound]')).toBe('0.5');
    for (const c of await shownConditions()) expect(c).toContain('> 50% × 年初预算数');
    // … in English too (the language switches in place: no new analysis)
    await page.click('[data-testid=lang]');
    await expect.poll(async () => (await shownConditions()).every((c) => c.includes('> 50% of the initial budget'))).toBe(true);
    expect(offOrigin(app.session.requests, app.served.origin)).toEqual([]);
  }, 240_000);
});
