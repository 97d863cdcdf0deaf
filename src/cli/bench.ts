// npm run bench -- [--rows N] [--seed N] [--runs N] [--json FILE] [--national [--national-rows N]]
// Speed and memory at province scale (1,000,000 indicator rows by default), measured in one run and
// printed against the targets: in Chromium (the built app opening a dataset, filter changes, GBK CSV
// ingest, memory), in Node (the rule engine, each dashboard query on DuckDB-WASM and on native
// DuckDB side by side), and the initial JavaScript. Figures are medians of --runs (≥ 3) runs.
// Machines here are noisy 2-core boxes: it prints, it does not fail on a slow figure.
// Samples are generated once into .bench/ (git-ignored) and reused.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Engine } from '../db/engine';
import { openNativeEngine } from '../db/native';
import { openNodeEngine } from '../db/node';
import { generate } from '../generate/generate';
import { analyse } from '../analysis/analyse';
import { buildViewCache } from '../analysis/queries/cache';
import { loadFiles } from '../ingest/load';
import { readInputFiles } from '../ingest/node';
import { DatasetSession } from '../dataset/load';
import { MANIFEST, parseManifest } from '../dataset/manifest';
import { attachDataset, writeDataset } from '../dataset/write';
import { DATA_TABLES } from '../db/schema';
import { execQuantiles, execRateDistribution, lowExecutors } from '../analysis/queries/execution';
import type { Filters } from '../analysis/queries/filters';
import { departmentFilters, type DepartmentKey } from '../analysis/queries/department';
import { copiedClusters, rankedDepartments, rankedForms, ruleCatalogue } from '../analysis/queries/findings';
import { flaggedForms, overviewKpis, topBoilerplateDepartments } from '../analysis/queries/overview';
import { sangongByDepartment, sangongRisers, sangongTrend } from '../analysis/queries/sangong';
import { measureBrowser, median } from '../bench/browser';
import { initialJsGzipKb } from '../bench/initial-js';
import { duckdbReadCsvMbPerS } from '../bench/csv-engine';
import { documentSet, measureDocuments } from '../bench/documents';
import { datasetIsCurrent, measureNational } from '../bench/national';
import { print } from '../node/print';
import { datasetReader } from '../node/sources';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

/**
 * The queries the dashboard runs on a filter change, by view, with the filters the view gives them:
 * what the WASM/native comparison times. A query a view runs for one department is timed so.
 */
const DASHBOARD: [string, (e: Engine, f: Filters, picked: DepartmentKey) => Promise<unknown>][] = [
  ['overview.kpis', overviewKpis],
  ['overview.exec_distribution', (e, f) => execRateDistribution(e, f)],
  ['overview.exec_quantiles_by_year', (e, f) => execQuantiles(e, f, 'year')],
  ['overview.sangong_trend', sangongTrend],
  ['overview.flagged_forms', (e, f) => flaggedForms(e, f)],
  ['overview.top_boilerplate_departments', (e, f) => topBoilerplateDepartments(e, f)],
  ['findings.ranked_forms', (e, f) => rankedForms(e, f)],
  ['findings.ranked_departments', (e, f) => rankedDepartments(e, f)],
  ['findings.rule_catalogue', (e, f) => ruleCatalogue(e, f)],
  ['findings.copied_clusters', (e, f) => copiedClusters(e, f, 20)],
  ['execution.quantiles_by_region', (e, f) => execQuantiles(e, f, 'region')],
  ['execution.low_executors', (e, f) => lowExecutors(e, f)],
  // The 三公 view (a department picked from its risers) and the department view ask for one department's series.
  ['sangong.by_department', (e, f, picked) => sangongByDepartment(e, { ...f, ...departmentFilters(picked) })],
  ['sangong.risers', (e, f) => sangongRisers(e, f)],
];

/**
 * How far the copied-indicators rule looked, read from what it found: 'province' when a finding links
 * a form of another region (one template copied across counties), else 'region'.
 */
