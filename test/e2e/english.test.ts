// The app in English, in Chromium at 1366 wide: the findings view and a form show each finding's
// detail in English (the runner's detail_en, as Node computes it), with none of the Chinese
// templates' words, and no rule chip or table header is cut off.
import { describe, expect, it } from 'vitest';
import { formFindings } from '../../src/analysis/queries/form';
import { RULES } from '../../src/analysis/rules/index';
import { screenshot } from './browser';
import { viewTestRig, visit, waitReady } from './views';

const app = viewTestRig();
const D00 = 'MLS-BB-2023-D00';

/** The Chinese templates' own words: every run of 4+ Han characters outside a slot, of every phrase. */
const TEMPLATE_WORDS = [...new Set(RULES.flatMap((r) => {
  const d = r.detail;
  const zh = [d.zh, ...Object.values(d.choices ?? {}).flatMap((c) => Object.values(c).map((w) => w.zh)), ...Object.values(d.lists ?? {}).map((l) => l.item.zh)];
  return zh.flatMap((t) => t.replace(/\{[^}]*\}/g, ' ').match(/\p{Script=Han}{4,}/gu) ?? []);
}))];

/** Chips and header cells whose text does not fit: wider than their box, or running past a clipping ancestor. */
async function cutOff(): Promise<string[]> {
  return app.session.page.$$eval('.chip, th', (els) => els.flatMap((el) => {
    const e = el as HTMLElement;
    if (e.offsetParent === null) return []; // not shown
    // Every chip, the virtual ranking's fixed-height hits cells included (they wrap, and count what does not fit in a +N chip).
    const out: string[] = [];
    if (e.scrollWidth > e.clientWidth + 1) out.push(`${e.tagName} "${e.textContent}" ${e.scrollWidth} > ${e.clientWidth}`);
    const r = e.getBoundingClientRect();
    for (let a = e.parentElement; a; a = a.parentElement) {
      const s = getComputedStyle(a);
      const clipX = s.overflowX === 'hidden' || s.overflowX === 'clip';
      const clipY = s.overflowY === 'hidden' || s.overflowY === 'clip';
      if (clipX || clipY) {
        const ar = a.getBoundingClientRect();
        if (clipX && (r.right > ar.right + 1 || r.left < ar.left - 1)) out.push(`${e.tagName} "${e.textContent}" outside its ${a.tagName}.${a.className}`);
        // a chip below (or above) the lines of its cell would be hidden: cut just the same
        if (clipY && e.classList.contains('chip') && (r.bottom > ar.bottom + 1 || r.top < ar.top - 1)) out.push(`${e.tagName} "${e.textContent}" below its ${a.tagName}.${a.className}`);
        if (clipX) break;
      }
    }
    return out;
  }));
}

describe('English', () => {
  it('the findings view: chips and headers fit at 1366 wide', async () => {
    const { page } = app.session;
    await page.setViewportSize({ width: 1366, height: 768 });
    await visit(page, app.served, '?lang=en&view=findings');
    await waitReady(page, 'findings');
    expect(await page.locator('.chip').count()).toBeGreaterThan(0);
    await page.waitForSelector('[data-testid=form-row] [data-testid=hits]');
    // the ranking's rows show their hits in English, whole; those that do not fit are counted, never dropped
    const rows = await page.$$eval('[data-testid=form-row]', (trs) => trs.map((tr) => {
      const cell = tr.querySelector('[data-testid=hits]')!;
      const more = Number(cell.querySelector('[data-testid=hits-more]')?.textContent?.replace('+', '') ?? 0);
      return { chips: cell.querySelectorAll('[data-rule]').length, more, all: (cell.parentElement!.getAttribute('title') ?? '').split(', ').filter((t) => t).length };
    }));
    expect(rows.length).toBeGreaterThan(5);
    for (const r of rows) expect(r.chips + r.more).toBe(r.all);
    expect(rows.some((r) => r.chips >= 2)).toBe(true);
    expect(await cutOff()).toEqual([]);
    await screenshot(page, 'english-findings-1366');
  }, 300_000);

  it('a form: every finding detail in English, as Node renders it, with no template word of the Chinese', async () => {
    const { page } = app.session;
    await page.setViewportSize({ width: 1366, height: 768 });
    await visit(page, app.served, `?lang=en&view=form&form=${D00}`);
    await page.waitForSelector('[data-testid=form-view][data-ready=true] [data-testid=form-sheet]', { timeout: 90_000 });
    const shown = (await page.locator('[data-testid=finding] .detail').allTextContents()).map((t) => t.trim());
    expect(shown.length).toBeGreaterThan(3);
    const want = await formFindings(app.node, D00);
    expect(new Set(shown)).toEqual(new Set(want.map((w) => w.detail_en)));
    expect(TEMPLATE_WORDS.length).toBeGreaterThan(20);
    for (const t of shown) for (const w of TEMPLATE_WORDS) expect(t, `"${w}" in "${t}"`).not.toContain(w);
    // the same page in Chinese shows the Chinese details
    await visit(page, app.served, `?view=form&form=${D00}`);
    await page.waitForSelector('[data-testid=form-view][data-ready=true] [data-testid=form-sheet]', { timeout: 90_000 });
    const zh = (await page.locator('[data-testid=finding] .detail').allTextContents()).map((t) => t.trim());
    expect(new Set(zh)).toEqual(new Set(want.map((w) => w.detail)));
    await visit(page, app.served, `?lang=en&view=form&form=${D00}`);
    await page.waitForSelector('[data-testid=form-view][data-ready=true] [data-testid=form-sheet]', { timeout: 90_000 });
    expect(await cutOff()).toEqual([]);
    await screenshot(page, 'english-form-1366');
  }, 300_000);
});
