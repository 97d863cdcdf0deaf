// The findings view in Chromium against the built app: the ranking, the rule filter, the catalogue
// and the exports show exactly what the same query functions compute in Node on the same files; a
// row leads to its form with the flagged cells highlighted; a name starting with `=` is exported as
// text; nothing is asked of any other origin. The ranking is a virtual list (only the rows in view
// are in the DOM): big-lists.test.ts scrolls one of 110,000 forms.
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as XLSX from '@e965/xlsx';
import type { Download } from 'playwright-core';
import { departmentsExportTable, findingsListTable, formsExportTable } from '../../src/analysis/exports';
import { rankedDepartments, rankedForms, ruleCatalogue, type RankedForm } from '../../src/analysis/queries/findings';
import type { ExportTable } from '../../src/format/export-table';
import { sortRows } from '../../src/format/sort';
import { readParquetTable } from '../../src/ingest/parquet';
import { offOrigin, screenshot } from './browser';
import { viewTestRig, visit } from './views';

const MLS = '中共汨罗市委机构编制委员会办公室';
const FORMULA = '=HYPERLINK("http://example.invalid","点我")';

const app = viewTestRig();

const READY = '[data-testid=findings][data-ready=true]';

/** The ranking's rows in the DOM, top first: the rows in view, from the top of a fresh list. */
async function shownForms(): Promise<{ eval_id: string; score: number }[]> {
  const { page } = app.session;
  await page.waitForSelector(READY, { timeout: 90_000 });
  return page.$$eval('[data-testid=form-row]', (rows) =>
    rows.map((r) => ({ eval_id: r.getAttribute('data-eval-id')!, score: Number(r.getAttribute('data-score')) })),
  );
}
const expected = (rows: RankedForm[]) => rows.map((r) => ({ eval_id: r.eval_id, score: r.score }));

/** The list shows the top of `want` (as many rows as fit in view, at least ten when there are). */
async function expectTop(want: RankedForm[]): Promise<void> {
  await expect
    .poll(async () => (await shownForms()).length, { timeout: 90_000, message: app.session.errors.join('\n') })
    .toBeGreaterThanOrEqual(Math.min(10, want.length));
  const shown = await shownForms();
  expect(await app.session.page.getAttribute('[data-testid=form-row]', 'data-index')).toBe('0');
  expect(shown).toEqual(expected(want).slice(0, shown.length));
}

/** A downloaded workbook's first sheet: its rows as SheetJS reads them, and its cells. */
async function reopened(dl: Download): Promise<{ rows: unknown[][]; sheet: XLSX.WorkSheet }> {
  const wb = XLSX.read(fs.readFileSync((await dl.path())!), { type: 'array', cellNF: true });
  const sheet = wb.Sheets[wb.SheetNames[0]];
  return { rows: XLSX.utils.sheet_to_json<unknown[]>(sheet, { header: 1, raw: true, defval: null }), sheet };
}

/** What a workbook of `table` reads back as: the headers, then numbers as doubles and the rest as text. */
function asRead(table: ExportTable): unknown[][] {
  const numeric = new Set(['money', 'percent', 'score', 'count', 'integer']);
  return [
    table.columns.map((c) => c.header),
    ...table.rows.map((r) => table.columns.map((c) => (r[c.key] == null || r[c.key] === '' ? null : numeric.has(c.kind) ? Number(r[c.key]) : String(r[c.key])))),
  ];
}

