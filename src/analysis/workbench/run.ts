// The researchers' SQL workbench (the `sql` view), as plain TypeScript the tests drive in Node:
// running a researcher's SQL on the app's own engine without letting it break the app — a query
// wrapped so that it is proven read-only (step 1 of write-policy.ts), anything else under the
// guarded run (steps 2 and 3) — one run at a time, cancellable, and a query's rows again for export.
//
// Only the SQL view calls this; the app's own code keeps using Engine directly.
import type { Engine, Row } from '../../db/engine';
import { inBothLanguages } from '../../format/i18n';
import { leadingKeyword, splitStatements } from './lexer';
import { NUMERIC_TYPE, ROW_CAP, type StatementResult, type WorkbenchResult } from './result';
import { QUERY_WORDS, runGuarded } from './write-policy';

/** The run was cancelled (RunOptions.signal); nothing of the statement it stopped was kept. */
export class CancelledError extends Error {
  constructor() {
    super(inBothLanguages('sql.cancelledError'));
    this.name = 'CancelledError';
  }
}

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

/**
 * DuckDB's error for a statement we ran behind a one-line prefix (`SELECT * FROM (`, `EXPLAIN …`,
 * each followed by a newline), told as if the statement had run as typed: its "LINE n:" context
 * shows the researcher's own line, so only the line number (and the caret under a shorter label)
 * moves back by one.
 */
function asTyped(e: unknown): unknown {
  if (!(e instanceof Error)) return e;
  const message = e.message.replace(/^LINE (\d+): (.*)\n( *)\^/m, (whole, n: string, line: string, pad: string) => {
    const before = `LINE ${n}: `;
    const after = `LINE ${Number(n) - 1}: `;
    if (Number(n) < 2) return whole;
    return `${after}${line}\n${' '.repeat(Math.max(0, pad.length - before.length + after.length))}^`;
  });
  if (message === e.message) return e;
  const out = new Error(message, { cause: e });
  out.name = e.name;
  return out;
}

/**
 * `SELECT * FROM (<stmt>) …`, the statement on lines of its own: the newline after it keeps a
 * trailing `--` comment from eating the `)`, the one before it lets asTyped tell DuckDB's errors
 * as for the text typed.
 */
export function wrapQuery(stmt: string, limit?: number): string {
  return `SELECT * FROM (\n${stmt}\n) AS q${limit != null ? ` LIMIT ${Math.floor(limit)}` : ''}`;
}

/** A parser error from wrapping: the statement is not a query (or is malformed). */
const isParserError = (e: unknown) => /^Parser Error/i.test(errorText(e));

/** Step 1 of the write policy: a query, wrapped, so that DuckDB proves it read-only; capped. */
async function runQuery(engine: Engine, stmt: string, cap: number): Promise<StatementResult> {
  const sql = wrapQuery(stmt, cap + 1);
  const rows = await engine.query(sql);
  const described = await engine.query<{ column_name: string; column_type: string }>(`DESCRIBE ${sql}`);
  const columns = described.map((d) => ({ name: d.column_name, type: d.column_type, numeric: NUMERIC_TYPE.test(d.column_type) }));
  const capped = rows.length > cap;
  const total = capped ? Number((await engine.query<{ n: number }>(`SELECT count(*) AS n FROM (\n${stmt}\n) AS q`))[0].n) : rows.length;
  return { columns, rows: capped ? rows.slice(0, cap) : rows, capped, total, query: stmt, wrote: false };
}

const queues = new WeakMap<Engine, Promise<unknown>>();
/**
 * One workbench run at a time per engine: a guarded run holds a transaction open, and a cancel
 * interrupts whatever the connection runs. Reading the schema waits its turn too.
 */
export function serial<T>(engine: Engine, work: () => Promise<T>): Promise<T> {
  const prev = queues.get(engine) ?? Promise.resolve();
  const next = prev.then(work, work);
  queues.set(engine, next.catch(() => {}));
  return next;
}

export interface RunOptions {
  cap?: number;
  /** Aborting it interrupts the statement running and starts no other: the run fails with CancelledError. */
  signal?: AbortSignal;
}

/**
 * `engine` as one run sees it: once `signal` aborts, the statement running is interrupted
 * (Engine.cancel) and no further one starts — except ROLLBACK, so that a cancelled guarded
 * statement is still undone.
 */
function cancellable(engine: Engine, signal: AbortSignal | undefined): Engine {
  if (!signal) return engine;
  signal.addEventListener('abort', () => void engine.cancel(), { once: true });
  const step = async <T>(work: () => Promise<T>): Promise<T> => {
    if (signal.aborted) throw new CancelledError();
    try {
      return await work();
    } catch (e) {
      throw signal.aborted ? new CancelledError() : e;
    }
  };
  return {
    ...engine,
    query: (sql, params) => step(() => engine.query(sql, params)),
    exec: (sql) => (sql === 'ROLLBACK' ? engine.exec(sql) : step(() => engine.exec(sql))),
    queryIPC: (sql, params) => step(() => engine.queryIPC(sql, params)),
  };
}

/**
 * Runs a researcher's script statement by statement under the policy above; the result is the last
 * statement's. Throws DuckDB's own error for a mistake (its text as for the statement typed),
 * RefusedError for what the policy forbids and CancelledError when `options.signal` aborts
 * (statements before the refused or cancelled one have run; nothing of that one is kept).
 */
export function runWorkbench(db: Engine, sql: string, options: RunOptions = {}): Promise<WorkbenchResult> {
  const cap = options.cap ?? ROW_CAP;
  const engine = cancellable(db, options.signal);
  return serial(db, async () => {
    const t0 = performance.now();
    const statements = splitStatements(sql);
    if (statements.length === 0) throw new Error(inBothLanguages('sql.nothingToRun'));
    let last: StatementResult | null = null;
    let wrote = false;
    for (const stmt of statements) {
      last = null;
      if (QUERY_WORDS.has(leadingKeyword(stmt))) {
        try {
          last = await runQuery(engine, stmt, cap);
        } catch (e) {
          if (!isParserError(e)) throw asTyped(e);
          // Not a plain query after all (`WITH … DELETE`) or malformed: the checked path decides,
          // and a malformed statement fails there with DuckDB's message for the text as typed.
        }
      }
      if (!last) {
        try {
          last = await runGuarded(engine, stmt, cap);
        } catch (e) {
          throw asTyped(e);
        }
      }
      wrote ||= last.wrote;
    }
    const r = last!;
    return { columns: r.columns, rows: r.rows, capped: r.capped, total: r.total, query: r.query, wrote, statements: statements.length, ms: performance.now() - t0 };
  });
}

/** Every row of a read-only query (no cap), for export. */
export function exportRows(engine: Engine, query: string): Promise<Row[]> {
  return serial(engine, () => engine.query(wrapQuery(query)));
}

/** The same rows as Arrow IPC, for Parquet (writeParquetFromIPC). */
export function exportIPC(engine: Engine, query: string): Promise<Uint8Array> {
  return serial(engine, () => engine.queryIPC(wrapQuery(query)));
}

