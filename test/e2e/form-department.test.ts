// The form and department views in Chromium against the built app: the seed's department form shows
// its numbers exactly and comes back from its URL alone; the department view shows the years Node
// computes and draws its charts; names from files that look like markup stay text everywhere
// (tables, form, chart tooltips) and never run.
import { describe, expect, it } from 'vitest';
import Decimal from 'decimal.js';
import fs from 'node:fs';
import { departmentFormsExportTable } from '../../src/analysis/exports';
import { departmentForms, departmentList, departmentSummary } from '../../src/analysis/queries/department';
import { FIGURE_KINDS } from '../../src/format/export-table';
import { readWorkbook } from '../../src/ingest/documents/workbook';
import { formIndicators } from '../../src/analysis/queries/form';
import { offOrigin, screenshot } from './browser';
import { viewTestRig, visit } from './views';

const MLS = '中共汨罗市委机构编制委员会办公室';
const D00 = 'MLS-BB-2023-D00';
const XSS = '<img src=x onerror="window.__xss=1">';
const q = (s: string) => `"${s.replace(/"/g, '""')}"`;

const app = viewTestRig();

const FORM_READY = '[data-testid=form-view][data-ready=true] [data-testid=form-sheet]';
const DEPT_READY = '[data-testid=department-view][data-ready=true] [data-testid=dept-years]';
const cellText = (key: string) => app.session.page.locator(`[data-testid=form-sheet] [data-cell="${key}"] .text`).first().textContent();

/** Pixels of a chart's canvas that are not blank (transparent or white). */
async function inkedPixels(testid: string): Promise<number> {
  return app.session.page.$eval(`[data-testid=${testid}] canvas`, (c) => {
    const canvas = c as HTMLCanvasElement;
    const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
    let n = 0;
    for (let i = 0; i < data.length; i += 4) if (data[i + 3] > 0 && (data[i] < 240 || data[i + 1] < 240 || data[i + 2] < 240)) n++;
    return n;
  });
}

describe('form view', () => {
  it('opens the seed department form from its URL with its numbers exactly', async () => {
    const { page } = app.session;
    await visit(page, app.served, `?view=form&form=${D00}`);
    await page.waitForSelector(FORM_READY, { timeout: 90_000 });
    expect(await page.textContent('[data-testid=form-header]')).toContain(MLS);
    expect(await cellText(':budget_initial')).toBe('146.41');
    expect(await cellText(':budget_full')).toBe('183.35');
    expect(await cellText(':executed')).toBe('183.35');
    expect(await cellText(':exec_weight')).toBe('10');
    expect(await cellText(':exec_rate')).toBe('100.00%');
    expect(await cellText(':exec_score')).toBe('10');
    expect(await cellText(':total_score')).toBe('100');
    expect(await cellText(':weight')).toBe('90');
    expect(await cellText(':goal_actual')).toBe('圆满按时完成');
    expect(await cellText(':goal_target')).toContain('1、简政放权');
    // the indicator table, in order, with the merged 一级 cells as row spans
    const want = await formIndicators(app.node, D00);
    expect(await page.locator('[data-testid=form-indicators] tbody tr').count()).toBe(want.length);
    expect(await cellText('1:level3')).toBe(want[0].level3);
    expect(await cellText('2:target')).toBe('≧95%');
    const merged = page.locator('[data-testid=form-indicators] tbody th.merged').first();
    expect(await merged.getAttribute('rowspan')).toBe(String(want[0].l1_span));
    expect((await merged.textContent())?.trim()).toBe('产出指标');
    // flagged cells carry severity in words and the rule title
    expect(await page.locator('[data-cell=":weight"][data-flagged=true] [data-testid=cell-flag]').first().textContent()).toMatch(/问题·中/);
    expect(Number(await page.getAttribute('[data-testid=form-score]', 'data-score'))).toBe(100);
    await screenshot(page, 'form-view-seed');
  });

  it('restores the same form on a fresh page', async () => {
    const fresh = await app.session.context.newPage();
    try {
      await fresh.goto(app.served.url + `?view=form&form=${D00}`);
      await fresh.waitForSelector(FORM_READY, { timeout: 90_000 });
      expect(await fresh.locator('[data-testid=form-sheet] [data-cell=":budget_full"] .text').textContent()).toBe('183.35');
      expect(await fresh.locator('[data-testid=form-findings] [data-testid=finding]').count()).toBe(
        await app.session.page.locator('[data-testid=form-findings] [data-testid=finding]').count(),
      );
    } finally {
      await fresh.close();
    }
  });

  it('picks a form by searching when none is selected', async () => {
    const { page } = app.session;
    await visit(page, app.served, '?view=form');
    await page.waitForSelector('[data-testid=form-view][data-ready=true]', { timeout: 90_000 });
    await page.fill('[data-testid=form-search]', '编办专项');
    await expect.poll(() => page.locator('[data-testid=pick-form]').count(), { timeout: 30_000 }).toBe(1);
    await page.click('[data-testid=pick-form]');
    await expect.poll(() => new URL(page.url()).searchParams.get('form')).toBe('MLS-BB-2023-P01');
    await page.waitForSelector(FORM_READY, { timeout: 60_000 });
    expect(await cellText(':project')).toBe('编办专项');
  });
});

