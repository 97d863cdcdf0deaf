// Opening a dataset (manifest.ts) into an engine, partition by partition: only the files a view
// needs, each once. How a file's bytes arrive (HTTP in the browser, the disk in Node) is the
// caller's `read`, which returns the file as an Arrow IPC stream.
import type { Engine } from '../db/engine';
import type { Filters } from '../analysis/queries/filters';
import { filesFor, type DatasetManifest, type DatasetTable, type PartitionFile } from './manifest';

export type ReadPartition = (file: PartitionFile) => Promise<Uint8Array>;

const STAGE = '_dataset_stage';

/** The columns of `table` as the schema (or a previous load) made it, or null when it does not exist yet. */
async function columnsOf(engine: Engine, table: string): Promise<string[] | null> {
  const rows = await engine.query<{ c: string }>(
    `SELECT column_name AS c FROM information_schema.columns WHERE table_schema = 'main' AND table_name = ? ORDER BY ordinal_position`,
    [table],
  );
  return rows.length ? rows.map((r) => r.c) : null;
}

export class DatasetSession {
  readonly #loaded = new Set<string>();

  constructor(
    readonly manifest: DatasetManifest,
    readonly engine: Engine,
    readonly read: ReadPartition,
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
   * came in. Files of one table are read concurrently (`concurrency` at a time) and inserted as
   * they arrive; a table that does not exist yet (the cached analysis) takes the files' schema.
   */
  async ensure(tables: readonly DatasetTable[], filters: Filters = {}, concurrency = 6, onFile?: (file: PartitionFile) => void): Promise<number> {
    let rows = 0;
    for (const table of tables) {
      const wanted = filesFor(this.manifest, table, filters).filter((f) => !this.#loaded.has(f.path));
      if (wanted.length === 0) continue;
      let next = 0;
      let inserting = Promise.resolve();
      const worker = async () => {
        while (next < wanted.length) {
          const file = wanted[next++];
          const ipc = await this.read(file);
          // Inserts go one at a time (one staging table); reads overlap with them.
          inserting = inserting.then(async () => {
            await this.#insert(table, ipc);
            this.#loaded.add(file.path);
            rows += file.rows;
            onFile?.(file);
          });
          await inserting;
        }
      };
      await Promise.all(Array.from({ length: Math.min(concurrency, wanted.length) }, worker));
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
      await this.engine.exec(`CREATE TABLE ${table} AS SELECT * FROM ${STAGE}`);
    }
    await this.engine.exec(`DROP TABLE ${STAGE}`);
  }
}
