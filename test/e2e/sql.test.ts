// The SQL workbench in Chromium against the built app: the grid shows what Node computes from the
// same files with the same core, scrolls, runs a rule example, shows errors, refuses to touch the
// app's own tables (the data page's counts stay put), exports CSV and Parquet, keeps the SQL in
// the URL without running it from a link, cancels a long query while the rest of the page works,
// and explains running out of memory; the schema says what each table and column holds, dates show
// as dates and the quick chart splits series. big-lists.test.ts scrolls a result of 100,000 rows.
import fs from 'node:fs';
import * as XLSX from '@e965/xlsx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadedCounts, type LoadedCounts } from '../../src/analysis/queries/load-report';
import { RULES } from '../../src/analysis/rules/index';
import { DEFAULT_SETTINGS } from '../../src/analysis/settings';
import { ruleExampleSql } from '../../src/analysis/workbench/examples';
import { chartSeries } from '../../src/analysis/workbench/result';
import { runWorkbench } from '../../src/analysis/workbench/run';
import { describeSchema } from '../../src/analysis/workbench/schema';
import { SCHEMA_NOTES } from '../../src/format/words/schema';
import type { Engine } from '../../src/db/engine';
import { readParquetTable } from '../../src/ingest/parquet';
import { launch, offOrigin, screenshot, serveBuild, type Served, type Session } from './browser';
import { nodeWithBundled } from './bundled';

const QUERY = 'SELECT eval_id, department, year, total_score\nFROM evaluations\nORDER BY eval_id';

let served: Served;
let session: Session;
let node: Engine;
let counts: LoadedCounts;

beforeAll(async () => {
  served = await serveBuild();
  session = await launch();
  node = await nodeWithBundled();
  counts = await loadedCounts(node);
});

afterAll(async () => {
  await session?.close();
  await served?.close();
  await node?.close();
});

const text = (v: unknown) => (v == null ? 'NULL' : String(v));

async function runSql(sql: string, timeout = 30_000): Promise<void> {
  const { page } = session;
  await page.fill('[data-testid=sql-editor]', sql);
  await page.waitForSelector('[data-testid=sql-run]:not([disabled])', { timeout: 60_000 });
  await page.click('[data-testid=sql-run]');
  // Done when the button is back (the run ended) — with a result or an error.
  await page.waitForFunction(() => {
    const b = document.querySelector('[data-testid=sql-run]');
    return b != null && !b.hasAttribute('disabled');
  }, null, { timeout });
}

/** The grid's rows in the DOM (those in view) as text, without the row-number column. */
async function gridRows(): Promise<string[][]> {
  return session.page.$$eval('[data-testid=sql-grid] tbody tr[data-index]', (rows) =>
    rows.map((r) => Array.from(r.querySelectorAll('td'), (c) => c.textContent ?? '').slice(1)),
  );
}

/** Scrolls the grid so that row `index` is at the top of the view; the index of its first row in the DOM. */
async function scrollGrid(index: number): Promise<number> {
  const { page } = session;
  await page.$eval('[data-testid=sql-grid-viewport]', (v, i) => (v.scrollTop = i * Number(v.getAttribute('data-row-height'))), index);
  await page.waitForSelector(`[data-testid=sql-grid] tr[data-index="${index}"]`);
  return Number(await page.getAttribute('[data-testid=sql-grid] tbody tr[data-index]', 'data-index'));
}

async function shownTotal(): Promise<number> {
  return Number(await session.page.getAttribute('[data-testid=result-count]', 'data-total'));
}