async function copiedScope(engine: Engine): Promise<{ scope: 'province' | 'region'; forms: number; regions: number }> {
  const [{ forms, regions }] = await engine.query<{ forms: number; regions: number }>(`
    SELECT (SELECT count(DISTINCT f.eval_id) FROM (SELECT eval_id, region, unnest(related) AS other FROM findings WHERE rule = 'copied-indicators') f
            JOIN evaluations e ON e.eval_id = f.other WHERE e.region IS DISTINCT FROM f.region) AS forms,
      (SELECT count(DISTINCT region) FROM evaluations) AS regions`);
  return { scope: forms > 0 ? 'province' : 'region', forms, regions };
}

async function timeIt(work: () => Promise<unknown>, runs: number): Promise<number> {
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await work();
    ms.push(performance.now() - t0);
  }
  return median(ms);
}

/** The province sample (Parquet for the dataset, GBK CSV for the ingest), generated once per size and seed and code. */
async function prepare(rows: number, seed: number) {
  const dir = path.join(ROOT, '.bench', `province-${rows}-${seed}`);
  const parquet = path.join(dir, 'parquet');
  const gbk = path.join(dir, 'gbk');
  const datasets = path.join(dir, 'datasets');
  const dataset = path.join(datasets, 'province');
  if (!datasetIsCurrent(dataset)) {
    fs.rmSync(dir, { recursive: true, force: true });
    const summary = await generate({ scale: 'province', rows, seed, format: 'parquet', encoding: 'utf8', out: parquet, headers: 'zh' });
    await generate({ scale: 'province', rows, seed, format: 'csv', encoding: 'gbk', out: gbk, headers: 'zh' });
    const native = await openNativeEngine();
    await loadFiles(native, readInputFiles(fs.readdirSync(parquet).filter((f) => f.endsWith('.parquet')).map((f) => path.join(parquet, f))));
    await analyse(native);
    await writeDataset(native, dataset, []);
    await native.close();
    fs.writeFileSync(path.join(dir, 'rows.json'), JSON.stringify(summary.rows));
  }
  const csvFiles = DATA_TABLES.map((t) => path.join(gbk, `${t}.csv`));
  return { dir, datasets, dataset, csvFiles, counts: JSON.parse(fs.readFileSync(path.join(dir, 'rows.json'), 'utf8')) as Record<string, number> };
}

