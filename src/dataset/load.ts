// Opening a dataset (manifest.ts) into an engine, partition by partition: only the files a view
// needs, each once. How the files' bytes arrive (HTTP in the browser, the disk in Node) is the
// caller's `read`, which returns a batch of files of one table as one Arrow IPC stream: a province
// has hundreds of small partitions, and one insert per batch beats one per file.
import { dropDerived } from '../analysis/derived/objects';
import type { Engine } from '../db/engine';
import type { Filters } from '../analysis/queries/filters';
import { filesFor, type DatasetManifest, type DatasetTable, type PartitionFile } from './manifest';

export type ReadPartitions = (files: PartitionFile[]) => Promise<Uint8Array>;

/** Files per read: enough to make inserts few, small enough that reading overlaps inserting. */
const BATCH_BYTES = 4 * 1024 * 1024;
/** Batches read ahead of the one being inserted: reading and inserting run in different workers. */
const PREFETCH = 3;

function batches(files: PartitionFile[]): PartitionFile[][] {
  const out: PartitionFile[][] = [];
  let size = Infinity;
  for (const f of files) {
    if (size >= BATCH_BYTES) out.push([]), (size = 0);
    out[out.length - 1].push(f);
    size += f.bytes;
  }
  return out;
}

const STAGE = '_dataset_stage';

/**
 * The columns of `table` as the schema (or a previous load) made it, or null when it is no table yet:
 * absent, or the analysis' view of it (analysis/schema.ts), which the dataset's table then replaces.
 */
async function columnsOf(engine: Engine, table: string): Promise<string[] | null> {
  const rows = await engine.query<{ c: string }>(
    `SELECT c.column_name AS c FROM information_schema.columns c
     JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
     WHERE c.table_schema = 'main' AND c.table_name = ? AND t.table_type = 'BASE TABLE' ORDER BY c.ordinal_position`,
    [table],
  );
  return rows.length ? rows.map((r) => r.c) : null;
}

export class DatasetSession {
  readonly #loaded = new Set<string>();

  constructor(
    readonly manifest: DatasetManifest,
    readonly engine: Engine,
    readonly read: ReadPartitions,
  ) {}

  /** How many of the manifest's files are in the engine. */
  get loadedFiles(): number {
    return this.#loaded.size;
  }

  isLoaded(file: PartitionFile): boolean {
    return this.#loaded.has(file.path);
  }

  /**
   * Loads the files of `tables` the filters select that are not loaded yet; returns how many rows
   * came in. The next batches are read while one is inserted; a table that does not exist
   * yet (the cached analysis) takes the files' schema.
   */
  async ensure(tables: readonly DatasetTable[], filters: Filters = {}): Promise<number> {
    const work = tables.flatMap((table) =>
      batches(filesFor(this.manifest, table, filters).filter((f) => !this.#loaded.has(f.path))).map((files) => ({ table, files })),
    );
    let rows = 0;
    // Up to PREFETCH batches are being read (fetched, decoded) while one is inserted.
    const reads = work.map(() => null as Promise<Uint8Array> | null);
    const read = (i: number) => (i < work.length ? (reads[i] ??= this.read(work[i].files)) : null);
    for (let i = 0; i < work.length; i++) {
      for (let j = i; j <= i + PREFETCH; j++) void read(j)?.catch(() => undefined);
      const ipc = await read(i)!;
      reads[i] = null;
      await this.#insert(work[i].table, ipc);
      for (const f of work[i].files) this.#loaded.add(f.path);
      rows += work[i].files.reduce((a, f) => a + f.rows, 0);
    }
    return rows;
  }

  async #insert(table: DatasetTable, ipc: Uint8Array): Promise<void> {
    await this.engine.insertIPC(STAGE, ipc, true);
    const columns = await columnsOf(this.engine, table);
    if (columns) {
      // By name: the files of indicators carry year and region, which the table has not.
      const list = columns.map((c) => `"${c}"`).join(', ');
      await this.engine.exec(`INSERT INTO ${table} (${list}) SELECT ${list} FROM ${STAGE}`);
    } else {
      await dropDerived(this.engine, table);
      await this.engine.exec(`CREATE TABLE ${table} AS SELECT * FROM ${STAGE}`);
    }
    await this.engine.exec(`DROP TABLE ${STAGE}`);
  }
}
