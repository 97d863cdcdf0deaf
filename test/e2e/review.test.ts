// The review (issue 13) in Chromium against the built app on the bundled data: marks set on the form
// view and in bulk from the findings view survive a reload; the review file the page exports, taken
// into Node, gives the notice Node builds, which the page shows (every open finding with its cell and
// value), prints within A4's margins and downloads as a .docx that reads back the same; the
// side-by-side comparison of a year-copied sample form marks exactly the cells Node finds identical.
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { expand } from '../../src/ingest/documents/grid';
import { readDocx } from '../../src/ingest/documents/docx';
import { compareForms, pairIndicatorRows, COMPARED_COLUMNS } from '../../src/review/compare';
import { readReviewFile } from '../../src/review/file';
import { buildNotice } from '../../src/review/notice';
import { rankedDepartments } from '../../src/analysis/queries/findings';
import { findingsCounted, flaggedForms } from '../../src/analysis/queries/overview';
import { formatCount, formatPercent } from '../../src/format/number';
import { importMarks, reviewedFindings } from '../../src/review/store';
import { viewTestRig, visit, waitReady } from './views';

const MLS = '中共汨罗市委机构编制委员会办公室';
const D00 = 'MLS-BB-2023-D00';
const REASON = '年中追加经省厅批复';
const app = viewTestRig();
/** A mark goes through DuckDB in the page's worker and back: seconds on a busy machine. */
const POLL = { timeout: 60_000 };
/** The page loads and analyses the bundled county in its DuckDB first: minutes on a shared 2-core machine. */
const LOAD = 300_000;

const finding = (list: string, rule: string) => app.session.page.locator(`[data-testid=${list}] [data-testid=review-finding][data-rule=${rule}]`);
async function formReview(): Promise<void> {
  const { page } = app.session;
  await visit(page, app.served, `?view=form&form=${D00}`);
  await page.waitForSelector('[data-testid=form-review][data-ready=true] [data-testid=review-finding]', { timeout: LOAD });
}

describe('review marks', () => {
  it('are set one at a time on the form view and in bulk from the findings view, and kept over a reload', async () => {
    const { page } = app.session;
    await formReview();
    await finding('form-review', 'weights-sum').locator('[data-testid=mark-confirmed]').click();
    await expect.poll(() => finding('form-review', 'weights-sum').getAttribute('data-state'), POLL).toBe('confirmed');
    // a dismissal without a reason is refused, with one it is taken
    const copied = finding('form-review', 'actual-equals-target').first();
    const key = await copied.getAttribute('data-key');
    await copied.locator('[data-testid=mark-dismissed]').click();
    expect(await page.locator('[data-testid=form-review] [role=alert]').textContent()).toContain('排除须写明理由');
    await copied.locator('[data-testid=mark-reason]').fill('填报口径所致');
    await copied.locator('[data-testid=mark-dismissed]').click();
    await expect.poll(() => page.locator(`[data-testid=form-review] [data-key="${key}"]`).first().getAttribute('data-state'), POLL).toBe('dismissed');

    // in bulk: every budget-adjusted of the department
    await visit(page, app.served, `?view=findings&rule=budget-adjusted&department=${encodeURIComponent(MLS)}`);
    await page.waitForSelector('[data-testid=review-bulk][data-ready=true]', { timeout: LOAD });
    const want = await reviewedFindings(app.node, { rule: 'budget-adjusted', filters: { departments: [MLS] } });
    expect(await page.textContent('[data-testid=review-bulk-scope]')).toContain(`：${want.length} 条`);
    await page.fill('[data-testid=bulk-reason]', REASON);
    await page.click('[data-testid=bulk-apply]');
    await expect.poll(() => page.textContent('[data-testid=review-message]'), POLL).toBe(`已标记 ${new Set(want.map((f) => f.finding_key)).size} 条。`);

    await page.reload();
    await page.waitForSelector('[data-testid=review-bulk][data-ready=true]', { timeout: LOAD });
    await page.check('[data-testid=show-dismissed]');
    await page.waitForSelector('[data-testid=dismissed-findings][data-ready=true]');
    const dismissed = page.locator('[data-testid=dismissed-findings] [data-testid=review-finding]');
    expect(await dismissed.count()).toBe(want.length);
    for (const r of await dismissed.locator('[data-testid=review-reason]').allTextContents()) expect(r).toContain(REASON);

    await formReview();
    expect(await finding('form-review', 'weights-sum').getAttribute('data-state')).toBe('confirmed');
    expect(await page.locator(`[data-testid=form-review] [data-key="${key}"]`).first().getAttribute('data-state')).toBe('dismissed');
    expect(await finding('form-review', 'budget-adjusted').getAttribute('data-state')).toBe('dismissed');
  }, 900_000);
});