describe('department view', () => {
  it('shows a department’s years as Node computes them, with its charts drawn', async () => {
    const { page } = app.session;
    // a sample department with several years (the seed department has one)
    const d = (await departmentList(app.node, {})).find((x) => x.years.length > 1)!;
    expect(d).toBeDefined();
    await visit(page, app.served, `?view=department&dept=${encodeURIComponent(d.department)}&region=${encodeURIComponent(d.region ?? '')}`);
    await page.waitForSelector(DEPT_READY, { timeout: 90_000 });
    const want = await departmentSummary(app.node, { departments: [d.department], regions: d.region ? [d.region] : [] });
    const shown = await page.$$eval('[data-testid=dept-year]', (rows) => rows.map((r) => Number(r.getAttribute('data-year'))));
    expect(shown).toEqual([...new Set(want.map((w) => w.year))]);
    expect(await page.textContent('[data-testid=dept-name]')).toBe(d.department);
    await expect.poll(() => inkedPixels('chart-flags'), { timeout: 20_000 }).toBeGreaterThan(200);
    await expect.poll(() => inkedPixels('chart-peers'), { timeout: 20_000 }).toBeGreaterThan(200);
    await screenshot(page, 'department-view');
  });

  it('lists every department Node lists, only those in view in the page, and follows a year filter', async () => {
    const { page } = app.session;
    const all = await departmentList(app.node, {});
    await visit(page, app.served, '?view=department&lang=zh');
    await page.waitForSelector('[data-testid=department-view][data-ready=true] [data-testid=dept-picker]', { timeout: 90_000 });
    const head = () => page.textContent('[data-testid=dept-picker] thead th');
    expect(await head()).toBe(`找到 ${all.length} 项`);
    // a window of the list, not every line
    const drawn = await page.locator('[data-testid=pick-dept]').count();
    expect(drawn).toBeGreaterThan(0);
    expect(drawn).toBeLessThan(all.length);
    // scrolled to the end, the last department Node lists is there
    await page.$eval('[data-testid=dept-picker-viewport]', (v) => v.scrollTo(0, v.scrollHeight));
    await expect.poll(() => page.locator('[data-testid=pick-dept]').last().textContent()).toBe(all[all.length - 1].department);
    const year = all.flatMap((d) => d.years).sort()[0];
    const some = await departmentList(app.node, { years: [year] });
    await page.getByTestId(`filter-years-${year}`).check();
    await expect.poll(head, { timeout: 30_000 }).toBe(`找到 ${some.length} 项`);
    await page.waitForSelector('[data-testid=department-view][data-ready=true]');
    await page.locator('[data-testid=pick-dept]').first().click();
    await page.waitForSelector(DEPT_READY, { timeout: 90_000 });
    expect(await page.textContent('[data-testid=dept-name]')).toBe(some[0].department);
  });

  it('shows the seed department with its form links', async () => {
    const { page } = app.session;
    await visit(page, app.served, `?view=department&dept=${encodeURIComponent(MLS)}`);
    await page.waitForSelector(DEPT_READY, { timeout: 90_000 });
    expect(await page.$$eval('[data-testid=dept-year]', (rows) => rows.map((r) => r.getAttribute('data-year')))).toEqual(['2023']);
    expect(await page.locator('[data-testid=dept-form]').count()).toBe(6);
    await page.locator(`[data-testid=dept-form][data-eval-id=${D00}] a`).first().click();
    await expect.poll(() => new URL(page.url()).searchParams.get('form')).toBe(D00);
    await page.waitForSelector(FORM_READY, { timeout: 60_000 });
  });
});

