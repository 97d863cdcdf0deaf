// Native DuckDB (@duckdb/node-api, multi-threaded) behind the same Engine face, for data that
// outgrows the browser: the CLI's `--engine native`, the benchmark's side-by-side figures, and
// Hive-partitioned Parquet read in place. The SQL above `db/` is the same text on both engines.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Decimal from 'decimal.js';
import { DuckDBDecimalValue, DuckDBInstance, DuckDBListValue, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
import { LOCKDOWN_SQL, setOwn, type Engine, type Row, type SqlParam } from './engine';
import { createSchema } from './schema';
import { readParquetIPC, writeParquetFromIPC } from '../ingest/parquet';

/** The same plain values as `rowsOf` gives for WASM: DECIMAL as exact strings, safe integers as numbers. */
function plain(v: DuckDBValue): unknown {
  if (v == null) return null;
  if (typeof v === 'bigint') return v <= BigInt(Number.MAX_SAFE_INTEGER) && v >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(v) : v.toString();
  if (typeof v !== 'object') return v;
  if (v instanceof DuckDBDecimalValue) return new Decimal(v.toString()).toFixed();
  if (v instanceof DuckDBListValue) return v.items.map(plain);
  if (v instanceof Uint8Array) return v;
  return v.toString();
}

export interface NativeOptions {
  /** Worker threads; DuckDB's default is every core. */
  threads?: number;
  /**
   * DuckDB's `memory_limit` ('8GB'): past it, joins, sorts and aggregates spill to a folder of the
   * engine's scratch directory instead of failing, so a national collection runs within a budget.
   * DuckDB's default is 80 % of the machine's memory. With a limit, the tables also live in a database
   * file of the scratch directory rather than in memory: stored compressed, the national collection's
   * evaluations and indicators take about 1 GB there, 7.6 GB as in-memory tables (measured), which
   * left the analysis no room under 8 GB.
   */
  memoryLimit?: string;
}

/** '8GB', '512MB', '1.5GiB' — what DuckDB's memory_limit takes. */
const MEMORY = /^\d+(\.\d+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i;

export async function openNativeEngine(options: NativeOptions = {}): Promise<Engine> {
  if (options.memoryLimit != null && !MEMORY.test(options.memoryLimit)) throw new Error(`memory limit must read like 8GB or 512MB, not "${options.memoryLimit}"`);
  // Staging goes through Parquet files: native DuckDB reads Parquet without any extension download.
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'selfeval-native-'));
  // A partitioned COPY (dataset/write.ts) flushes each thread's partition buffers every 10,000 rows
  // rather than DuckDB's 524,288: with a county's few hundred rows per partition, the default holds
  // thousands of partitions' buffers at once.
  const config: Record<string, string> = { temp_directory: path.join(scratch, 'spill'), partitioned_write_flush_threshold: '10000' };
  if (options.threads) config.threads = String(options.threads);
  if (options.memoryLimit) config.memory_limit = options.memoryLimit;
  const instance = await DuckDBInstance.create(options.memoryLimit ? path.join(scratch, 'tables.duckdb') : ':memory:', config);
  const conn = await instance.connect();
  let serial = 0;
  const scratchFile = () => path.join(scratch, `${serial++}.parquet`).replaceAll("'", "''");
  for (const s of LOCKDOWN_SQL) await conn.run(s);
  const engine = onConnection(instance, conn, scratchFile, async () => {
    conn.closeSync();
    instance.closeSync();
    fs.rmSync(scratch, { recursive: true, force: true });
  });
  await createSchema(engine);
  return engine;
}

function onConnection(instance: DuckDBInstance, conn: DuckDBConnection, scratchFile: () => string, close: () => Promise<void>): Engine {
  return {
    async query<T = Row>(sql: string, params: SqlParam[] = []) {
      const reader = await conn.runAndReadAll(sql, params.length ? params : undefined);
      // getRowObjects() assigns by name, so a column named __proto__ would be lost there.
      const names = reader.columnNames();
      return reader.getRows().map((r) => {
        const row: Row = {};
        for (let c = 0; c < names.length; c++) setOwn(row, names[c], plain(r[c]));
        return row as T;
      });
    },
    async exec(sql) {
      await conn.run(sql);
    },
    async queryIPC(sql, params = []) {
      const file = scratchFile();
      if (params.length) {
        // COPY takes no parameters: materialise the parameterised result first.
        await conn.run(`CREATE OR REPLACE TEMP TABLE _export AS ${sql}`, params);
        await conn.run(`COPY _export TO '${file}' (FORMAT parquet)`);
        await conn.run('DROP TABLE _export');
      } else {
        await conn.run(`COPY (${sql}) TO '${file}' (FORMAT parquet)`);
      }
      try {
        return await readParquetIPC(new Uint8Array(fs.readFileSync(file)));
      } finally {
        fs.rmSync(file, { force: true });
      }
    },
    async insertIPC(table, ipc, create) {
      const file = scratchFile();
      fs.writeFileSync(file, await writeParquetFromIPC(ipc));
      try {
        await conn.run(create ? `CREATE OR REPLACE TABLE ${table} AS SELECT * FROM read_parquet('${file}')` : `INSERT INTO ${table} SELECT * FROM read_parquet('${file}')`);
      } finally {
        fs.rmSync(file, { force: true });
      }
    },
    async connect() {
      const other = await instance.connect();
      return onConnection(instance, other, scratchFile, async () => other.closeSync());
    },
    async cancel() {
      conn.interrupt();
      return true;
    },
    close,
    // copied-indicators at national size: its CTEs held in memory ran out of 8 GB; as tables, it runs.
    stepsAsTables: true,
  };
}
