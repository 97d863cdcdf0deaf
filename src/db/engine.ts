// The one face of DuckDB-WASM that everything above `db/` talks to. Whether the engine runs in a
// browser worker (db/browser.ts) or in Node (db/node.ts) is known only to those two files.
import { Type, type Table } from 'apache-arrow';
import Decimal from 'decimal.js';
import { columnValues } from './columns';

export type SqlParam = string | number | boolean | null;
export type Row = Record<string, unknown>;

/**
 * Sets `key` as an own, enumerable property. Column names come from users' SQL and files' headers,
 * and a plain assignment of `__proto__` would replace the object's prototype and drop the value.
 */
export function setOwn<T>(target: Record<string, T>, key: string, value: T): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

export interface Engine {
  /** Runs one statement with positional `?` parameters and returns plain rows (see `rowsOf`). */
  query<T = Row>(sql: string, params?: SqlParam[]): Promise<T[]>;
  /** Runs one or more statements without parameters (DDL, scripts we wrote ourselves). */
  exec(sql: string): Promise<void>;
  /** Runs a statement and returns its result as an Arrow IPC stream (for Parquet export). */
  queryIPC(sql: string, params?: SqlParam[]): Promise<Uint8Array>;
  /** Appends an Arrow IPC stream to `table` (created from the stream's schema when `create`). */
  insertIPC(table: string, ipc: Uint8Array, create: boolean): Promise<void>;
  /**
   * Another connection to the same database (the SQL view's own). Its TEMP tables, views and
   * macros, its search path and its transactions are its own; objects it creates in `main` are
   * seen by every connection.
   */
  connect(): Promise<Engine>;
  /**
   * Interrupts the statement this connection is running, which then fails. False when nothing was
   * running, or where the host cannot interrupt (Node's blocking bindings run a statement to its end).
   */
  cancel(): Promise<boolean>;
  /** Closes this connection; on the engine's first connection, the whole database. */
  close(): Promise<void>;
  /**
   * Whether the rules' stepwise queries (db/sql.ts withSteps) run their steps as TEMP tables, each
   * built and spilled on its own, rather than as one WITH statement. Native DuckDB at national size:
   * a CTE read twice is held in memory whole. Unset: one statement (the browser's province).
   */
  readonly stepsAsTables?: boolean;
}

/** What a host's prepared statement can do, for StatementCache (both bindings' statements fit). */
interface Closable {
  close(): unknown;
}

/** Prepared statements kept per connection: more than the views' distinct queries, few enough to hold. */
const KEPT_STATEMENTS = 128;

/**
 * A connection's prepared statements by their SQL text. The dashboard asks the same few dozen
 * parameterised queries on every filter change; preparing one anew each time costs a parse, a bind
 * and (in the browser) two more round trips to the database worker than running it. DuckDB binds a
 * kept statement again by itself when the tables it reads have changed since (a load, a dataset's
 * partition, an analysis), so a kept statement answers as a fresh one would. Should that rebind
 * fail (a table's columns changed type), a kept statement that fails is prepared afresh once, so
 * the caller sees only the errors a fresh statement gives; a failed statement is never kept. The
 * least recently used one is closed when more than KEPT_STATEMENTS are kept.
 */
export class StatementCache<S extends Closable> {
  readonly #kept = new Map<string, Promise<S>>();

  constructor(readonly prepare: (sql: string) => Promise<S> | S) {}