/**
 * What breaks "numbers read the same everywhere" on the page now: a number with more than 2 decimals
 * in the visible text (a score like 98.4333, money beyond its 2 decimals), and a money cell or head
 * whose column head does not say 万元 (10k yuan).
 */
async function numberFaults(unit: string): Promise<string[]> {
  return app.session.page.evaluate((unit) => {
    const out: string[] = [];
    for (const m of document.body.innerText.matchAll(/(?<![\d.])\d[\d,]*\.\d{3,}(?![\d.])/g)) out.push(`more than 2 decimals: ${m[0]}`);
    const head = (td: HTMLTableCellElement) => {
      const table = td.closest('table')!;
      const row = table.tHead?.rows[table.tHead.rows.length - 1];
      let at = 0;
      for (const c of Array.from(td.parentElement!.children) as HTMLTableCellElement[]) { if (c === td) break; at += c.colSpan; }
      let n = 0;
      for (const th of row ? (Array.from(row.cells) as HTMLTableCellElement[]) : []) { if (n === at) return th; n += th.colSpan; }
      return null;
    };
    for (const td of Array.from(document.querySelectorAll<HTMLTableCellElement>('td[data-kind=money]'))) {
      const th = head(td);
      if (!th?.textContent?.includes(unit)) out.push(`money cell "${td.textContent}" under "${th?.textContent ?? '(no head)'}"`);
    }
    for (const th of Array.from(document.querySelectorAll('th[data-kind=money]'))) if (!th.textContent?.includes(unit)) out.push(`money head "${th.textContent}"`);
    return out;
  }, unit);
}

