// A dataset served beside the app (`npm run dataset` output under /datasets/), opened with
// ?dataset=: the overview shows what Node computes from the same exports, only the partitions a
// view needs are fetched — with HTTP range requests, from this origin only — a form brings in just
// its own indicator partition, and other thresholds make the page load everything and run the rules.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Request } from 'playwright-core';
import { analyse } from '../../src/analysis/analyse';
import { parseSettings } from '../../src/analysis/settings';
import type { Engine } from '../../src/db/engine';
import { openNativeEngine } from '../../src/db/native';
import { openNodeEngine } from '../../src/db/node';
import { parseManifest, type DatasetManifest } from '../../src/dataset/manifest';
import { dateTime } from '../../src/format/provenance';
import { writeDataset } from '../../src/dataset/write';
import { loadFiles } from '../../src/ingest/load';
import { readInputFiles } from '../../src/ingest/node';
import { canvasDrawn, launch, offOrigin, serveBuild, type Served, type Session } from './browser';
import { kpiTexts, OVERVIEW_KPIS, overviewCards } from './views';

const SAMPLE = fs.readdirSync('data/sample').filter((f) => f.endsWith('.parquet')).map((f) => path.join('data/sample', f));
let root: string;
let manifest: DatasetManifest;
let served: Served;
let session: Session;
let node: Engine;
/** Dataset requests since the last reset: path below the dataset and Range header. */
let fetched: { path: string; range: string | undefined }[] = [];

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'selfeval-datasets-'));
  const native = await openNativeEngine();
  await loadFiles(native, readInputFiles(SAMPLE));
  await analyse(native);
  manifest = await writeDataset(native, path.join(root, 'county'), []);
  await native.close();
  manifest = parseManifest(JSON.parse(fs.readFileSync(path.join(root, 'county', 'manifest.json'), 'utf8')));
  process.env.SELFEVAL_DATASETS = root;
  node = await openNodeEngine();
  await loadFiles(node, readInputFiles(SAMPLE));
  await analyse(node);
  [served, session] = await Promise.all([serveBuild(), launch()]);
  session.context.on('request', (r: Request) => {
    const m = /\/datasets\/county\/(.*)$/.exec(r.url());
    if (m) fetched.push({ path: decodeURIComponent(m[1]), range: r.headers()['range'] });
  });
}, 240_000);

afterAll(async () => {
  await session?.close();
  await served?.close();
  await node?.close();
  delete process.env.SELFEVAL_DATASETS;
  if (root) fs.rmSync(root, { recursive: true, force: true });
});

const open = async (query: string) => {
  fetched = [];
  await session.page.goto(`${served.url}?${query}&dataset=datasets/county/`);
};
const tablesFetched = () => new Set(fetched.filter((f) => f.path !== 'manifest.json').map((f) => f.path.split('/')[0]));

describe('a served dataset', { timeout: 180_000 }, () => {
  it('opens on the overview with the numbers Node computes from the same exports, without its indicator rows', async () => {
    await open('view=overview');
    await expect.poll(() => kpiTexts(session.page, 'overview', OVERVIEW_KPIS), { timeout: 90_000, message: session.errors.join('\n') }).toEqual(await overviewCards(node, {}));
    for (const c of ['chart-dist', 'chart-full-marks', 'chart-sangong', 'chart-boilerplate']) {
      await expect.poll(() => canvasDrawn(session.page, `[data-testid=${c}]`), { message: c }).toBe(true);
    }
    // Its provenance is the dataset: the address, when it was written (the manifest), and its files' origin:
    // the CLI read the generated sample (truth.csv beside it), so 示例数据, marked as such.
    const created = dateTime(manifest.created);
    expect(await session.page.textContent('[data-testid=provenance-line]')).toMatch(
      new RegExp(`^数据来源：数据集 datasets/county/（生成于 ${created}，打开于 \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d）；示例数据 4 个文件（data/sample/evaluations\\.parquet、`),
    );
    expect(await session.page.textContent('[data-testid=provenance-mark]')).toContain('示例数据');
    expect(tablesFetched().has('indicators')).toBe(false);
    const parquet = fetched.filter((f) => f.path.endsWith('.parquet'));
    expect(parquet.length).toBeGreaterThan(0);
    // parquet-wasm reads each file by ranges: its footer, then its column chunks.
    for (const f of parquet) expect(f.range, f.path).toMatch(/^bytes=/);
    expect(offOrigin(session.requests, served.origin)).toEqual([]);
  });

  it('fetches only the chosen year of the partitioned tables, and shows that year as Node does', async () => {
    await open('view=findings&year=2023');
    await session.page.waitForSelector('[data-testid=findings][data-ready=true]', { timeout: 90_000 });
    const findingsFiles = new Set(fetched.filter((f) => f.path.startsWith('findings/')).map((f) => f.path));
    const expectedFiles = manifest.tables.findings.filter((f) => f.year === 2023 || f.year == null).map((f) => f.path);
    expect([...findingsFiles].sort()).toEqual(expectedFiles.sort());
    await open('view=overview&year=2023');
    await expect.poll(() => kpiTexts(session.page, 'overview', OVERVIEW_KPIS), { timeout: 90_000 }).toEqual(await overviewCards(node, { years: [2023] }));
  });

  it('brings in one form’s indicator partition when that form is opened', async () => {
    const [form] = await node.query<{ eval_id: string; year: number; n: number }>(
      `SELECT e.eval_id, e.year, count(i.seq)::INTEGER AS n FROM evaluations e JOIN indicators i USING (eval_id)
       WHERE e.year = 2022 GROUP BY e.eval_id, e.year ORDER BY e.eval_id LIMIT 1`,
    );
    await open(`view=form&form=${encodeURIComponent(form.eval_id)}`);
    await session.page.waitForSelector('[data-testid=form-view][data-ready=true]', { timeout: 90_000 });
    await expect.poll(() => session.page.locator('[data-testid=form-indicators] tbody tr').count(), { timeout: 30_000 }).toBeGreaterThanOrEqual(form.n);
    const indicatorFiles = new Set(fetched.filter((f) => f.path.startsWith('indicators/')).map((f) => f.path));
    expect([...indicatorFiles]).toEqual(manifest.tables.indicators.filter((f) => f.year === 2022).map((f) => f.path));
  });

  it('loads every partition and runs the rules in the page when the thresholds differ from the dataset’s', async () => {
    const setting = 'adjustmentBound=0.3';
    const withSetting = await openNodeEngine();
    await loadFiles(withSetting, readInputFiles(SAMPLE));
    await analyse(withSetting, parseSettings([setting]));
    await open(`view=overview&set=${encodeURIComponent(setting)}`);
    await expect.poll(() => kpiTexts(session.page, 'overview', OVERVIEW_KPIS), { timeout: 120_000 }).toEqual(await overviewCards(withSetting, {}));
    // The data, all of it; none of the cached analysis, which answers for other thresholds.
    expect(tablesFetched()).toEqual(new Set(['loaded_files.parquet', 'rejected_rows.parquet', 'evaluations', 'staffing', 'indicators', 'spending']));
    await withSetting.close();
  });
});