describe('the 发现计数 switch', () => {
  it('counts confirmed findings only: the overview\'s findings are the confirmed marks made, the ranking follows them, the URL keeps it over a reload', async () => {
    const { page } = app.session;
    // the marks the page made (its kept copy), in Node
    const kept = readReviewFile((await page.evaluate(() => localStorage.getItem('selfeval-lens.review'))) ?? '');
    const confirmed = kept.marks.filter((m) => m.state === 'confirmed');
    expect(confirmed.length).toBeGreaterThan(0);
    await importMarks(app.node, kept.marks);

    await page.click('[data-testid=nav-overview]');
    await waitReady(page, 'overview');
    expect(await page.getAttribute('[data-testid=count-in-force]', 'data-count')).toBe('all');
    await page.click('[data-testid=count-confirmed]');
    await page.waitForSelector('[data-testid=count-in-force][data-count=confirmed]');
    await expect.poll(() => page.textContent('[data-testid=kpi-findings-value]'), POLL).toBe(formatCount(confirmed.length));
    expect(await findingsCounted(app.node, {}, 'confirmed')).toBe(confirmed.length);
    const high = await flaggedForms(app.node, {}, 'high', 'confirmed');
    await expect.poll(() => page.textContent('[data-testid=kpi-high-value]'), POLL).toBe(formatPercent(high.share));
    expect(await page.textContent('[data-testid=kpi-findings]')).toContain('仅已确认');
    // the printout says which counting is in force
    await page.emulateMedia({ media: 'print' });
    try {
      expect(await page.isVisible('[data-testid=count-in-force]')).toBe(true);
      expect(await page.textContent('[data-testid=count-in-force]')).toContain('发现计数：仅已确认');
    } finally {
      await page.emulateMedia({ media: 'screen' });
    }

    // the department ranking under confirmed only: the seed department first, not the order of all findings
    const all = (await rankedDepartments(app.node, {})).map((d) => d.department);
    const want = (await rankedDepartments(app.node, {}, { count: 'confirmed' })).map((d) => d.department);
    expect(want[0]).toBe(MLS);
    expect(want.slice(0, 5)).not.toEqual(all.slice(0, 5));
    const shownRanking = async () =>
      (await page.locator('[data-testid=depts-table] [data-testid=dept-row]').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-department')))).slice(0, 5);
    await page.click('[data-testid=nav-findings]');
    await waitReady(page, 'findings');
    expect(new URL(page.url()).searchParams.get('count')).toBe('confirmed');
    await expect.poll(shownRanking, POLL).toEqual(want.slice(0, 5));

    await page.reload();
    await page.waitForSelector('[data-testid=findings][data-ready=true] [data-testid=dept-row]', { timeout: LOAD });
    expect(await page.isChecked('[data-testid=count-confirmed]')).toBe(true);
    await expect.poll(shownRanking, POLL).toEqual(want.slice(0, 5));
  }, 600_000);
});

describe('the notice', () => {
  it('lists every open finding with cell and value, as Node does from the exported review file; prints within A4; its .docx reads back', async () => {
    const { page } = app.session;
    // the review file the page exports, taken into Node: the same marks there
    await visit(page, app.served, '?view=findings');
    await page.waitForSelector('[data-testid=review-bulk][data-ready=true]', { timeout: LOAD });
    const [file] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=review-export-json]')]);
    const marks = readReviewFile(fs.readFileSync((await file.path())!, 'utf8'));
    expect(marks.problems).toEqual([]);
    expect(marks.marks.length).toBeGreaterThanOrEqual(3);
    await importMarks(app.node, marks.marks);

    await visit(page, app.served, `?view=notice&department=${encodeURIComponent(MLS)}&year=2023`);
    await page.waitForSelector('[data-testid=notice-view][data-ready=true]', { timeout: LOAD });
    await page.fill('[data-testid=notice-bureau]', '汨罗市财政局');
    await page.fill('[data-testid=notice-ref]', '汨财绩〔2024〕3号');
    await page.locator('[data-testid=notice-ref]').blur();
    await page.fill('[data-testid=notice-due]', '2024年5月31日');
    await page.locator('[data-testid=notice-due]').blur();
    await page.reload(); // the header is remembered
    await page.waitForSelector('[data-testid=notice-view][data-ready=true]', { timeout: LOAD });
    expect(await page.inputValue('[data-testid=notice-ref]')).toBe('汨财绩〔2024〕3号');
    const settings = {
      bureau: '汨罗市财政局', reference: '汨财绩〔2024〕3号', due: '2024年5月31日', date: await page.inputValue('[data-testid=notice-date]'),
    };
    const notice = await buildNotice(app.node, { region: '汨罗市', department: MLS, year: 2023 }, settings);
    const rows = notice.sections.flatMap((s) => s.findings);
    const open = await reviewedFindings(app.node, { region: '汨罗市', department: MLS, year: 2023, state: 'open' });
    expect(rows).toHaveLength(open.length);
    expect(rows.some((f) => f.rule === 'budget-adjusted')).toBe(false);
    await expect.poll(() => page.locator('[data-testid=notice-finding]').count(), POLL).toBe(rows.length);
    expect(await page.locator('[data-testid=notice-finding]').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-key')))).toEqual(rows.map((f) => f.finding_key));
    expect(await page.locator('[data-testid=notice-cell]').allTextContents()).toEqual(rows.map((f) => f.cell));
    expect(await page.locator('[data-testid=notice-value]').allTextContents()).toEqual(rows.map((f) => f.value ?? '（空）'));
    expect(await page.textContent('[data-testid=notice]')).toContain(notice.closing);

    // printed: A4 pages, nothing wider than the printable width (210 mm − 2 × 15 mm)
    await page.emulateMedia({ media: 'print' });
    await page.setViewportSize({ width: Math.floor((180 / 25.4) * 96), height: 1000 });
    try {
      const overflow = await page.evaluate(() => {
        const box = document.querySelector('[data-testid=notice]')!.getBoundingClientRect();
        const wide = [...document.querySelectorAll('[data-testid=notice] table')].filter((t) => t.scrollWidth > t.clientWidth + 1).length;
        return { right: box.right, width: window.innerWidth, wide, docWidth: document.documentElement.scrollWidth };
      });
      expect(overflow.wide).toBe(0);
      expect(overflow.right).toBeLessThanOrEqual(overflow.width);
      expect(overflow.docWidth).toBeLessThanOrEqual(overflow.width);
      const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
      const boxes = pdf.toString('latin1').match(/\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\]/g) ?? [];
      expect(boxes.length).toBeGreaterThan(0);
      for (const b of boxes) {
        const [w, h] = b.match(/[\d.]+/g)!.slice(2).map(Number);
        expect(Math.round(w)).toBe(595);
        expect(Math.round(h)).toBe(842);
      }
    } finally {
      await page.emulateMedia({ media: 'screen' });
      await page.setViewportSize({ width: 1366, height: 900 });
    }

    const [docx] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=notice-download]')]);
    expect(docx.suggestedFilename()).toBe(`复核意见书-${MLS}-2023.docx`);
    const read = readDocx(fs.readFileSync((await docx.path())!), 'notice.docx');
    const tables = read.grids.flatMap((g) => expand(g).slice(1).map((row) => row.slice(1).map((c) => c?.text ?? '')));
    expect(tables).toEqual(rows.map((f) => [f.cell, f.value ?? '（空）', f.problem, f.fix]));
    expect(read.grids[0].caption.join('\n')).toContain('汨财绩〔2024〕3号');
  }, 900_000);
});