describe('numbers read the same everywhere', () => {
  it('no view shows more than 2 decimals, and every money column says 万元, in both languages', async () => {
    const { page } = app.session;
    const d = (await departmentList(app.node, {})).find((x) => x.years.length > 1)!;
    const dept = `dept=${encodeURIComponent(d.department)}&region=${encodeURIComponent(d.region ?? '')}`;
    const views: [string, string][] = [
      ['overview', '[data-testid=overview][data-ready=true]'],
      ['execution', '[data-testid=execution][data-ready=true] [data-testid=low-table]'],
      [`sangong&${dept}`, '[data-testid=sangong][data-ready=true] [data-testid=dept-table] tbody tr'],
      [`department&${dept}`, DEPT_READY],
      ['findings', '[data-testid=findings][data-ready=true] [data-testid=form-row]'],
      [`form&form=${D00}`, FORM_READY],
      [`compare&form=${D00}&other=MLS-BB-2023-P01`, '[data-testid=compare-view][data-ready=true] [data-testid=compare-header]'],
      ['notice', '[data-testid=notice-view][data-ready=true] [data-testid=notice]'],
    ];
    let moneyCells = 0;
    for (const [lang, unit] of [['zh', '万元'], ['en', '10k yuan']]) {
      // the data loads once per language; each view then opens in the loaded page, as a link would
      await page.goto(app.served.url + `?lang=${lang}`);
      await page.waitForSelector('[data-testid=overview][data-ready=true]', { timeout: 170_000 });
      for (const [view, ready] of views) {
        await visit(page, app.served, `?view=${view}&lang=${lang}`);
        await page.waitForSelector(ready, { timeout: 170_000 });
        expect(await numberFaults(unit), `${view} (${lang})`).toEqual([]);
        moneyCells += await page.locator('td[data-kind=money]').count();
      }
    }
    expect(moneyCells).toBeGreaterThan(50);
    // the department's mean total (98.4333… in Node) is shown to 2 decimals
    expect((await departmentSummary(app.node, {})).some((r) => r.mean_total_score != null && new Decimal(r.mean_total_score).decimalPlaces() > 2)).toBe(true);
  }, 600_000);

  it('a department view table exports to .xlsx that reopens with the same values and ids as text', async () => {
    const { page } = app.session;
    const d = (await departmentList(app.node, {})).find((x) => x.years.length > 1)!;
    await visit(page, app.served, `?view=department&dept=${encodeURIComponent(d.department)}&region=${encodeURIComponent(d.region ?? '')}&lang=zh`);
    await page.waitForSelector(DEPT_READY, { timeout: 170_000 });
    const [dl] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=export-dept-forms-xlsx]')]);
    expect(dl.suggestedFilename()).toBe(`selfeval-department-${d.department}-forms.xlsx`);
    const want = departmentFormsExportTable(await departmentForms(app.node, { department: d.department, region: d.region }), d.department, 'zh');
    expect(want.rows.length).toBeGreaterThan(1);
    // read back by the app's own workbook reader (src/ingest), as a user's file would be
    const [grid] = readWorkbook(fs.readFileSync((await dl.path())!), 'export.xlsx').grids;
    const at = new Map(grid.cells.map((c) => [`${c.row}:${c.col}`, c.text]));
    expect(want.columns.map((_, j) => at.get(`0:${j}`))).toEqual(want.columns.map((c) => c.header));
    expect(want.columns.filter((c) => c.kind === 'money').map((c) => c.header)).toEqual(['全年预算数（万元）', '全年执行数（万元）']);
    want.rows.forEach((r, i) => want.columns.forEach((c, j) => {
      const got = at.get(`${i + 1}:${j}`) ?? '';
      const v = r[c.key];
      if (v == null || v === '') expect(got, `${c.key} of row ${i}`).toBe('');
      else if (FIGURE_KINDS.has(c.kind)) expect(new Decimal(got.replace(/,|%$/g, '')).div(c.kind === 'percent' && got.endsWith('%') ? 100 : 1).equals(new Decimal(String(v))), `${c.key} of row ${i}: ${got} ≠ ${v}`).toBe(true);
      else expect(got, `${c.key} of row ${i}`).toBe(String(v));
    }));
    expect(String(want.rows[0].eval_id)).toMatch(/-/); // an id, kept as text
  }, 300_000);
});