function machine() {
  let chromium = 'unknown';
  try {
    chromium = execFileSync('/usr/bin/chromium', ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    // reported as unknown
  }
  return { cpus: os.cpus().length, cpu_model: os.cpus()[0]?.model ?? 'unknown', memory_gb: Math.round(os.totalmem() / 2 ** 30), os: `${os.type()} ${os.release()}`, node: process.version, chromium };
}

async function main() {
  const rows = Number(arg('rows') ?? 1_000_000);
  const seed = Number(arg('seed') ?? 1);
  const runs = Math.max(3, Number(arg('runs') ?? 3));
  const jsonFile = arg('json');
  // Its own build of the current code, so that a stale dist/ cannot be what is measured.
  const dist = path.join(ROOT, '.bench', 'dist');
  execFileSync('npx', ['vite', 'build', '--outDir', dist, '--emptyOutDir'], { cwd: ROOT, stdio: 'ignore' });

  const t0 = performance.now();
  const sample = await prepare(rows, seed);
  const manifest = parseManifest(JSON.parse(fs.readFileSync(path.join(sample.dataset, MANIFEST), 'utf8')));

  // Node: both engines hold the same tables; the rule engine, then each dashboard query on both.
  const wasm = await openNodeEngine();
  await new DatasetSession(manifest, wasm, datasetReader(sample.dataset)).ensure(DATA_TABLES);
  const native = await openNativeEngine();
  await attachDataset(native, sample.dataset);
  for (const t of DATA_TABLES) await native.exec(`CREATE OR REPLACE TABLE ${t}_t AS SELECT * FROM ${t}; DROP VIEW ${t}; ALTER TABLE ${t}_t RENAME TO ${t}`);
  let peakRss = process.memoryUsage().rss;
  const rulesMs = await timeIt(() => analyse(wasm), runs);
  // Of which the views' cache (built at the end of every analysis): timed on its own.
  const cacheMs = await timeIt(() => buildViewCache(wasm), runs);
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  const rulesNativeMs = await timeIt(() => analyse(native), runs);
  const copied = { wasm: await copiedScope(wasm), native: await copiedScope(native) };
  const queries = [];
  // The department a view shows on its own: the 三公 view's first riser, as a click on it opens.
  // (A sample with no riser: its first department with a 三公 line.)
  const risers = await sangongRisers(native, {}, 1);
  const [riser] = risers.length ? risers : await sangongByDepartment(native, {});
  if (!riser) throw new Error('the sample has no 三公 line: sangong.by_department cannot be timed');
  const picked: DepartmentKey = { department: riser.department, region: riser.region };
  for (const [name, q] of DASHBOARD) {
    const wasmMs = await timeIt(() => q(wasm, {}, picked), runs);
    const nativeMs = await timeIt(() => q(native, {}, picked), runs);
    queries.push({ name, wasm_ms: round(wasmMs), native_ms: round(nativeMs), ratio: round(wasmMs / Math.max(nativeMs, 0.01), 2) });
  }
  await wasm.close();
  await native.close();

  const documents = await documentSet(seed);
  const browser = await measureBrowser({ root: ROOT, dist, datasets: sample.datasets, dataset: 'province', csvFiles: sample.csvFiles, runs, years: [...new Set(manifest.tables.evaluations.map((f) => f.year).filter((y): y is number => y != null))], documents });
  const docs = await measureDocuments(documents, runs);
  const csvEngineMbPerS = await duckdbReadCsvMbPerS(sample.csvFiles, runs);
  const worker = browser.docs_worker;
  // The country on one server: minutes, so only when asked for (--national-rows for a smaller country).
  const national = process.argv.includes('--national')
    ? await measureNational({ root: ROOT, dist, runs, seed, provinceDataset: sample.dataset, rows: arg('national-rows') ? Number(arg('national-rows')) : undefined })
    : null;
  const figures = {
    rows: sample.counts.indicators,
    forms: sample.counts.evaluations,
    runs,
    page_to_charts_ms: round(browser.page_to_charts_ms),
    page_to_charts_cold_ms: round(browser.page_to_charts_cold_ms),
    page_requests: browser.page_requests,
    filter_ms: round(browser.filter_ms),
    filter_findings_ms: round(browser.filter_findings_ms),
    filter_views_ms: Object.fromEntries(Object.entries(browser.filter_views_ms).map(([v, ms]) => [v, round(ms)])),
    rules_ms: round(rulesMs),
    rules_native_ms: round(rulesNativeMs),
    view_cache_ms: round(cacheMs),
    /** The rule engine on DuckDB-WASM over the same pass on native DuckDB (2 threads here), same run. */
    rules_vs_native: round(rulesMs / rulesNativeMs, 2),
    /** Whether copied-indicators found near-copies across regions, on both engines, and for how many forms. */
    copied_scope: copied.wasm.scope === copied.native.scope ? copied.wasm.scope : `${copied.wasm.scope} (wasm) / ${copied.native.scope} (native)`,
    copied_cross_region_forms: copied.wasm.forms,
    csv_ingest_mb_per_s: round(browser.csv_ingest_mb_per_s, 1),
    csv_ingest_mb: round(browser.csv_ingest_bytes / 2 ** 20, 1),
    /** DuckDB-WASM's read_csv (Node) on the same files decoded to UTF-8, and our ingest over it. */
    csv_engine_mb_per_s: round(csvEngineMbPerS, 1),
    csv_ingest_vs_engine: round(browser.csv_ingest_mb_per_s / csvEngineMbPerS, 2),
    peak_memory_mb: round(browser.peak_memory_mb),
    peak_memory_over_file: round(browser.memory_over_file, 2),
    long_tasks_during_ingest: browser.long_frames_during_ingest,
    node_peak_rss_mb: round(peakRss / 2 ** 20),
    js_gzip_kb: round(initialJsGzipKb(dist), 1),
    off_origin_requests: browser.off_origin_requests,
    /** Node: reader + recogniser over generated 附件 documents. */
    docs_forms_per_s: { docx: round(docs.docx), xlsx: round(docs.xlsx), html: round(docs.html), pdf_pages: round(docs.pdf_pages, 1) },
    /** The same documents in the browser's ingest worker. */
    docs_worker_forms_per_s: { docx: round(worker.docx), xlsx: round(worker.xlsx), html: round(worker.html), pdf_pages: round(worker.pdf_pages, 1) },
    queries,
    ...(national && {
      national_rows: national.national_rows,
      national_forms: national.national_forms,
      national_native_ms: round(national.national_native_ms),
      national_peak_mb: round(national.national_peak_mb),
      national_memory_limit: national.national_memory_limit,
      province_native_ms: round(national.province_native_ms),
      national_vs_province: round(national.national_vs_province, 2),
      national_rows_vs_province: round(national.national_rows_vs_province, 2),
      national_page_to_charts_ms: round(national.national_page_to_charts_ms),
      national_page_to_charts_cold_ms: round(national.national_page_to_charts_cold_ms),
      national_page_mb: round(national.national_page_mb, 1),
      national_county_findings_ms: round(national.national_county_findings_ms),
      national_county_findings_cold_ms: round(national.national_county_findings_cold_ms),
      national_county_findings_mb: round(national.national_county_findings_mb, 1),
      national_county: national.national_county,
    }),
    machine: machine(),
    bench_s: round((performance.now() - t0) / 1000),
  };
  const worstRatio = Math.max(...queries.map((q) => q.ratio));
  // [name, what was measured, the measure, the limit, whether lower is better]
  const limits: [string, string, number, number, boolean][] = [
    ['page → overview charts', `${figures.page_to_charts_ms} ms (cold ${figures.page_to_charts_cold_ms} ms) ≤ 3000`, figures.page_to_charts_ms, 3000, true],
    ['filter change, every filtered view (worst)', `${Object.entries(figures.filter_views_ms).map(([v, ms]) => `${v} ${ms}`).join(' / ')} ms ≤ 200`, Math.max(...Object.values(browser.filter_views_ms)), 200, true],
    ['rule engine (DuckDB-WASM)', `${figures.rules_ms} ms ≤ 5000 (of which the views' cache ${figures.view_cache_ms} ms; native ${figures.rules_native_ms} ms)`, figures.rules_ms, 5000, true],
    ['rules / native DuckDB, same run', `${figures.rules_vs_native} × ≤ 1.5 ×`, figures.rules_vs_native, 1.5, true],
    ['GBK CSV ingest', `${figures.csv_ingest_mb_per_s} MB/s ≥ 20 (${figures.csv_ingest_mb} MB)`, figures.csv_ingest_mb_per_s, 20, false],
    ['CSV ingest / DuckDB-WASM read_csv, same run', `${figures.csv_ingest_vs_engine} × ≥ 0.5 × (read_csv ${figures.csv_engine_mb_per_s} MB/s)`, figures.csv_ingest_vs_engine, 0.5, false],
    ['near-copies across regions (copied-indicators, both engines)', `${figures.copied_scope}: ${copied.wasm.forms} / ${copied.native.forms} forms link another region's ≥ 1 (${copied.wasm.regions} regions in the sample)`, Math.min(copied.wasm.forms, copied.native.forms), 1, false],
    ['peak memory during ingest', `${figures.peak_memory_mb} MB = ${figures.peak_memory_over_file} × file ≤ 3 ×`, figures.peak_memory_over_file, 3, true],
    ['WASM / native per query (worst)', `${worstRatio} × ≤ 3 ×`, worstRatio, 3, true],
    ['initial JavaScript (gzip)', `${figures.js_gzip_kb} KB ≤ 400`, figures.js_gzip_kb, 400, true],
    ['documents read (Node), slowest of docx / xlsx / html', `${figures.docs_forms_per_s.docx} / ${figures.docs_forms_per_s.xlsx} / ${figures.docs_forms_per_s.html} forms/s ≥ 50`, Math.min(docs.docx, docs.xlsx, docs.html), 50, false],
    ['PDF pages read (Node)', `${figures.docs_forms_per_s.pdf_pages} pages/s ≥ 10`, docs.pdf_pages, 10, false],
    ['documents read (ingest worker), slowest of docx / xlsx / html', `${figures.docs_worker_forms_per_s.docx} / ${figures.docs_worker_forms_per_s.xlsx} / ${figures.docs_worker_forms_per_s.html} forms/s ≥ 50`, Math.min(worker.docx, worker.xlsx, worker.html), 50, false],
    ['PDF pages read (ingest worker)', `${figures.docs_worker_forms_per_s.pdf_pages} pages/s ≥ 10`, worker.pdf_pages, 10, false],
    ...(national
      ? ([
          [`national analysis (native, ${national.national_rows.toLocaleString()} rows)`, `${round(national.national_native_ms)} ms ≤ 120000 (${round(national.national_vs_province, 1)} × the province's ${round(national.province_native_ms)} ms for ${round(national.national_rows_vs_province, 1)} × the rows)`, national.national_native_ms, 120_000, true],
          ['national dataset: page → overview charts', `${round(national.national_page_to_charts_ms)} ms (cold ${round(national.national_page_to_charts_cold_ms)} ms; ${round(national.national_page_mb, 1)} MB of the dataset) ≤ 3000`, national.national_page_to_charts_ms, 3000, true],
          [`national dataset: page → one county's findings`, `${round(national.national_county_findings_ms)} ms (cold ${round(national.national_county_findings_cold_ms)} ms; ${round(national.national_county_findings_mb, 1)} MB of the dataset; ${national.national_county}) ≤ 1000`, national.national_county_findings_ms, 1000, true],
          ['national peak memory (native)', `${round(national.national_peak_mb)} MB ≤ 8192 (memory_limit ${national.national_memory_limit})`, national.national_peak_mb, 8192, true],
        ] as [string, string, number, number, boolean][])
      : []),
    ['requests off this origin', `${figures.off_origin_requests} = 0`, figures.off_origin_requests, 0, true],
  ];
  const targets: [string, string, boolean][] = limits.map(([name, value, x, limit, lower]) => {
    const met = lower ? x <= limit : x >= limit;
    // How far off: the measure over the limit (or the limit over the measure when higher is better).
    const by = met || limit === 0 || x === 0 ? '' : `  — missed by ${round(100 * ((lower ? x / limit : limit / x) - 1))} %`;
    return [name, value + by, met];
  });
  const width = Math.max(...targets.map(([l]) => l.length));
  const lines = [
    `${figures.rows.toLocaleString()} indicator rows, ${figures.forms.toLocaleString()} forms; medians of ${runs} runs; ${figures.machine.cpus} × ${figures.machine.cpu_model}`,
    ...targets.map(([l, v, ok]) => `${ok ? 'met   ' : 'MISSED'}  ${l.padEnd(width)}  ${v}`),
    '',
    `${'query'.padEnd(40)} ${'wasm ms'.padStart(9)} ${'native ms'.padStart(10)} ${'ratio'.padStart(6)}`,
    ...queries.map((q) => `${q.name.padEnd(40)} ${String(q.wasm_ms).padStart(9)} ${String(q.native_ms).padStart(10)} ${String(q.ratio).padStart(6)}`),
  ];
  if (targets.some(([, , met]) => !met)) lines.push('', 'Why a target is missed, and what would close it: README.md, section "Speed and memory".');
  await print(lines.join('\n') + '\n');
  if (jsonFile) fs.writeFileSync(jsonFile, JSON.stringify({ ...figures, targets: targets.map(([name, value, met]) => ({ name, value, met })) }, null, 2));
}

const round = (x: number, places = 0) => Math.round(x * 10 ** places) / 10 ** places;

main().then(
  () => process.exit(0),
  (e) => {
    process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
    process.exit(1);
  },
);