describe('side by side', () => {
  it('compares a year-copied sample form with last year’s: identical cells marked as Node finds them, readable at 1366 wide', async () => {
    const { page } = app.session;
    const [hit] = await app.node.query<{ eval_id: string }>(`SELECT eval_id FROM findings WHERE rule = 'year-copy' ORDER BY eval_id LIMIT 1`);
    await page.setViewportSize({ width: 1366, height: 900 });
    await visit(page, app.served, `?view=form&form=${hit.eval_id}`);
    await page.waitForSelector('[data-testid=open-compare]', { timeout: LOAD });
    await page.click('[data-testid=open-compare]');
    await page.waitForSelector('[data-testid=compare-candidate][data-why=previous-year]', { timeout: 60_000 });
    await page.click('[data-testid=compare-candidate][data-why=previous-year]');
    await page.waitForSelector('[data-testid=compare-view][data-ready=true] [data-testid=compare-indicators]', { timeout: 60_000 });
    const other = new URL(page.url()).searchParams.get('other')!;
    const [a, b] = await compareForms(app.node, hit.eval_id, other);
    expect(b!.header.year).toBe(a!.header.year - 1);
    const want = pairIndicatorRows(a!.indicators, b!.indicators).map((r) => COMPARED_COLUMNS.map((c) => r[c].same));
    // a year-copy: the rows' texts are the same
    for (const r of want) for (const i of [2, 3, 4]) expect(r[i]).toBe(true);
    const shown = await page.$$eval('[data-testid=compare-row]', (trs) =>
      trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.getAttribute('data-same') === 'true')),
    );
    expect(shown).toEqual(want.map((r) => [...r, ...r]));
    expect(await page.locator('[data-testid=compare-indicators] td.same .eq').count()).toBe(want.flat().filter(Boolean).length * 2);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1366);
  }, 600_000);
});
