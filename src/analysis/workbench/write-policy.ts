// THE WRITE POLICY of the researchers' SQL workbench (the `sql` view, run.ts), and the guarded run
// of statements that are not plain queries.
//
// THE WRITE POLICY — 你可以建自己的表；应用自身的表只读 (you may create your own tables; the app's own
// tables are read-only). Decided by DuckDB itself, not by reading the text with regexes:
//
// 1. A query (first word SELECT, WITH, FROM, VALUES, TABLE, DESCRIBE, SHOW, SUMMARIZE or "(") runs
//    wrapped as `SELECT * FROM (<sql>) LIMIT cap+1`. DuckDB's parser accepts only a query inside a
//    subquery, so a statement that runs this way is proven read-only (`WITH … DELETE` fails to parse
//    and falls to step 2). The cap keeps 100k-row results cheap; the caller learns it was capped.
// 2. Anything else is first planned with `EXPLAIN (FORMAT json)`, which binds it without running it:
//    the plan's root operator is the statement's kind. Session statements are refused outright,
//    because they cannot be undone or would change what the app's own queries see: transactions,
//    SET/RESET, ATTACH/DETACH/USE, COPY, EXPORT/IMPORT, LOAD/INSTALL, CHECKPOINT/VACUUM.
// 3. Every other statement runs as-is inside a transaction. Before and after it, DuckDB's catalog is
//    read for every object named like an app table or macro (tables and views in any schema, temp
//    included — a temp table `evaluations` would shadow the app's — with oid, definition, size,
//    indexes), plus, for statements that may change rows (INSERT/UPDATE/DELETE/MERGE, PRAGMA, CALL,
//    EXPLAIN ANALYZE, anything not DDL), a row count and an order-free hash of every app table's rows.
//    If any of it differs, the transaction is rolled back and the statement refused, naming the table.
//    The same check lists every macro, function or type not built in whose name is that of a
//    built-in one (`CREATE TEMP MACRO abs(x) AS 0`, `CREATE MACRO main.round(x) AS 0`): such a
//    statement is refused too, since it would change what every query computes — the app's own
//    ones included, for an object created in `main`, which every connection sees.
// 4. The SQL view runs all this on a connection of its own (Engine.connect): its TEMP objects,
//    search path and transactions never reach the connection the app computes on.
//    `json_serialize_sql` would have been the natural parser probe, but it lives in the json
//    extension, which duckdb-wasm 1.32 does not build in (and extensions are never downloaded here).
//
import type { Engine, Row } from '../../db/engine';
import { ident, list, sql } from '../../db/sql';
import { inBothLanguages } from '../../format/i18n';
import { FINDING_CONCEPTS } from '../derived/index';
import { VIEW_CACHE } from '../queries/cache';
import { PREPARED_TABLES } from '../prepare';
import { leadingKeyword } from './lexer';
import { columnsOfRows, type StatementResult } from './result';

/**
 * The tables and views the app itself creates and reads: read-only for researcher SQL. The derived
 * concepts and every object of the views' cache, its scratch views included: one dropped would break
 * the next analysis pass.
 */
export const APP_TABLES: readonly string[] = [
  'evaluations', 'indicators', 'spending', 'staffing', 'departments', 'loaded_files', 'rejected_rows',
  'findings', 'form_scores', 'department_scores',
  ...[...PREPARED_TABLES, ...FINDING_CONCEPTS, ...VIEW_CACHE].map((t) => t.name),
];
/** The app's own macros (db/schema.ts), equally protected. */
export const APP_MACROS = ['department_kind'] as const;

export type RefusalKind = 'app-table' | 'reserved-name' | 'session';

/** A statement the policy refuses; nothing it did was kept. */
export class RefusedError extends Error {
  constructor(
    readonly kind: RefusalKind,
    readonly tables: string[],
    message: string,
  ) {
    super(message);
    this.name = 'RefusedError';
  }
}

