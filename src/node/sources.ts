// What every CLI opens: an engine (DuckDB-WASM, as the app runs, or native DuckDB for data that
// outgrows it) and the data — export files and folders through ingest, or a dataset folder
// (manifest.json + Hive-partitioned Parquet, see src/dataset/).
import fs from 'node:fs';
import path from 'node:path';
import type { Engine } from '../db/engine';
import { openNativeEngine } from '../db/native';
import { openNodeEngine } from '../db/node';
import { DatasetSession, type ReadPartitions } from '../dataset/load';
import { DATA_TABLES } from '../db/schema';
import { MANIFEST, REPORT_TABLES, parseManifest } from '../dataset/manifest';
import { attachDataset, isDataset } from '../dataset/write';
import { loadFiles, loadReportFromTables } from '../ingest/load';
import { readInputFiles } from '../ingest/node';
import type { ReadOptions } from '../ingest/read';
import { concatIPC, readParquetIPC } from '../ingest/parquet';
import type { LoadReport } from '../ingest/types';

export const ENGINES = ['wasm', 'native'] as const;
export type EngineKind = (typeof ENGINES)[number];

/** `--engine wasm|native` (default wasm: the app's own engine). */
export function engineArg(argv: string[]): EngineKind {
  const i = argv.indexOf('--engine');
  if (i < 0) return 'wasm';
  const kind = argv[i + 1] as EngineKind;
  if (!ENGINES.includes(kind)) throw new Error(`--engine must be ${ENGINES.join(' or ')}, not ${argv[i + 1] ?? '(nothing)'}`);
  return kind;
}

/** A dataset's files read from disk, for DuckDB-WASM in Node. */
export const datasetReader =
  (dir: string): ReadPartitions =>
  async (files) =>
    concatIPC(await Promise.all(files.map((f) => readParquetIPC(new Uint8Array(fs.readFileSync(path.join(dir, f.path)))))));

/** `--memory-limit 8GB`: native DuckDB's budget, spilling to disk beyond it (DuckDB-WASM has the browser's). */
export function memoryLimitArg(argv: string[], kind: EngineKind): string | undefined {
  const i = argv.indexOf('--memory-limit');
  if (i < 0) return undefined;
  if (kind !== 'native') throw new Error('--memory-limit is for --engine native');
  const limit = argv[i + 1];
  if (!limit || limit.startsWith('--')) throw new Error('--memory-limit needs a size, e.g. --memory-limit 8GB');
  return limit;
}

export const openEngine = (kind: EngineKind, memoryLimit?: string): Promise<Engine> =>
  kind === 'native' ? openNativeEngine({ memoryLimit }) : openNodeEngine();

/** `--region NAME`: the region of the files read that name none. */
export function readOptionsArg(argv: string[]): ReadOptions {
  const i = argv.indexOf('--region');
  if (i < 0) return {};
  const region = argv[i + 1];
  if (!region || region.startsWith('--')) throw new Error('--region needs a name, e.g. --region 汨罗市');
  return { region };
}

/**
 * Loads `paths` into `engine` (one load; `options` as readFile takes them). A dataset folder is read in place by native DuckDB (views over its
 * Parquet, Hive-partitioned) and file by file by DuckDB-WASM; anything else goes through ingest.
 */
export async function openSources(engine: Engine, kind: EngineKind, paths: string[], options: ReadOptions = {}): Promise<LoadReport> {
  const datasets = paths.filter((p) => fs.existsSync(p) && fs.statSync(p).isDirectory() && isDataset(p));
  if (datasets.length === 0) return loadFiles(engine, readInputFiles(paths), options);
  if (paths.length > 1) throw new Error('一次只能打开一个数据集 / open one dataset at a time, without other files');
  if (options.region) throw new Error('--region 只用于读取的文件，数据集已注明地区 / --region is for files read, not for a dataset');
  const dir = datasets[0];
  if (kind === 'native') {
    await attachDataset(engine, dir);
  } else {
    const manifest = parseManifest(JSON.parse(fs.readFileSync(path.join(dir, MANIFEST), 'utf8')));
    const session = new DatasetSession(manifest, engine, datasetReader(dir));
    await session.ensure([...DATA_TABLES, ...REPORT_TABLES]);
  }
  return loadReportFromTables(engine);
}
