// The benchmark's national run (`npm run bench -- --national`): the country on one server.
// The generator's national scale (30 provinces, ≈ 25 M indicator rows in one year) is ingested once
// into a dataset by native DuckDB; what is timed is what an analyst runs on it,
// `analyze --engine native DATASET`: the dataset attached in place (views over Hive-partitioned
// Parquet) and every rule run, within a DuckDB memory_limit that spills to disk rather than dies.
// The same is timed on the province dataset of the same run, so the ratio shows how the cost grows.
import fs from 'node:fs';
import path from 'node:path';
import { analyse } from '../analysis/analyse';
import { openNativeEngine } from '../db/native';
import { MANIFEST, parseManifest, rulesFingerprint } from '../dataset/manifest';
import { attachDataset, writeDataset } from '../dataset/write';
import { generate } from '../generate/generate';
import { loadFiles } from '../ingest/load';
import { readInputFiles } from '../ingest/node';

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
}

/** Whether a dataset left by an earlier run was written by this code's rule catalogue. */
export function datasetIsCurrent(dataset: string): boolean {
  try {
    return parseManifest(JSON.parse(fs.readFileSync(path.join(dataset, MANIFEST), 'utf8'))).rules === rulesFingerprint();
  } catch {
    return false;
  }
}

const indicatorRows = (dataset: string) =>
  parseManifest(JSON.parse(fs.readFileSync(path.join(dataset, MANIFEST), 'utf8'))).tables.indicators.reduce((a, f) => a + f.rows, 0);

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

export async function measureNational(options: { root: string; rows?: number; seed: number; provinceDataset: string; memoryLimit?: string }): Promise<NationalFigures> {
  const memoryLimit = options.memoryLimit ?? '8GB';
  const { dataset, forms } = await prepareNational(options.root, options.rows, options.seed, memoryLimit);
  const province = await timeNativeAnalysis(options.provinceDataset, memoryLimit);
  const national = await timeNativeAnalysis(dataset, memoryLimit);
  const rows = indicatorRows(dataset);
  return {
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