/** Step 1: statements whose first word makes them worth trying as a wrapped query. */
export const QUERY_WORDS = new Set(['SELECT', 'WITH', 'FROM', 'VALUES', 'TABLE', 'DESCRIBE', 'SHOW', 'SUMMARIZE', '(']);
/** Statement kinds (EXPLAIN root operators, or first words EXPLAIN cannot plan) refused outright. */
const SESSION_OPS = /^(TRANSACTION|SET|RESET|ATTACH|DETACH|USE|COPY|BATCH_COPY|EXPORT|IMPORT|LOAD|INSTALL|CHECKPOINT|FORCE|VACUUM|UPDATE_EXTENSIONS)/;
const SESSION_WORDS = new Set(['BEGIN', 'START', 'COMMIT', 'END', 'ROLLBACK', 'ABORT', 'SET', 'RESET', 'ATTACH', 'DETACH', 'USE', 'COPY', 'EXPORT', 'IMPORT', 'LOAD', 'INSTALL', 'FORCE', 'CHECKPOINT', 'VACUUM']);
/** Statements EXPLAIN cannot plan that are still worth running (under the full check). */
const UNPLANNED_OK = new Set(['PRAGMA', 'CALL', 'EXPLAIN']);
/** DDL only touches the catalog: the cheap check is enough. */
const DDL_OPS = /^(CREATE|DROP|ALTER|SET_VARIABLE)/;

const sessionRefusal = () => new RefusedError('session', [], inBothLanguages('sql.refused.session'));

/** Fingerprint keys of objects that take a built-in's name: `builtin:abs`. */
const BUILTIN_KEY = 'builtin:';

const builtinNames = new WeakMap<Engine, Promise<Set<string>>>();
/**
 * The names of DuckDB's own functions and types. They cannot change here (extensions are never
 * loaded), so they are read once per connection.
 */
function builtins(engine: Engine): Promise<Set<string>> {
  let names = builtinNames.get(engine);
  if (!names) {
    names = engine
      .query<{ n: string }>(
        `SELECT DISTINCT lower(function_name) AS n FROM system.main.duckdb_functions() WHERE internal
         UNION SELECT lower(type_name) FROM system.main.duckdb_types() WHERE internal`,
      )
      .then((rows) => new Set(rows.map((r) => r.n)));
    builtinNames.set(engine, names);
  }
  return names;
}

type Print = Map<string, string>;
const add = (out: Print, k: string, v: string) => out.set(k, out.has(k) ? `${out.get(k)}\n${v}` : v);

/**
 * One string per reserved name taken by a macro, function or type not built in: the app's own
 * macros, and any with a built-in's name. Read first and with no scalar function at all (the
 * catalogue through `system.main.…`, which no macro can shadow): a statement that shadowed `lower`
 * is caught here before it could blind the checks that use it.
 */
async function namePrint(engine: Engine): Promise<Print> {
  const own = await engine.query<{ name: string; db: string; schema: string; kind: string; def: string | null }>(
    `SELECT function_name AS name, database_name AS db, schema_name AS schema, function_type AS kind, macro_definition AS def
       FROM system.main.duckdb_functions() WHERE NOT internal
     UNION ALL
     SELECT type_name, database_name, schema_name, 'type', logical_type FROM system.main.duckdb_types() WHERE NOT internal`,
  );
  const reserved = await builtins(engine);
  const out: Print = new Map();
  for (const f of own) {
    const name = f.name.toLowerCase();
    const key = (APP_MACROS as readonly string[]).includes(name) ? name : reserved.has(name) ? BUILTIN_KEY + name : null;
    if (key) add(out, key, [f.kind, f.db, f.schema, f.name, f.def].join('|'));
  }
  return out;
}

