// The form view as the finance officer uses it, in Chromium at 1366×768 against the built app: a click
// on a finding in the side list activates that finding (the list does not move under the pointer), the
// table keeps its geometry when a finding is activated, a finding about several indicator rows
// highlights each row it names (the rows the rule's query returned, read in Node), a copied form's
// entry links to the forms it names, and the back link returns to the view the user came from.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Engine } from '../../src/db/engine';
import { screenshot } from './browser';
import { viewTestRig, visit, waitReady } from './views';

const app = viewTestRig();
/** Each test may load the bundled data into the page first, which takes over a minute on a busy machine. */
const SLOW = 240_000;

const P01 = 'MLS-BB-2023-P01'; // the seed's 编办专项: 15 findings, template and copied indicators among them
const FORM_READY = '[data-testid=form-view][data-ready=true] [data-testid=form-sheet]';
const FINDINGS = '[data-testid=form-findings] [data-testid=finding]';

/** Opens `search` in the app at 1366 wide, the data loaded once for the file (views.ts visit). */
async function open(page: Page, search: string): Promise<void> {
  await page.setViewportSize({ width: 1366, height: 768 });
  await visit(page, app.served, search);
}

async function openForm(page: Page, id: string): Promise<void> {
  await open(page, `?view=form&form=${id}`);
  await page.waitForSelector(FORM_READY, { timeout: 170_000 });
}

/** The positions (in the list) of the findings shown as active. */
const activeFindings = (page: Page) =>
  page.$$eval(FINDINGS, (bs) => bs.flatMap((b, i) => (b.getAttribute('aria-pressed') === 'true' ? [i] : [])));

/** Every row of the sheet's tables, as its box in page coordinates. */
const rowBoxes = (page: Page) =>
  page.$$eval('[data-testid=form-sheet] tr', (rows) =>
    rows.map((r) => {
      const b = r.getBoundingClientRect();
      return [b.left + scrollX, b.top + scrollY, b.width, b.height].map((x) => Math.round(x * 10) / 10);
    }),
  );

/** The rows (seq) the stored finding of `rule` on form `id` names, as the rule's query wrote them. */
async function namedRows(node: Engine, rule: string, id: string): Promise<number[]> {
  const [f] = await node.query<{ seqs: number[] | null }>('SELECT seqs FROM findings WHERE rule = ? AND eval_id = ?', [rule, id]);
  return f?.seqs ?? [];
}

/** The indicator rows (seq) whose row carries `attr`=true. */
const rowsWith = (page: Page, attr: string) =>
  page.$$eval(`[data-testid=form-indicators] tbody tr[${attr}=true]`, (rs) => rs.map((r) => Number(r.getAttribute('data-seq'))));

describe('the side list of findings', () => {
  it('a click activates the finding clicked, for each of several in turn', async () => {
    const { page } = app.session;
    await openForm(page, P01);
    const findings = page.locator(FINDINGS);
    const n = await findings.count();
    expect(n).toBeGreaterThan(8);
    for (const i of [n - 1, 0, Math.floor(n / 2), 3, n - 2, 1]) {
      await findings.nth(i).click();
      // Chromium re-targets the pointer after a scroll or a re-flow: give it the time to do so
      await page.waitForTimeout(300);
      expect(await activeFindings(page), `clicked ${i}`).toEqual([i]);
    }
    await screenshot(page, 'form-view-active-finding');
  }, SLOW);

  it('activating a finding leaves the table’s rows where they were', async () => {
    const { page } = app.session;
    await openForm(page, P01);
    await page.mouse.move(0, 0);
    const before = await rowBoxes(page);
    expect(before.length).toBeGreaterThan(10);
    const findings = page.locator(FINDINGS);
    const n = await findings.count();
    for (let i = 0; i < n; i++) {
      await findings.nth(i).focus(); // activates without scrolling the page: only the table's own geometry counts
      await page.waitForTimeout(50);
      expect(await activeFindings(page)).toEqual([i]);
      expect(await rowBoxes(page), `finding ${i}`).toEqual(before);
    }
  }, SLOW);
});