describe('SQL workbench', () => {
  // The page's first start (engine, bundled data, analysis) can take a minute on a busy machine.
  it('runs a query and shows the rows Node computes, scrolling', { timeout: 180_000 }, async () => {
    const { page } = session;
    await page.goto(served.url + '?view=sql');
    expect(await page.textContent('[data-testid=sql-policy]')).toContain('你可以建自己的表；应用自身的表只读');
    // the schema lists the app's tables with their columns
    await page.waitForSelector('[data-testid=schema-table-evaluations]', { timeout: 150_000 });
    const expected = await runWorkbench(node, QUERY);
    expect(expected.total).toBe(counts.forms);
    expect(expected.total).toBeGreaterThan(100);

    await runSql(QUERY);
    await expect.poll(() => shownTotal(), { message: session.errors.join('\n') }).toBe(expected.total);
    expect(await page.textContent('[data-testid=result-count]')).toContain(String(expected.total).replace(/\B(?=(\d{3})+(?!\d))/g, ','));
    const cols = ['eval_id', 'department', 'year', 'total_score'];
    const asText = (from: number, to: number) => expected.rows.slice(from, to).map((r) => cols.map((c) => text(r[c])));
    const top = await gridRows();
    expect(top.length).toBeGreaterThan(10);
    expect(top).toEqual(asText(0, top.length));
    // numbers are right-aligned
    expect(await page.getAttribute('[data-testid=sql-grid] thead th:nth-child(5)', 'class')).toContain('num');

    let from = await scrollGrid(100);
    let rows = await gridRows();
    expect(rows).toEqual(asText(from, from + rows.length));
    from = await scrollGrid(expected.total - 1);
    rows = await gridRows();
    expect(from + rows.length).toBe(expected.total);
    expect(rows).toEqual(asText(from, expected.total));

    // the quick chart draws
    await page.selectOption('[data-testid=chart-y]', 'total_score');
    expect(await page.locator('[data-testid=result-chart] canvas').count()).toBeGreaterThan(0);
    await screenshot(page, 'sql-view');
  });

  it('keeps the SQL in the URL; a fresh page with that URL shows it and runs it only when 运行 is pressed', { timeout: 180_000 }, async () => {
    const { page, context } = session;
    await expect.poll(() => new URL(page.url()).searchParams.get('sql')).toBe(QUERY);
    const fresh = await context.newPage();
    try {
      await fresh.goto(page.url());
      expect(await fresh.inputValue('[data-testid=sql-editor]')).toBe(QUERY);
      expect(await fresh.textContent('[data-testid=sql-from-link]')).toContain('运行');
      // the data is in and the schema drawn: a run would have started by now, and none did
      await fresh.waitForSelector('[data-testid=sql-run]:not([disabled])', { timeout: 150_000 });
      await fresh.waitForSelector('[data-testid=schema-table-evaluations]');
      await fresh.waitForTimeout(500);
      expect(await fresh.locator('[data-testid=result-count]').count()).toBe(0);
      expect(await fresh.textContent('[data-testid=sql-run]')).toBe('运行');
      await fresh.click('[data-testid=sql-run]');
      await expect
        .poll(async () => Number(await fresh.getAttribute('[data-testid=result-count]', 'data-total').catch(() => null)), { timeout: 60_000 })
        .toBe(counts.forms);
      expect(await fresh.locator('[data-testid=sql-from-link]').count()).toBe(0);
    } finally {
      await fresh.close();
    }
  });

  it('inserts a column name from the schema at the cursor', async () => {
    const { page } = session;
    await page.fill('[data-testid=sql-editor]', 'SELECT  FROM evaluations');
    await page.evaluate(() => (document.querySelector('[data-testid=sql-editor]') as HTMLTextAreaElement).setSelectionRange(7, 7));
    await page.click('summary:has([data-testid=schema-table-evaluations]) .count'); // opens the table's columns
    await page.click('[data-testid=schema-column-evaluations-department]');
    expect(await page.inputValue('[data-testid=sql-editor]')).toBe('SELECT department FROM evaluations');
  });

  it('describes the data tables and their columns (notes, units, row counts); the working tables wait behind a toggle', async () => {
    const { page } = session;
    const schema = await describeSchema(node);
    const data = schema.filter((t) => t.group === 'data');
    expect(data.map((t) => t.name)).toContain('departments');
    for (const t of data) {
      expect(await page.textContent(`[data-testid=schema-note-${t.name}]`)).toBe(t.note!.zh);
      expect(await page.textContent(`[data-testid=schema-rows-${t.name}]`)).toBe(`${t.rows!.toLocaleString('en')} 行`);
    }
    // evaluations is open (the test before clicked it): each column says what it holds, money its unit
    const budget = page.locator('[data-testid=schema-column-note-evaluations-budget_full]');
    expect(await budget.isVisible()).toBe(true);
    expect(await budget.textContent()).toBe(`${SCHEMA_NOTES['evaluations.budget_full'].zh}万元`);
    expect(await page.textContent('[data-testid=schema-unit-evaluations-exec_rate]')).toBe('比率（1 = 100%）');
    expect(await page.textContent('[data-testid=schema-unit-evaluations-total_score]')).toBe('分');
    // 部门类型 is a column of the departments view, described
    await page.click('summary:has([data-testid=schema-table-departments]) .count');
    expect(await page.textContent('[data-testid=schema-column-note-departments-dept_kind]')).toContain('部门类型');
    // the app's working tables: listed apart, closed until asked for
    const internal = schema.filter((t) => t.group === 'internal');
    expect(internal.length).toBeGreaterThan(10);
    expect(await page.locator('[data-testid=schema-table-form_facts]').isVisible()).toBe(false);
    await page.click('[data-testid=schema-internal] > summary');
    expect(await page.locator('[data-testid=schema-table-form_facts]').isVisible()).toBe(true);
    expect(await page.textContent('[data-testid=schema-internal] > summary')).toContain(`${internal.length} 张`);
    await screenshot(page, 'sql-schema');
    await page.click('[data-testid=schema-internal] > summary');
  });

  it('shows DATE and TIMESTAMP values as dates, in the grid and in the CSV export', async () => {
    const { page } = session;
    await runSql(`SELECT DATE '2024-05-01' AS d, TIMESTAMP '2024-05-01 15:30:12.5' AS ts, DATE '1899-12-31' AS old, 7 AS n`);
    await expect.poll(() => shownTotal()).toBe(1);
    expect(await gridRows()).toEqual([['2024-05-01', '2024-05-01 15:30:12.5', '1899-12-31', '7']]);
    const [csv] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=export-csv]')]);
    const lines = fs.readFileSync(await csv.path()).toString('utf-8').slice(1).split('\r\n');
    expect(lines.slice(0, 2)).toEqual(['d,ts,old,n', '2024-05-01,2024-05-01 15:30:12.5,1899-12-31,7']);
  });

  it('the quick chart takes a measure as its value, not 年度, and splits series by a second column', async () => {
    const { page } = session;
    const sql = 'SELECT year, kind, count(*) AS forms, sum(budget_full) AS budget FROM evaluations GROUP BY ALL ORDER BY ALL';
    const expected = await runWorkbench(node, sql);
    const years = new Set(expected.rows.map((r) => r.year)).size;
    expect(years).toBeGreaterThan(1);
    await runSql(sql);
    await expect.poll(() => shownTotal()).toBe(expected.total);
    expect(await page.inputValue('[data-testid=chart-y]')).toBe('forms');
    expect(await page.inputValue('[data-testid=chart-x]')).toBe('kind');
    expect(await page.getAttribute('[data-testid=result-chart]', 'data-series')).toBe('1');
    await page.selectOption('[data-testid=chart-split]', 'year');
    const drawn = chartSeries(expected.rows, { x: 'kind', y: 'forms', split: 'year' });
    expect(drawn.series).toHaveLength(years);
    await expect.poll(() => page.getAttribute('[data-testid=result-chart]', 'data-series')).toBe(String(years));
    expect(await page.locator('[data-testid=result-chart] canvas').count()).toBeGreaterThan(0);
    await screenshot(page, 'sql-chart-split');
  });

  it('runs a rule from the examples with the rows the rule gives', async () => {
    const { page } = session;
    let rule = RULES[0];
    let rows: unknown[] = [];
    for (const r of RULES) {
      const q = r.query(DEFAULT_SETTINGS);
      rows = await node.query(q.sql, q.params);
      rule = r;
      if (rows.length > 0) break;
    }
    await page.selectOption('[data-testid=sql-examples]', `rule:${rule.id}`);
    expect(await page.inputValue('[data-testid=sql-editor]')).toBe(ruleExampleSql(rule, DEFAULT_SETTINGS));
    await page.waitForSelector('[data-testid=sql-run]:not([disabled])');
    await page.click('[data-testid=sql-run]');
    await expect.poll(() => shownTotal()).toBe(rows.length);
    await page.keyboard.press('Control+Enter'); // the shortcut runs it too
    await expect.poll(() => shownTotal()).toBe(rows.length);
  });

  it('shows a SQL error in DuckDB’s words for the text typed, clears the last result, and carries on', async () => {
    const { page } = session;
    await runSql('SELECT 1 AS before_the_error');
    await expect.poll(() => shownTotal()).toBe(1);
    await runSql('SELECT nope FROM evaluations');
    const alert = page.locator('[data-testid=sql-error][role=alert]');
    await expect.poll(() => alert.count()).toBe(1);
    const message = (await alert.locator('pre').textContent()) ?? '';
    expect(message).toMatch(/^Binder Error: .*nope/s);
    expect(message).toContain('LINE 1: SELECT nope FROM evaluations');
    expect(message).not.toMatch(/SELECT \* FROM \(|EXPLAIN|FORMAT json/);
    expect(message.match(/Binder Error/g)).toHaveLength(1);
    expect(await alert.getAttribute('data-refused')).toBe('false');
    // the earlier result is gone: nothing stale to export
    expect(await page.locator('[data-testid=result-count]').count()).toBe(0);
    expect(await page.locator('[data-testid=export-csv]').count()).toBe(0);
    await runSql('CREATE TABLE oops AS\nSELECT nope FROM evaluations');
    const statement = (await alert.locator('pre').textContent()) ?? '';
    expect(statement).toContain('LINE 2: SELECT nope FROM evaluations');
    expect(statement).not.toMatch(/EXPLAIN|FORMAT json/);
    await runSql('SELECT 41 + 1 AS answer');
    expect(await page.locator('[data-testid=sql-error]').count()).toBe(0);
    expect(await gridRows()).toEqual([['42']]);
  });

  it('refuses DROP TABLE evaluations; the data page counts are unchanged; own tables work', async () => {
    const { page } = session;
    await runSql('DROP TABLE evaluations');
    const alert = page.locator('[data-testid=sql-error][role=alert]');
    await expect.poll(() => alert.count()).toBe(1);
    expect(await alert.getAttribute('data-refused')).toBe('true');
    expect(await alert.textContent()).toContain('应用自身的表只读');
    await runSql('DELETE FROM findings');
    expect(await alert.textContent()).toContain('findings');

    await runSql('CREATE TABLE my_t AS SELECT department, count(*) AS n FROM evaluations GROUP BY department');
    expect(await page.locator('[data-testid=sql-error]').count()).toBe(0);
    await page.waitForSelector('[data-testid=schema-table-my_t]');
    await runSql('SELECT count(*) AS n FROM my_t');
    expect(await gridRows()).toEqual([[String(counts.departments)]]);

    await page.click('[data-testid=nav-data]');
    await page.waitForSelector('[data-testid=counts][data-ready=true]', { timeout: 60_000 });
    const value = async (k: keyof LoadedCounts) => Number(await page.getAttribute(`[data-testid=count-${k}]`, 'data-value'));
    expect({ departments: await value('departments'), forms: await value('forms'), indicators: await value('indicators'), spending: await value('spending') }).toEqual(counts);
    await page.click('[data-testid=nav-sql]');
    await page.waitForSelector('[data-testid=sql-editor]');
  });

  it('exports CSV (BOM, formula-guarded) and Parquet (every row)', async () => {
    const { page } = session;
    await runSql(`SELECT '=1+1' AS f, department FROM evaluations ORDER BY eval_id LIMIT 3`);
    await expect.poll(() => shownTotal()).toBe(3);
    const [csv] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=export-csv]')]);
    expect(csv.suggestedFilename()).toMatch(/^query-\d{8}-\d{6}\.csv$/);
    const bytes = fs.readFileSync(await csv.path());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.toString('utf-8').slice(1).split('\r\n');
    expect(lines[0]).toBe('f,department');
    expect(lines[1].startsWith("'=1+1,")).toBe(true);

    await runSql(QUERY);
    await expect.poll(() => shownTotal()).toBe(counts.forms);
    // .xlsx: every row, money and scores as numbers with their formats, ids as text
    const [xl] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=export-xlsx]')]);
    expect(xl.suggestedFilename()).toMatch(/^query-\d{8}-\d{6}\.xlsx$/);
    const wb = XLSX.read(fs.readFileSync(await xl.path()), { type: 'array', cellNF: true });
    const sheet = wb.Sheets[wb.SheetNames[0]];
    const cells = XLSX.utils.sheet_to_json<unknown[]>(sheet, { header: 1, raw: true, defval: null });
    expect(cells[0]).toEqual(['eval_id', 'department', 'year', 'total_score']);
    expect(cells.length - 1).toBe(counts.forms);
    expect(sheet.A2.t).toBe('s');
    expect(typeof cells[1][2]).toBe('number');
    expect(sheet.D2.t).toBe('n');
    const [pq] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=export-parquet]')]);
    expect(pq.suggestedFilename()).toMatch(/^query-\d{8}-\d{6}\.parquet$/);
    const table = await readParquetTable(new Uint8Array(fs.readFileSync(await pq.path())));
    expect(table.numRows).toBe(counts.forms);
    expect(table.schema.fields.map((f) => f.name)).toEqual(['eval_id', 'department', 'year', 'total_score']);
    expect(await page.locator('[data-testid=sql-error]').count()).toBe(0);
    await screenshot(page, 'sql-view-exported');
  });

  it('cancels a long query with 取消, and the rest of the page answers meanwhile', async () => {
    const { page } = session;
    const endless = 'SELECT count(*) AS n FROM range(1000000000000) t(i) WHERE i % 7 = 3';
    await page.fill('[data-testid=sql-editor]', endless);
    await page.click('[data-testid=sql-run]');
    await page.waitForSelector('[data-testid=sql-cancel]');
    // the view's own controls still work while it runs
    await page.selectOption('[data-testid=sql-examples]', 'findings-by-rule');
    expect(await page.inputValue('[data-testid=sql-editor]')).toContain('FROM findings');
    await page.click('[data-testid=sql-cancel]');
    const alert = page.locator('[data-testid=sql-error]');
    await expect.poll(() => alert.getAttribute('data-kind').catch(() => null), { timeout: 15_000 }).toBe('cancelled');
    expect(await alert.textContent()).toContain('已取消');
    await runSql('SELECT 42 AS answer');
    expect(await gridRows()).toEqual([['42']]);

    // Another view queries the app's connection while the SQL view's query runs; leaving the view stops it.
    await page.fill('[data-testid=sql-editor]', endless);
    await page.click('[data-testid=sql-run]');
    await page.waitForSelector('[data-testid=sql-cancel]');
    await page.click('[data-testid=nav-data]');
    await page.waitForSelector('[data-testid=counts][data-ready=true]', { timeout: 30_000 });
    expect(Number(await page.getAttribute('[data-testid=count-forms]', 'data-value'))).toBe(counts.forms);
    await page.click('[data-testid=nav-sql]');
    await runSql('SELECT 43 AS answer');
    expect(await gridRows()).toEqual([['43']]);
  });

  it('explains running out of memory in words, and what was loaded stays usable', { timeout: 180_000 }, async () => {
    const { page } = session;
    // Holds ~5 GB of distinct strings: past the ~3 GiB DuckDB-WASM may use, in about ten seconds.
    await runSql(`SELECT count(*) AS n FROM (SELECT DISTINCT repeat('x', 50000000) || i::VARCHAR FROM range(100) t(i))`, 120_000);
    const alert = page.locator('[data-testid=sql-error]');
    await expect.poll(() => alert.count(), { timeout: 60_000 }).toBe(1);
    const message = (await alert.locator('pre').textContent()) ?? '';
    expect(message).toContain('内存不足');
    expect(message).toMatch(/少载入几个年度/);
    expect(message).toContain('?dataset=');
    expect(message).toContain('--engine native');
    expect(message).toMatch(/Out of Memory Error: failed to allocate/);
    expect(message).not.toMatch(/temp_directory|memory_limit/);
    await screenshot(page, 'sql-out-of-memory');
    await runSql(QUERY);
    await expect.poll(() => shownTotal()).toBe(counts.forms);
    await page.click('[data-testid=nav-data]');
    await page.waitForSelector('[data-testid=counts][data-ready=true]', { timeout: 60_000 });
    expect(Number(await page.getAttribute('[data-testid=count-forms]', 'data-value'))).toBe(counts.forms);
    await page.click('[data-testid=nav-sql]');
    await page.waitForSelector('[data-testid=sql-editor]');
  });

  it('asked for nothing outside its own origin', () => {
    expect(session.requests.length).toBeGreaterThan(0);
    expect(offOrigin(session.requests, served.origin)).toEqual([]);
    expect(session.errors.filter((e) => !/Binder Error|Catalog Error|Parser Error|query was canceled|Out of Memory/.test(e))).toEqual([]);
  });
});
