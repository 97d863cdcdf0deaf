// Writes the loaded tables and the analysis as a dataset (see manifest.ts). Needs an engine that
// writes Parquet itself — native DuckDB (db/native.ts): DuckDB-WASM cannot offline.
import fs from 'node:fs';
import path from 'node:path';
import type { Engine } from '../db/engine';
import { viewCache } from '../analysis/queries/cache-state';
import { BY_REGION, DATASET_FORMAT, MANIFEST, PARTITIONED_TABLES, REPORT_TABLES, WHOLE_TABLES, rulesFingerprint, type DatasetManifest, type DatasetTable, type PartitionFile } from './manifest';

const quote = (p: string) => `'${p.replaceAll("'", "''")}'`;

/**
 * What each partitioned table is written from (indicators carry their form's year and region), in
 * partition order. DuckDB's partitioned COPY keeps, per thread, a buffer for every partition its rows
 * have reached since the last flush: unordered rows of a country's ~9,000 counties reach them all and
 * outgrow any memory limit (the findings of the national run did at 8 GB). Ordered rows, flushed often
 * (native.ts sets the flush threshold), keep a few partitions open at a time.
 */
function source(table: (typeof PARTITIONED_TABLES)[number], keys: string): string {
  return table === 'indicators'
    ? 'SELECT i.*, e.year, e.region FROM indicators i JOIN evaluations e USING (eval_id) ORDER BY e.year, e.region, i.eval_id, i.seq'
    : `SELECT * FROM ${table} ORDER BY ${keys}`;
}

/** One row per written file: its year and region (the files keep those columns; region only when split by it) and its row count. */
async function describe(engine: Engine, dir: string, glob: string, byRegion: boolean): Promise<PartitionFile[]> {
  const rows = await engine.query<{ file: string; year: number | null; region: string | null; rows: number }>(
    `SELECT filename AS file, any_value(year) AS year, ${byRegion ? 'any_value(region)' : 'NULL::VARCHAR'} AS region, count(*)::INTEGER AS rows
     FROM read_parquet(${quote(path.join(dir, glob))}, filename = true, hive_partitioning = false) GROUP BY filename ORDER BY filename`,
  );
  return rows.map((r) => ({ path: path.relative(dir, r.file).split(path.sep).join('/'), year: r.year, region: r.region, rows: r.rows, bytes: fs.statSync(r.file).size }));
}

/** An empty table is written as no file (at most an empty folder), which read_parquet would refuse. */
const holdsParquet = (folder: string) =>
  fs.existsSync(folder) && fs.readdirSync(folder, { recursive: true }).some((f) => String(f).endsWith('.parquet'));

export async function writeDataset(engine: Engine, dir: string, settings: string[]): Promise<DatasetManifest> {
  fs.mkdirSync(dir, { recursive: true });
  if (fs.readdirSync(dir).length > 0) throw new Error(`输出目录不是空的 / output folder is not empty: ${dir}`);
  const tables = {} as Record<DatasetTable, PartitionFile[]>;
  for (const t of PARTITIONED_TABLES) {
    const out = path.join(dir, t);
    // Partition columns are kept inside the files too, so a browser reading one file needs no path parsing.
    const keys = BY_REGION.includes(t) ? 'year, region' : 'year';
    await engine.exec(`COPY (${source(t, keys)}) TO ${quote(out)} (FORMAT parquet, PARTITION_BY (${keys}), WRITE_PARTITION_COLUMNS true, ROW_GROUP_SIZE 100000)`);
    tables[t] = holdsParquet(out) ? await describe(engine, dir, `${t}/**/*.parquet`, BY_REGION.includes(t)) : [];
  }
  const cache = viewCache(engine) ?? null;
  for (const t of WHOLE_TABLES) {
    if (!cache && !(REPORT_TABLES as readonly string[]).includes(t)) {
      tables[t] = [];
      continue;
    }
    const file = path.join(dir, `${t}.parquet`);
    await engine.exec(`COPY (SELECT * FROM ${t}) TO ${quote(file)} (FORMAT parquet)`);
    const [{ n }] = await engine.query<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM ${t}`);
    tables[t] = [{ path: `${t}.parquet`, year: null, region: null, rows: n, bytes: fs.statSync(file).size }];
  }
  const manifest: DatasetManifest = { format: DATASET_FORMAT, created: new Date().toISOString(), settings, rules: rulesFingerprint(), viewCache: cache, tables };
  fs.writeFileSync(path.join(dir, MANIFEST), JSON.stringify(manifest, null, 1));
  return manifest;
}

/**
 * Native DuckDB reads a dataset in place: the data tables become views over the Parquet files with
 * Hive partitioning, so a query filtered on year or region opens only those folders. The cached
 * analysis is not attached: the caller runs the rules again, the same SQL as everywhere.
 */
export async function attachDataset(engine: Engine, dir: string): Promise<void> {
  for (const t of ['evaluations', 'indicators', 'spending', 'staffing'] as const) {
    if (!holdsParquet(path.join(dir, t))) continue; // nothing of that table: its empty table stays
    const files = path.join(dir, t, '**', '*.parquet');
    const extra = t === 'indicators' ? ' EXCLUDE (year, region)' : '';
    await engine.exec(`DROP TABLE IF EXISTS ${t}; CREATE OR REPLACE VIEW ${t} AS SELECT *${extra} FROM read_parquet(${quote(files)},
      hive_partitioning = true, hive_types = {${BY_REGION.includes(t) ? "'year': INTEGER, 'region': VARCHAR" : "'year': INTEGER"}})`);
  }
  for (const t of REPORT_TABLES) {
    await engine.exec(`DELETE FROM ${t}; INSERT INTO ${t} SELECT * FROM read_parquet(${quote(path.join(dir, `${t}.parquet`))})`);
  }
}

export const isDataset = (dir: string) => fs.existsSync(path.join(dir, MANIFEST));