/** One string per app table (or view of that name): its catalogue entry and, when `rows`, its rows' count and hash. */
async function tablePrint(engine: Engine, rows: boolean): Promise<Print> {
  const names = list(APP_TABLES);
  const query = sql`SELECT lower(table_name) AS k,
        concat_ws('|', 'table', database_name, schema_name, table_name, table_oid, temporary, estimated_size,
                  column_count, index_count, check_constraint_count, sql) AS v,
        (database_name = current_database() AND schema_name = 'main' AND NOT temporary) AS main
       FROM system.main.duckdb_tables() WHERE lower(table_name) IN (${names})
     UNION ALL
     SELECT lower(view_name), concat_ws('|', 'view', database_name, schema_name, view_name, view_oid, sql), false
       FROM system.main.duckdb_views() WHERE lower(view_name) IN (${names})
     UNION ALL
     SELECT '(session)', concat_ws('|', current_database(), current_schema()), false`;
  const catalog = await engine.query<{ k: string; v: string; main: boolean }>(query.sql, query.params);
  const out: Print = new Map();
  for (const c of catalog) add(out, c.k, c.v);
  if (rows) {
    for (const c of catalog) {
      if (!c.main) continue;
      const count = sql`SELECT count(*) AS n, CAST(sum(hash(t)::HUGEINT) AS VARCHAR) AS h FROM ${ident('main', c.k)} AS t`;
      const [h] = await engine.query<{ n: number; h: string | null }>(count.sql, count.params);
      add(out, c.k, `rows ${h.n} ${h.h}`);
    }
  }
  return out;
}

/** What a statement changed among the protected objects, as the refusal to throw (null: nothing). */
function refusal(before: Print, after: Print): RefusedError | null {
  const keys = [...new Set([...before.keys(), ...after.keys()])].filter((k) => before.get(k) !== after.get(k)).sort();
  const reserved = keys.filter((k) => k.startsWith(BUILTIN_KEY) || (APP_MACROS as readonly string[]).includes(k));
  if (reserved.length > 0) {
    const names = reserved.map((k) => k.replace(BUILTIN_KEY, ''));
    return new RefusedError('reserved-name', names, inBothLanguages('sql.refused.reservedName', { list: names.join(', ') }));
  }
  const tables = keys.map((k) => (k === '(session)' ? 'current database' : k));
  return tables.length > 0 ? new RefusedError('app-table', tables, inBothLanguages('sql.refused.appTable', { list: tables.join(', ') })) : null;
}

/** Steps 2 and 3: plans `stmt`, refuses session statements, runs the rest under the catalogue check. */
export async function runGuarded(engine: Engine, stmt: string, cap: number): Promise<StatementResult> {
  const word = leadingKeyword(stmt);
  let op: string | null = null;
  try {
    const [plan] = await engine.query<{ explain_value: string }>(`EXPLAIN (FORMAT json)\n${stmt}`);
    const tree = JSON.parse(plan.explain_value) as { name: string }[];
    op = (tree[0]?.name ?? '').trim().toUpperCase();
  } catch (e) {
    // EXPLAIN cannot plan some statement kinds (ATTACH, USE, PRAGMA, EXPLAIN …).
    if (SESSION_WORDS.has(word)) throw sessionRefusal();
    if (!UNPLANNED_OK.has(word)) throw e; // a genuine mistake: DuckDB's own message
  }
  if (op != null && SESSION_OPS.test(op)) throw sessionRefusal();
  const rowsToo = op == null || !DDL_OPS.test(op);

  await engine.exec('BEGIN TRANSACTION');
  let rows: Row[];
  try {
    const before = { names: await namePrint(engine), tables: await tablePrint(engine, rowsToo) };
    rows = await engine.query(stmt);
    const refused = refusal(before.names, await namePrint(engine)) ?? refusal(before.tables, await tablePrint(engine, rowsToo));
    if (refused) throw refused;
    await engine.exec('COMMIT');
  } catch (e) {
    await engine.exec('ROLLBACK').catch(() => {});
    throw e;
  }
  const total = rows.length;
  const capped = total > cap;
  if (capped) rows = rows.slice(0, cap);
  return { columns: columnsOfRows(rows), rows, capped, total, query: null, wrote: true };
}
