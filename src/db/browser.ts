// DuckDB-WASM in the browser: the async bindings on a Web Worker, with the engine files served by
// this app (Vite `?url`), never a CDN. Same face and same start-up as db/node.ts.
import {
  AsyncDuckDB, ConsoleLogger, LogLevel, selectBundle, type AsyncDuckDBConnection, type AsyncPreparedStatement,
} from '@duckdb/duckdb-wasm';
import ehWasm from '@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?url';
import ehWorker from '@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js?url';
import mvpWasm from '@duckdb/duckdb-wasm/dist/duckdb-mvp.wasm?url';
import mvpWorker from '@duckdb/duckdb-wasm/dist/duckdb-browser-mvp.worker.js?url';
import { Table, tableToIPC } from 'apache-arrow';
import { startWorker } from '../app/io/workers';
import { LOCKDOWN_SQL, NO_REMOTE_SQL, rowsOf, StatementCache, type Engine, type SqlParam } from './engine';
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
  const worker = startWorker(bundle.mainWorker!, 'classic', 'duckdb');
  const db = new AsyncDuckDB(new ConsoleLogger(LogLevel.WARNING), worker);
  try {
    // The worker script runs from a blob: URL, so relative URLs would not resolve inside it.
    await db.instantiate(new URL(bundle.mainModule, location.href).href, bundle.pthreadWorker);
  } catch (e) {
    worker.terminate();
    throw e;
  }
  const conn = await db.connect();
  for (const s of [...NO_REMOTE_SQL, ...LOCKDOWN_SQL]) await conn.query(s);
  const engine = onConnection(db, conn, false, async () => {
    opening = null;
    await conn.close();
    await db.terminate();
  });
  await createSchema(engine);
  return engine;
}

/**
 * An Engine on one connection. On an `interruptible` one (the SQL view's), statements without
 * parameters are sent as pending queries: the worker runs them a step at a time, so the app's own
 * queries are answered in between and `cancel` can stop them. The app's connection keeps the
 * one-message path (no polling round trips for the dashboard's many short queries).
 */
function onConnection(db: AsyncDuckDB, conn: AsyncDuckDBConnection, interruptible: boolean, close: () => Promise<void>): Engine {
  const statements = new StatementCache<AsyncPreparedStatement>((sql) => conn.prepare(sql));
  const run = async (sql: string, params: SqlParam[]): Promise<Table> => {
    if (params.length === 0 && !interruptible) return conn.query(sql);
    if (params.length === 0) {
      const reader = await conn.send(sql);
      return new Table(reader.schema, await reader.readAll());
    }
    return statements.run(sql, (stmt) => stmt.query(...params));
  };
  return {
    async query(sql, params = []) {
      return rowsOf(await run(sql, params));
    },
    async exec(sql) {
      await conn.query(sql); // a script of several statements: not something a pending query runs
    },
    async queryIPC(sql, params = []) {
      return tableToIPC(await run(sql, params), 'stream');
    },
    async insertIPC(table, ipc, create) {
      // The bindings transfer (and so empty) the buffer they are given; the Node engine leaves the
      // caller's bytes alone, so hand over a copy to behave the same.
      await conn.insertArrowFromIPCStream(ipc.slice(), { name: table, create });
    },
    async connect() {
      const other = await db.connect();
      return onConnection(db, other, true, () => other.close());
    },
    cancel: () => conn.cancelSent(),
    async close() {
      await statements.clear();
      await close();
    },
  };
}