describe('findings about several rows', () => {
  for (const rule of ['generic-indicator', 'copied-indicators', 'vague-targets']) {
    it(`${rule}: every row the rule names is flagged, and highlighted when the finding is active`, async () => {
      const { page } = app.session;
      const want = await namedRows(app.node, rule, P01);
      expect(want.length, 'the rule names several rows').toBeGreaterThan(1);
      await openForm(page, P01);
      const entry = page.locator(`${FINDINGS}[data-rule=${rule}]`);
      await entry.click();
      expect(await rowsWith(page, 'data-named')).toEqual(want);
      const field = rule === 'vague-targets' ? 'target' : 'level3';
      for (const seq of want) {
        const cell = page.locator(`[data-testid=form-indicators] [data-cell="${seq}:${field}"]`);
        expect(await cell.getAttribute('data-flagged'), `row ${seq}`).toBe('true');
        expect(await cell.getAttribute('data-active'), `row ${seq}`).toBe('true');
      }
      // the column header is not what it points at
      expect(await page.locator(`[data-cell="col:${field}"][data-active=true]`).count()).toBe(0);
      await screenshot(page, `form-view-rows-${rule}`);
    }, SLOW);
  }
});

describe('links out of the form', () => {
  it('a year-copy finding links to last year’s form, and the back link returns to this one', async () => {
    const { page } = app.session;
    const [f] = await app.node.query<{ eval_id: string; related: string[] }>(
      "SELECT eval_id, related FROM findings WHERE rule = 'year-copy' ORDER BY eval_id LIMIT 1",
    );
    expect(f.related.length).toBeGreaterThan(0);
    await openForm(page, f.eval_id);
    const links = page.locator(`${FINDINGS}[data-rule=year-copy] ~ [data-testid=related] [data-testid=related-form]`);
    expect(await links.evaluateAll((as) => as.map((a) => a.getAttribute('data-eval-id')))).toEqual(f.related);
    await screenshot(page, 'form-view-related');
    await links.first().locator('a').click();
    await expect.poll(() => new URL(page.url()).searchParams.get('form')).toBe(f.related[0]);
    await page.waitForSelector(FORM_READY, { timeout: 170_000 });
    expect(await page.locator('[data-testid=form-sheet] [data-cell=":year"] .text').textContent()).toBe(String(
      (await app.node.query<{ year: number }>('SELECT year FROM evaluations WHERE eval_id = ?', [f.related[0]]))[0].year,
    ));
    await page.click('[data-testid=form-back]');
    await expect.poll(() => new URL(page.url()).searchParams.get('form')).toBe(f.eval_id);
    await page.waitForSelector(FORM_READY, { timeout: 170_000 });
  }, SLOW);

  it('a copied-indicators finding links to the forms it was copied with', async () => {
    const { page } = app.session;
    const [f] = await app.node.query<{ related: string[] }>("SELECT related FROM findings WHERE rule = 'copied-indicators' AND eval_id = ?", [P01]);
    expect(f.related.length).toBeGreaterThan(0);
    await openForm(page, P01);
    const links = page.locator(`${FINDINGS}[data-rule=copied-indicators] ~ [data-testid=related] [data-testid=related-form]`);
    expect(await links.evaluateAll((as) => as.map((a) => a.getAttribute('data-eval-id')))).toEqual(f.related);
  }, SLOW);

  it('the back link returns to the filtered findings ranking the form was opened from', async () => {
    const { page } = app.session;
    await open(page, '?view=findings&year=2023&rule=generic-indicator');
    await waitReady(page, 'findings');
    const rankingUrl = page.url();
    await page.locator('[data-testid=form-row] [data-testid=form-link]').first().click();
    await page.waitForSelector(FORM_READY, { timeout: 170_000 });
    expect(await page.getAttribute('[data-testid=form-back]', 'href')).toBe(new URL(rankingUrl).search);
    await page.click('[data-testid=form-back]');
    await waitReady(page, 'findings');
    expect(page.url()).toBe(rankingUrl);
    expect(await page.locator('[data-testid=form-row]').count()).toBeGreaterThan(0);
  }, SLOW);

  it('the back link returns to the department the form was opened from', async () => {
    const { page } = app.session;
    await open(page, `?view=department&dept=${encodeURIComponent('中共汨罗市委机构编制委员会办公室')}`);
    await page.waitForSelector('[data-testid=department-view][data-ready=true] [data-testid=dept-years]', { timeout: 170_000 });
    const deptUrl = page.url();
    await page.locator(`[data-testid=dept-form][data-eval-id=${P01}] a`).first().click();
    await page.waitForSelector(FORM_READY, { timeout: 170_000 });
    await page.click('[data-testid=form-back]');
    await expect.poll(() => page.url()).toBe(deptUrl);
  }, SLOW);

  it('opened from a shared link, the back link leads to the findings ranking', async () => {
    const { page } = app.session;
    await openForm(page, P01);
    expect(new URL(await page.getAttribute('[data-testid=form-back]', 'href') ?? '', app.served.url).searchParams.get('view')).toBe('findings');
  }, SLOW);
});
