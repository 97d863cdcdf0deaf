// DuckDB-WASM in the browser: the async bindings on a Web Worker, with the engine files served by
// this app (Vite `?url`), never a CDN. Same face and same start-up as db/node.ts.
import { AsyncDuckDB, ConsoleLogger, LogLevel, selectBundle, type AsyncDuckDBConnection } from '@duckdb/duckdb-wasm';
import ehWasm from '@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?url';
import ehWorker from '@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js?url';
import mvpWasm from '@duckdb/duckdb-wasm/dist/duckdb-mvp.wasm?url';
import mvpWorker from '@duckdb/duckdb-wasm/dist/duckdb-browser-mvp.worker.js?url';
import { tableToIPC } from 'apache-arrow';
import { LOCKDOWN_SQL, rowsOf, type Engine, type SqlParam } from './engine';
import { createSchema } from './schema';

let opening: Promise<Engine> | null = null;

/** Opens the engine once per page; every caller shares the same promise. */
export function openBrowserEngine(): Promise<Engine> {
  opening ??= start().catch((e: unknown) => {
    opening = null; // let a later call try again
    throw e;
  });
  return opening;
}

async function start(): Promise<Engine> {
  // eh (wasm exceptions) where the browser has them, mvp otherwise.
  const bundle = await selectBundle({
    eh: { mainModule: ehWasm, mainWorker: ehWorker },
    mvp: { mainModule: mvpWasm, mainWorker: mvpWorker },
  });
  const worker = new Worker(bundle.mainWorker!);
  const db = new AsyncDuckDB(new ConsoleLogger(LogLevel.WARNING), worker);
  try {
    await db.instantiate(bundle.mainModule, bundle.pthreadWorker);
  } catch (e) {
    worker.terminate();
    throw e;
  }
  const conn: AsyncDuckDBConnection = await db.connect();
  for (const s of LOCKDOWN_SQL) await conn.query(s);

  const run = async (sql: string, params: SqlParam[]) => {
    if (params.length === 0) return conn.query(sql);
    const stmt = await conn.prepare(sql);
    try {
      return await stmt.query(...params);
    } finally {
      await stmt.close();
    }
  };
  const engine: Engine = {
    async query(sql, params = []) {
      return rowsOf(await run(sql, params));
    },
    async exec(sql) {
      await conn.query(sql);
    },
    async queryIPC(sql, params = []) {
      return tableToIPC(await run(sql, params), 'stream');
    },
    async insertIPC(table, ipc, create) {
      // The bindings transfer (and so empty) the buffer they are given; the Node engine leaves the
      // caller's bytes alone, so hand over a copy to behave the same.
      await conn.insertArrowFromIPCStream(ipc.slice(), { name: table, create });
    },
    async close() {
      opening = null;
      await conn.close();
      await db.terminate();
    },
  };
  await createSchema(engine);
  return engine;
}
