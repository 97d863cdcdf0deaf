// The benchmark's national run (`npm run bench -- --national`): the country on one server.
// The generator's national scale (30 provinces, ≈ 25 M indicator rows in one year) is ingested once
// into a dataset by native DuckDB; what is timed is what an analyst runs on it,
// `analyze --engine native DATASET`: the dataset attached in place (views over Hive-partitioned
// Parquet) and every rule run, within a DuckDB memory_limit that spills to disk rather than dies.
// The same is timed on the province dataset of the same run, so the ratio shows how the cost grows.
// In Chromium, the built app opens the national dataset: to the overview, and to one county's findings.
import fs from 'node:fs';
import path from 'node:path';
import { analyse } from '../analysis/analyse';
import { parseUrl, urlSearch } from '../app/state/url';
import { openNativeEngine } from '../db/native';
import { MANIFEST, parseManifest, rulesFingerprint } from '../dataset/manifest';
import { attachDataset, writeDataset } from '../dataset/write';
import { generate } from '../generate/generate';
import { loadFiles } from '../ingest/load';
import { readInputFiles } from '../ingest/node';
import { findingsReady, inBrowser, overviewDrawn, timeOpening, type AppInBrowser } from './browser';

export interface NationalFigures {
  national_rows: number;
  national_forms: number;
  national_native_ms: number;
  /** The process's peak resident memory during the timed run (native DuckDB lives in it). */
  national_peak_mb: number;
  national_memory_limit: string;
  province_native_ms: number;
  /** national_native_ms / province_native_ms, and the same for the indicator rows: cost growth against size growth. */
  national_vs_province: number;
  national_rows_vs_province: number;
  /** The page opened on the national dataset until the overview's charts are drawn (median after a cold opening). */
  national_page_to_charts_ms: number;
  national_page_to_charts_cold_ms: number;
  /** What the server sent of the dataset for that opening, in MB. */
  national_page_mb: number;
  /** The page opened on one county's findings (the county with the most indicator rows), until the view is ready. */
  national_county_findings_ms: number;
  national_county_findings_cold_ms: number;
  national_county_findings_mb: number;
  national_county: string;
}

const manifestOf = (dataset: string) => parseManifest(JSON.parse(fs.readFileSync(path.join(dataset, MANIFEST), 'utf8')));

/** Whether a dataset left by an earlier run was written by this code's rule catalogue. */
export function datasetIsCurrent(dataset: string): boolean {
  try {
    return manifestOf(dataset).rules === rulesFingerprint();
  } catch {
    return false;
  }
}

const indicatorRows = (dataset: string) => manifestOf(dataset).tables.indicators.reduce((a, f) => a + f.rows, 0);

/** The region with the most indicator rows: the heaviest county's findings are the ones timed. */
function biggestRegion(dataset: string): string {
  const rows = new Map<string, number>();
  for (const f of manifestOf(dataset).tables.indicators) if (f.region != null) rows.set(f.region, (rows.get(f.region) ?? 0) + f.rows);
  const [region] = [...rows].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0] ?? [];
  if (region == null) throw new Error(`no region in ${dataset}`);
  return region;
}

const mb = (served: AppInBrowser['served']) => served.reduce((a, r) => a + r.bytes, 0) / 2 ** 20;

/** The built app on the national dataset in Chromium: the overview, then one county's findings, each opened from a fresh page. */
export async function measureNationalPage(options: { root: string; dist: string; dataset: string; runs: number }) {
  const county = biggestRegion(options.dataset);
  // The URL as the app writes it (app/state/url.ts), so that a renamed parameter cannot go unnoticed.
  const at = (view: 'overview' | 'findings', regions: string[]) =>
    urlSearch({ route: { ...parseUrl('').route, view, regions }, lang: 'zh', dataset: `datasets/${path.basename(options.dataset)}/` });
  return inBrowser({ root: options.root, dist: options.dist, datasets: path.dirname(options.dataset) }, async (app) => {
    const overview = await timeOpening(app, `/${at('overview', [])}`, options.runs, overviewDrawn);
    const findings = await timeOpening(app, `/${at('findings', [county])}`, options.runs, findingsReady);
    return {
      national_page_to_charts_ms: overview.ms,
      national_page_to_charts_cold_ms: overview.cold_ms,
      national_page_mb: mb(overview.served),
      national_county_findings_ms: findings.ms,
      national_county_findings_cold_ms: findings.cold_ms,
      national_county_findings_mb: mb(findings.served),
      national_county: county,
    };
  });
}

/** The national dataset, generated and ingested once per size and seed (its Parquet exports removed after). */
export async function prepareNational(root: string, rows: number | undefined, seed: number, memoryLimit: string): Promise<{ dataset: string; forms: number }> {
  const dir = path.join(root, '.bench', `national-${rows ?? 'full'}-${seed}`);
  const dataset = path.join(dir, 'dataset');
  if (!datasetIsCurrent(dataset)) {
    fs.rmSync(dir, { recursive: true, force: true });
    const exports = path.join(dir, 'exports');
    const summary = await generate({ scale: 'national', rows, seed, format: 'parquet', encoding: 'utf8', out: exports, headers: 'zh' });
    const engine = await openNativeEngine({ memoryLimit });
    try {
      await loadFiles(engine, readInputFiles(fs.readdirSync(exports).filter((f) => f.endsWith('.parquet')).map((f) => path.join(exports, f))));
      await analyse(engine);
      await writeDataset(engine, dataset, []);
    } finally {
      await engine.close();
    }
    fs.rmSync(exports, { recursive: true, force: true });
    fs.writeFileSync(path.join(dir, 'rows.json'), JSON.stringify(summary.rows));
  }
  return { dataset, forms: JSON.parse(fs.readFileSync(path.join(dir, 'rows.json'), 'utf8')).evaluations };
}

/** `analyze --engine native DATASET`'s work, timed, with the process's peak RSS sampled meanwhile. */
export async function timeNativeAnalysis(dataset: string, memoryLimit: string): Promise<{ ms: number; peakMb: number }> {
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 100);
  const engine = await openNativeEngine({ memoryLimit });
  try {
    const t0 = performance.now();
    await attachDataset(engine, dataset);
    const { failedRules } = await analyse(engine);
    if (failedRules.length) throw new Error(`rules failed on ${dataset}: ${failedRules.map((f) => `${f.rule}: ${f.message}`).join('; ')}`);
    return { ms: performance.now() - t0, peakMb: Math.max(peak, process.memoryUsage().rss) / 2 ** 20 };
  } finally {
    clearInterval(sampler);
    await engine.close();
  }
}

export async function measureNational(options: { root: string; dist: string; runs: number; rows?: number; seed: number; provinceDataset: string; memoryLimit?: string }): Promise<NationalFigures> {
  const memoryLimit = options.memoryLimit ?? '8GB';
  const { dataset, forms } = await prepareNational(options.root, options.rows, options.seed, memoryLimit);
  const province = await timeNativeAnalysis(options.provinceDataset, memoryLimit);
  const national = await timeNativeAnalysis(dataset, memoryLimit);
  const page = await measureNationalPage({ root: options.root, dist: options.dist, dataset, runs: options.runs });
  const rows = indicatorRows(dataset);
  return {
    ...page,
    national_rows: rows,
    national_forms: forms,
    national_native_ms: national.ms,
    national_peak_mb: national.peakMb,
    national_memory_limit: memoryLimit,
    province_native_ms: province.ms,
    national_vs_province: national.ms / province.ms,
    national_rows_vs_province: rows / indicatorRows(options.provinceDataset),
  };
}