describe('findings view', () => {
  it('ranks the forms by boilerplate score as Node does', async () => {
    const { page } = app.session;
    await visit(page, app.served, '?view=findings');
    const want = await rankedForms(app.node, {}, {}, 100);
    expect(want.length).toBe(100);
    await expectTop(want);
    expect(Number(await page.getAttribute('[data-testid=forms-total]', 'data-value'))).toBe(want[0].total);
    // the chips carry the severity in words
    const chip = page.locator('[data-testid=form-row]').first().locator('.chip').first();
    expect(await chip.locator('.sev').textContent()).toMatch(/^(高|中|低|提示)$/);
    await screenshot(page, 'findings-view');
    // every form is one scroll away, none behind a "show more"
    const all = await rankedForms(app.node, {}, {}, want[0].total);
    await page.$eval('[data-testid=forms-table-viewport]', (v) => v.scrollTo(0, v.scrollHeight));
    const end = `[data-testid=form-row][data-index="${want[0].total - 1}"]`;
    await page.waitForSelector(end, { timeout: 60_000 });
    expect(await page.getAttribute(end, 'data-eval-id')).toBe(all.at(-1)!.eval_id);
  });

  it('filters by rule from the URL', async () => {
    const { page } = app.session;
    await visit(page, app.served, '?view=findings&rule=full-marks');
    const want = await rankedForms(app.node, {}, { rule: 'full-marks' }, 100);
    await expectTop(want);
    expect(Number(await page.getAttribute('[data-testid=forms-total]', 'data-value'))).toBe(want[0].total);
    expect(await page.inputValue('[data-testid=filter-rule]')).toBe('full-marks');
    // and the severity select writes the URL
    await page.selectOption('[data-testid=filter-severity]', 'low');
    await expect.poll(() => new URL(page.url()).searchParams.get('severity')).toBe('low');
    const low = await rankedForms(app.node, {}, { rule: 'full-marks', severity: 'low' }, 100);
    await expectTop(low);
  });

  it('lists every rule of the catalogue with its hit count', async () => {
    const { page } = app.session;
    await visit(page, app.served, '?view=findings');
    await page.waitForSelector(READY, { timeout: 90_000 });
    const want = await ruleCatalogue(app.node, {});
    const shown = await page.$$eval('[data-testid=catalogue] > li', (lis) =>
      lis.map((li) => ({ rule: li.getAttribute('data-rule'), hits: Number(li.getAttribute('data-hits')) })),
    );
    expect(shown).toEqual(want.map((c) => ({ rule: c.rule.id, hits: c.findings })));
    const gm = page.locator('[data-testid=rule-goal-missing]');
    expect(await gm.textContent()).toContain('为什么重要');
    // a count leads to the list filtered by that rule
    await gm.locator('[data-testid=rule-hits]').click();
    await expect.poll(() => new URL(page.url()).searchParams.get('rule')).toBe('goal-missing');
    const gmForms = await rankedForms(app.node, {}, { rule: 'goal-missing' }, 100);
    await expectTop(gmForms);
  });

  it('exports the filtered list as CSV and as Parquet', async () => {
    const { page } = app.session;
    await visit(page, app.served, '?view=findings&rule=full-marks');
    await page.waitForSelector(READY, { timeout: 90_000 });
    const total = (await rankedForms(app.node, {}, { rule: 'full-marks' }, 1))[0].total;

    const [csv] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=export-csv]')]);
    expect(csv.suggestedFilename()).toBe('selfeval-findings-full-marks.csv');
    const bytes = fs.readFileSync((await csv.path())!);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf-8').slice(1);
    const lines = text.split('\r\n').filter((l) => l !== '');
    expect(lines[0]).toBe('评价编号,地区,部门,年度,评价类型,项目名称,模板化得分,未封顶分,发现数,命中规则');
    expect(lines.length).toBe(total + 1);

    const [pq] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=export-parquet]')]);
    expect(pq.suggestedFilename()).toBe('selfeval-findings-full-marks.parquet');
    const table = await readParquetTable(new Uint8Array(fs.readFileSync((await pq.path())!)));
    expect(table.numRows).toBe(total);
    expect(table.schema.fields.map((f) => f.name)).toContain('hits');
  });

  it('exports the forms, the departments and every finding as .xlsx with the values Node computes, rule titles in the page\'s language', async () => {
    const { page } = app.session;
    await visit(page, app.served, '?view=findings&rule=full-marks');
    await page.waitForSelector(READY, { timeout: 90_000 });
    const ff = { rule: 'full-marks' };
    const click = (id: string) => Promise.all([page.waitForEvent('download'), page.click(`[data-testid=${id}]`)]).then(([d]) => d);

    const forms = await click('export-xlsx');
    expect(forms.suggestedFilename()).toBe('selfeval-findings-full-marks.xlsx');
    const want = await formsExportTable(app.node, {}, ff, 'zh');
    const got = await reopened(forms);
    expect(got.rows).toEqual(asRead(want));
    expect(String(got.rows[1][9])).toContain('满分'); // a rule's title, not its id
    expect(String(got.rows[1][9])).not.toContain('full-marks');
    expect(got.sheet.A2).toMatchObject({ t: 's', z: '@' });
    expect(got.sheet.G2).toMatchObject({ t: 'n', z: '0.00' });

    const depts = await click('export-depts-xlsx');
    expect((await reopened(depts)).rows).toEqual(asRead(departmentsExportTable(await rankedDepartments(app.node, {}, ff), 'zh')));

    const findings = await click('export-findings-xlsx');
    const list = await findingsListTable(app.node, {}, ff, 'zh');
    expect(list.rows.length).toBeGreaterThan(0);
    expect((await reopened(findings)).rows).toEqual(asRead(list));

    // In English the rule titles are English.
    await visit(page, app.served, '?view=findings&rule=full-marks&lang=en');
    await page.waitForSelector(READY, { timeout: 90_000 });
    const en = await reopened(await click('export-findings-xlsx'));
    expect(en.rows).toEqual(asRead(await findingsListTable(app.node, {}, ff, 'en')));
    expect(en.rows[0][0]).toBe('Rule');
    expect(en.rows.slice(1).every((r) => !/[\u4e00-\u9fff]/.test(String(r[0])))).toBe(true);
  }, 300_000);

  it('ranks departments tied at a score by the uncapped score, then high findings; sorts by a column by click and by keyboard', async () => {
    const { page } = app.session;
    await visit(page, app.served, '?view=findings');
    await page.waitForSelector(READY, { timeout: 90_000 });
    const want = await rankedDepartments(app.node, {});
    const shownDepts = () => page.$$eval('[data-testid=dept-row]', (rows) => rows.map((r) => r.getAttribute('data-department')));
    const shown = await shownDepts();
    expect(shown.length).toBeGreaterThan(5);
    expect(shown).toEqual(want.slice(0, shown.length).map((d) => d.department));
    // The sample has departments tied at the top score: the uncapped score tells them apart, and is shown.
    const tied = want.filter((d) => d.score === want[0].score);
    expect(tied.length).toBeGreaterThan(1);
    expect(new Set(tied.map((d) => d.raw)).size).toBeGreaterThan(1);
    const first = page.locator('[data-testid=dept-row]').first().locator('[data-testid=dept-score]');
    if (want[0].raw !== want[0].score) expect(await first.textContent()).toContain(`未封顶 ${want[0].raw}`);
    await screenshot(page, 'findings-depts-ties');

    // 发现数, largest first, by a click; ties keep the ranking's order.
    await page.click('[data-testid=depts-table] [data-testid=sort-findings]');
    const byFindings = sortRows(want, { key: 'findings', dir: 'desc' }).map((d) => d.department);
    await expect.poll(async () => (await shownDepts()).slice(0, 10)).toEqual(byFindings.slice(0, 10));
    expect(await page.getAttribute('[data-testid=depts-table] th:has([data-testid=sort-findings])', 'aria-sort')).toBe('descending');
    // Again by keyboard: Enter on the focused head reverses it.
    await page.focus('[data-testid=depts-table] [data-testid=sort-findings]');
    await page.keyboard.press('Enter');
    const reversed = sortRows(want, { key: 'findings', dir: 'asc' }).map((d) => d.department);
    await expect.poll(async () => (await shownDepts()).slice(0, 10)).toEqual(reversed.slice(0, 10));
    await page.keyboard.press('Space');
    await expect.poll(async () => (await shownDepts()).slice(0, 10)).toEqual(want.slice(0, 10).map((d) => d.department));

    // The forms ranking sorts in SQL, the same way.
    await page.click('[data-testid=forms-table] [data-testid=sort-year]');
    const all = await rankedForms(app.node, {}, {}, (await rankedForms(app.node, {}, {}, 1))[0].total);
    const byYear = sortRows(all, { key: 'year', dir: 'desc' });
    await expect.poll(async () => (await shownForms()).slice(0, 10)).toEqual(expected(byYear).slice(0, 10));
  }, 300_000);

  it('leads from a row to its form with the flagged cells highlighted', async () => {
    const { page } = app.session;
    await visit(page, app.served, `?view=findings&department=${encodeURIComponent(MLS)}`);
    await page.waitForSelector(READY, { timeout: 90_000 });
    await page.locator('[data-testid=form-row][data-eval-id="MLS-BB-2023-D00"] [data-testid=form-score]').click();
    await expect.poll(() => new URL(page.url()).searchParams.get('form')).toBe('MLS-BB-2023-D00');
    expect(new URL(page.url()).searchParams.get('view')).toBe('form');
    await page.waitForSelector('[data-testid=form-view][data-ready=true] [data-testid=form-sheet]', { timeout: 60_000 });
    const weight = page.locator('[data-cell=":weight"]');
    expect(await weight.getAttribute('data-flagged')).toBe('true');
    expect(await weight.locator('[data-testid=cell-flag]').first().getAttribute('data-rule')).toBe('weights-sum');
    const total = page.locator('[data-cell=":total_score"]');
    expect(await total.getAttribute('data-flagged')).toBe('true');
    expect(await total.locator('[data-testid=cell-flag][data-rule=total-sum]').count()).toBe(1);
    // clicking a finding in the panel activates its cell; its detail stays in the panel (the table does not re-flow)
    const finding = page.locator('[data-testid=finding][data-rule=weights-sum]');
    await finding.click();
    expect(await weight.getAttribute('data-active')).toBe('true');
    expect(await finding.textContent()).toContain('≠ 100');
    await screenshot(page, 'form-from-findings');

    await page.goBack();
    await page.waitForSelector(READY, { timeout: 60_000 });
    await page.locator('[data-testid=form-row][data-eval-id="MLS-BB-2023-P01"] [data-testid=form-score]').click();
    await expect.poll(() => new URL(page.url()).searchParams.get('form')).toBe('MLS-BB-2023-P01');
    await page.waitForSelector('[data-testid=form-view][data-ready=true] [data-testid=form-sheet]', { timeout: 60_000 });
    for (const cell of [':goal_target', ':goal_actual']) {
      const c = page.locator(`[data-cell="${cell}"]`);
      expect(await c.getAttribute('data-flagged')).toBe('true');
      expect(await c.locator('[data-testid=cell-flag][data-rule=goal-missing]').count()).toBe(1);
    }
  });

  it('exports a name starting with = as text', async () => {
    const { page } = app.session;
    await visit(page, app.served, '?view=data');
    await page.waitForSelector('[data-testid=counts][data-ready=true]', { timeout: 90_000 });
    const csv = [
      '评价编号,年度,地区,预算部门,评价类型,项目名称,年初预算数,全年预算数,全年执行数,执行率分值,执行率,执行率得分,总分',
      `FORMULA-1,2024,测试县,"${FORMULA.replace(/"/g, '""')}",部门整体,,10,10,10,10,100%,10,100`,
    ].join('\r\n');
    await page.setInputFiles('[data-testid=file-input]', [{ name: 'formula.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf-8') }]);
    await expect.poll(async () => page.locator('[data-testid=files-table]').textContent(), { timeout: 60_000 }).toContain('formula.csv');
    await page.waitForSelector('[data-testid=counts][data-ready=true]', { timeout: 90_000 });
    await page.click('[data-testid=nav-findings]');
    await page.waitForSelector(READY, { timeout: 90_000 });
    const options = () => page.$$eval('[data-testid=filter-department] option', (os) => os.map((o) => (o as HTMLOptionElement).value));
    await expect.poll(options, { timeout: 60_000, message: app.session.errors.join('\n') }).toContain(FORMULA);
    await page.selectOption('[data-testid=filter-department]', FORMULA);
    await expect.poll(shownForms, { timeout: 60_000 }).toEqual([{ eval_id: 'FORMULA-1', score: expect.any(Number) }]);
    const [dl] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=export-csv]')]);
    const text = fs.readFileSync((await dl.path())!, 'utf-8');
    const row = text.split('\r\n')[1];
    expect(row.startsWith('FORMULA-1,测试县,')).toBe(true);
    expect(row).toContain(`"'${FORMULA.replace(/"/g, '""')}"`);
    // In a workbook the name is a text cell as written (no quote prefix, no formula).
    const [wb] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=export-xlsx]')]);
    const { sheet } = await reopened(wb);
    expect(sheet.C2).toMatchObject({ t: 's', v: FORMULA });
    expect(sheet.C2.f).toBeUndefined();
  });

  it('keeps an 18-digit id with a leading zero as text in the workbook', async () => {
    const { page } = app.session;
    const ID = '012345678901234567';
    await visit(page, app.served, '?view=data');
    await page.waitForSelector('[data-testid=counts][data-ready=true]', { timeout: 90_000 });
    const csv = [
      '评价编号,年度,地区,预算部门,评价类型,项目名称,年初预算数,全年预算数,全年执行数,执行率分值,执行率,执行率得分,总分',
      `${ID},2024,测试县,零开头局,部门整体,,10,10,10,10,100%,10,100`,
    ].join('\r\n');
    await page.setInputFiles('[data-testid=file-input]', [{ name: 'ids.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf-8') }]);
    await expect.poll(async () => page.locator('[data-testid=files-table]').textContent(), { timeout: 60_000 }).toContain('ids.csv');
    await page.waitForSelector('[data-testid=counts][data-ready=true]', { timeout: 90_000 });
    await visit(page, app.served, '?view=findings&department=' + encodeURIComponent('零开头局'));
    await expect.poll(shownForms, { timeout: 90_000 }).toEqual([{ eval_id: ID, score: expect.any(Number) }]);
    const [wb] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=export-xlsx]')]);
    const { sheet } = await reopened(wb);
    expect(sheet.A2).toMatchObject({ t: 's', v: ID, z: '@' });
  }, 180_000);

  it('asked for nothing outside its own origin', () => {
    expect(app.session.requests.length).toBeGreaterThan(0);
    expect(offOrigin(app.session.requests, app.served.origin)).toEqual([]);
  });
});
