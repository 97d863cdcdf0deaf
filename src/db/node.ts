// DuckDB-WASM in Node (tests and the CLI): the blocking bindings, the same engine build as the browser.
import { createDuckDB, NODE_RUNTIME, ConsoleLogger, LogLevel } from '@duckdb/duckdb-wasm/blocking';
import { createRequire } from 'node:module';
import path from 'node:path';
import { LOCKDOWN_SQL, NO_REMOTE_SQL, rowsOf, StatementCache, type Engine, type SqlParam } from './engine';
import { createSchema } from './schema';

const require = createRequire(import.meta.url);
// Result tables are built by the bindings' own (CommonJS) Arrow: serialise them with that same copy.
const { tableToIPC } = require('apache-arrow') as typeof import('apache-arrow');

/** A bare DuckDB-WASM instance of the app's build, instantiated: openNodeEngine() locks it down; the benchmark's read_csv yardstick does not. */
export async function instantiateNodeDuckDB() {
  const dist = path.dirname(require.resolve('@duckdb/duckdb-wasm/dist/duckdb-eh.wasm'));
  const db = await createDuckDB(
    {
      mvp: { mainModule: path.join(dist, 'duckdb-mvp.wasm'), mainWorker: path.join(dist, 'duckdb-node-mvp.worker.cjs') },
      eh: { mainModule: path.join(dist, 'duckdb-eh.wasm'), mainWorker: path.join(dist, 'duckdb-node-eh.worker.cjs') },
    },
    new ConsoleLogger(LogLevel.ERROR),
    NODE_RUNTIME,
  );
  await db.instantiate();
  return db;
}

export async function openNodeEngine(): Promise<Engine> {
  const db = await instantiateNodeDuckDB();
  const conn = db.connect();
  // Nothing here reads a file through DuckDB (ingest parses in TypeScript), so the CLI's WASM
  // engine refuses file paths exactly as the page does.
  for (const s of [...NO_REMOTE_SQL, ...LOCKDOWN_SQL]) conn.query(s);
  const engine = onConnection(db, conn, async () => {
    conn.close();
    db.reset();
  });
  await createSchema(engine);
  return engine;
}

type Db = Awaited<ReturnType<typeof createDuckDB>>;

function onConnection(db: Db, conn: ReturnType<Db['connect']>, close: () => Promise<void>): Engine {
  const statements = new StatementCache((sql) => conn.prepare(sql));
  const run = async (sql: string, params: SqlParam[]) => (params.length === 0 ? conn.query(sql) : statements.run(sql, (stmt) => stmt.query(...params)));
  return {
    async query(sql, params = []) {
      return rowsOf(await run(sql, params));
    },
    async exec(sql) {
      conn.query(sql);
    },
    async queryIPC(sql, params = []) {
      return tableToIPC(await run(sql, params), 'stream');
    },
    async insertIPC(table, ipc, create) {
      conn.insertArrowFromIPCStream(ipc, { name: table, create });
    },
    async connect() {
      const other = db.connect();
      return onConnection(db, other, async () => other.close());
    },
    // A blocking statement has run to its end before any other code can ask.
    cancel: async () => false,
    async close() {
      await statements.clear();
      await close();
    },
  };
}