  /** Runs `use` on the statement for `sql`, prepared once. */
  async run<T>(sql: string, use: (stmt: S) => Promise<T> | T): Promise<T> {
    const kept = this.#kept.get(sql);
    if (kept) {
      this.#kept.delete(sql); // re-inserted: the Map's order is the recency
      this.#kept.set(sql, kept);
      try {
        return await use(await kept);
      } catch {
        if (this.#kept.get(sql) === kept) void this.#drop(sql);
      }
    }
    const fresh = Promise.resolve().then(() => this.prepare(sql));
    this.#kept.set(sql, fresh);
    while (this.#kept.size > KEPT_STATEMENTS) void this.#drop(this.#kept.keys().next().value!);
    try {
      return await use(await fresh);
    } catch (e) {
      if (this.#kept.get(sql) === fresh) void this.#drop(sql);
      throw e;
    }
  }

  /** How many statements are kept (for the tests). */
  get size(): number {
    return this.#kept.size;
  }

  /** Closes every kept statement (before the connection closes). */
  async clear(): Promise<void> {
    const all = [...this.#kept.keys()];
    await Promise.all(all.map((sql) => this.#drop(sql)));
  }

  #drop(sql: string): Promise<void> {
    const stmt = this.#kept.get(sql)!;
    this.#kept.delete(sql);
    // A statement still being used by an earlier caller is closed after it: the database runs requests in order.
    // Closing only frees the statement: an error there (the connection already gone) changes no answer.
    return stmt.then(async (s) => void (await s.close())).catch(() => undefined);
  }
}

/**
 * Settings applied right after connecting, in both hosts. Extensions would be fetched from the
 * internet (and hang forever in Node's blocking bindings), so auto-install and auto-load are off,
 * and the configuration is locked so that no later statement — a researcher's SQL included —
 * can turn them back on.
 */
export const LOCKDOWN_SQL = [
  'SET autoinstall_known_extensions = false',
  'SET autoload_known_extensions = false',
  'SET lock_configuration = true',
];

/** The one folder DuckDB may open: file buffers the app registers (registerFileBuffer) go under it. */
export const FILE_BUFFER_DIR = '/buffers/';

/**
 * DuckDB-WASM opens files through the page: an `http(s)://` path (read_csv, ATTACH, COPY …) is
 * fetched from wherever it points. With external access off, every path outside FILE_BUFFER_DIR
 * is refused before any request ("Permission Error: Cannot access file …"); Arrow inserts and
 * registered buffers under the folder keep working. (`disabled_filesystems` does not reach
 * duckdb-wasm's own web file system.) Run before LOCKDOWN_SQL, which locks it in.
 */
export const NO_REMOTE_SQL = [`SET allowed_directories = ['${FILE_BUFFER_DIR}']`, 'SET enable_external_access = false'];

/**
 * Arrow gives DECIMAL as unscaled big integers and BIGINT/HUGEINT as bigint. Money must stay exact,
 * so DECIMAL becomes a normalised decimal string ("183.35", "1"), and integers become numbers
 * when they fit (counts, years), strings otherwise. DATE and TIMESTAMP come as epoch milliseconds
 * and become the text DuckDB itself prints ("2024-05-01", "2024-05-01 15:30:12.5"), so a grid and
 * a CSV show a date, not a number.
 */
export function rowsOf<T = Row>(table: Table): T[] {
  const fields = table.schema.fields;
  const converters = fields.map((f) => {
    if (f.type.typeId === Type.Decimal) {
      const scale = (f.type as { scale: number }).scale;
      return (v: unknown) => (v == null ? null : decimalFromUnscaled(String(v), scale));
    }
    if (f.type.typeId === Type.Int) {
      return (v: unknown) =>
        typeof v === 'bigint'
          ? v <= BigInt(Number.MAX_SAFE_INTEGER) && v >= BigInt(Number.MIN_SAFE_INTEGER)
            ? Number(v)
            : v.toString()
          : v;
    }
    if (f.type.typeId === Type.Date) return (v: unknown) => (v == null ? null : dateText(Number(v)));
    if (f.type.typeId === Type.Timestamp) {
      const zoned = (f.type as { timezone?: string | null }).timezone != null;
      return (v: unknown) => (v == null ? null : timestampText(Number(v), zoned));
    }
    if (f.type.typeId === Type.List) {
      return (v: unknown) => (v == null ? null : Array.from(v as Iterable<unknown>, (x) => (typeof x === 'bigint' ? Number(x) : x)));
    }
    return (v: unknown) => v;
  });
  const columns = fields.map((f) => columnValues(table.getChild(f.name)!));
  const n = table.numRows; // a getter that adds up every batch's length: read once, not per row
  const out: T[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const row: Row = {};
    for (let c = 0; c < fields.length; c++) setOwn(row, fields[c].name, converters[c](columns[c][i]));
    out[i] = row as T;
  }
  return out;
}

/**
 * An unscaled DECIMAL (Arrow's integer text, e.g. DECIMAL128 '-183350000' at scale 6) as its exact
 * value ('-183.35'). The point is placed in the text, not by dividing: decimal.js rounds every
 * quotient to 20 significant digits, and a DECIMAL(38,·) has 38 (a sum of 10¹² 万元 amounts with 6
 * decimals passes 20). Parsing, and so toFixed(), keeps every digit.
 */
export function decimalFromUnscaled(unscaled: string, scale: number): string {
  const negative = unscaled.startsWith('-');
  const digits = (negative ? unscaled.slice(1) : unscaled).padStart(scale + 1, '0');
  const text = scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  return new Decimal(negative ? `-${text}` : text).toFixed();
}

/** A DATE, given as epoch milliseconds, as DuckDB prints it: 2024-05-01. */
export function dateText(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/**
 * A TIMESTAMP, given as epoch milliseconds (Arrow's reading of every unit), as DuckDB prints it:
 * 2024-05-01 15:30:12, fractions of a second only when there are some, and +00 for a TIMESTAMPTZ
 * (this engine has no time zones: ICU is not built in, so a zoned value is UTC).
 */
export function timestampText(ms: number, zoned = false): string {
  const whole = Math.floor(ms);
  const iso = new Date(whole).toISOString();
  const fraction = (iso.slice(20, 23) + String(Math.round((ms - whole) * 1000)).padStart(3, '0')).replace(/0+$/, '');
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}${fraction ? '.' + fraction : ''}${zoned ? '+00' : ''}`;
}