describe('names that look like markup', () => {
  it('stay text in the findings, form and department views, and in chart tooltips', async () => {
    const { page } = app.session;
    await visit(page, app.served, '?view=data');
    await page.waitForSelector('[data-testid=counts][data-ready=true]', { timeout: 90_000 });
    const formsBefore = Number(await page.getAttribute('[data-testid=count-forms]', 'data-value'));
    const evaluations = [
      '评价编号,年度,地区,预算部门,评价类型,项目名称,年初预算数,全年预算数,全年执行数,执行率分值,执行率,执行率得分,总分,预期目标,实际完成情况',
      `XSS-D00,2024,测试县,${q(XSS)},部门整体,,10,10,10,10,100%,10,100,${q(XSS)},完成`,
      `XSS-P01,2024,测试县,${q(XSS)},项目,${q(XSS)},5,5,5,10,100%,10,100,,`,
      `XSS-D99,2023,测试县,${q(XSS)},部门整体,,10,10,10,10,100%,10,100,目标,完成`,
    ].join('\r\n');
    const indicators = [
      '评价编号,一级指标,二级指标,三级指标,年度指标值,实际完成值,分值,得分,偏差原因分析及改进措施',
      `XSS-D00,产出指标,数量指标,${q(XSS)},100%,100%,90,90,`,
      `XSS-P01,产出指标,数量指标,${q(XSS)},100%,100%,90,90,`,
      `XSS-D99,产出指标,数量指标,${q(XSS)},100%,100%,90,90,`,
    ].join('\r\n');
    await page.setInputFiles('[data-testid=file-input]', [
      { name: 'xss-evaluations.csv', mimeType: 'text/csv', buffer: Buffer.from(evaluations, 'utf-8') },
      { name: 'xss-indicators.csv', mimeType: 'text/csv', buffer: Buffer.from(indicators, 'utf-8') },
    ]);
    await expect.poll(async () => page.locator('[data-testid=files-table]').textContent(), { timeout: 60_000 }).toContain('xss-indicators.csv');
    await expect
      .poll(async () => (await page.locator('[data-testid=counts][data-ready=true]').count()) === 1
        && Number(await page.getAttribute('[data-testid=count-forms]', 'data-value')), { timeout: 90_000, message: app.session.errors.join('\n') })
      .toBe(formsBefore + 3);

    // findings: filtered to the department
    await page.click('[data-testid=nav-findings]');
    await page.waitForSelector('[data-testid=findings][data-ready=true]', { timeout: 90_000 });
    const options = () => page.$$eval('[data-testid=filter-department] option', (os) => os.map((o) => (o as HTMLOptionElement).value));
    await expect.poll(options, { timeout: 60_000, message: app.session.errors.join('\n') }).toContain(XSS);
    await page.selectOption('[data-testid=filter-department]', XSS);
    await expect.poll(() => page.locator('[data-testid=form-row]').count(), { timeout: 60_000 }).toBe(3);
    const table = page.locator('[data-testid=forms-table]');
    expect(await table.textContent()).toContain(XSS);
    expect(await table.locator('img').count()).toBe(0);
    await screenshot(page, 'xss-findings');

    // form: the project form
    await page.locator('[data-testid=form-row][data-eval-id=XSS-P01] [data-testid=form-link]').click();
    await page.waitForSelector(FORM_READY, { timeout: 60_000 });
    expect(await cellText(':project')).toBe(XSS);
    expect(await cellText(':department')).toBe(XSS);
    expect(await cellText('1:level3')).toBe(XSS);
    expect(await page.locator('[data-testid=form-sheet] img').count()).toBe(0);
    await screenshot(page, 'xss-form');

    // department: name, tables and a chart tooltip
    await page.click('[data-testid=open-dept]');
    await page.waitForSelector(DEPT_READY, { timeout: 60_000 });
    expect(await page.textContent('[data-testid=dept-name]')).toBe(XSS);
    const box = (await page.locator('[data-testid=chart-peers] .canvas').boundingBox())!;
    const tooltip = page.locator('[data-testid=chart-peers] .canvas > div').filter({ hasText: 'onerror' });
    await expect
      .poll(async () => {
        for (const fx of [0.3, 0.5, 0.7]) await page.mouse.move(box.x + box.width * fx, box.y + box.height * 0.6);
        return tooltip.count();
      }, { timeout: 20_000 })
      .toBeGreaterThan(0);
    expect(await tooltip.first().textContent()).toContain(XSS);
    expect(await page.locator('[data-testid=department-view] img').count()).toBe(0);
    await screenshot(page, 'xss-department');
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
  });

  it('asked for nothing outside its own origin', () => {
    expect(offOrigin(app.session.requests, app.served.origin)).toEqual([]);
  });
});
