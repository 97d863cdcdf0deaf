// How the analysis keeps what it derives. Each concept (this folder) and each of the views' cached
// tables (../queries/cache.ts) is one SELECT, written once. It exists from the start as a VIEW of that
// SELECT over the base tables, so every reader — rule, query, CLI, the SQL view — can read it by name
// at any time; the analysis pass replaces it with a TABLE built from the same SELECT, so a filter
// change reads it without re-deriving it. A view and the table made from it cannot disagree.
import type { Engine } from '../../db/engine';

/** A derived table or view: its name and the one SELECT that defines it (no parameters: a VIEW takes none). */
export interface Derived {
  name: string;
  sql: string;
}

const NAME = /^[a-z_][a-z0-9_]*$/;

function checked(o: Derived): string {
  if (!NAME.test(o.name)) throw new Error(`bad derived name: ${o.name}`);
  return o.name;
}

/** Whether `name` is a table or a view of the main schema now; undefined when it is neither. */
async function kindOf(engine: Engine, name: string): Promise<'table' | 'view' | undefined> {
  const [row] = await engine.query<{ t: string }>(
    `SELECT table_type AS t FROM information_schema.tables WHERE table_schema = 'main' AND table_name = ?`,
    [name],
  );
  return row ? (row.t === 'VIEW' ? 'view' : 'table') : undefined;
}

/** Drops `name`, table or view (DuckDB refuses DROP VIEW on a table and the other way round). */
export async function dropDerived(engine: Engine, name: string): Promise<void> {
  const kind = await kindOf(engine, name);
  if (kind) await engine.exec(`DROP ${kind === 'view' ? 'VIEW' : 'TABLE'} ${name}`);
}

/** (Re)creates `o` as a VIEW of its SELECT: it then always answers from the tables as they are. */
export async function createView(engine: Engine, o: Derived): Promise<void> {
  const name = checked(o);
  await dropDerived(engine, name);
  await engine.exec(`CREATE VIEW ${name} AS ${o.sql}`);
}

/** Replaces `o` by a TABLE of its SELECT as the tables are now (the analysis pass). */
export async function materialise(engine: Engine, o: Derived): Promise<void> {
  const name = checked(o);
  // Built under another name first: the SELECT may read the view being replaced through another one.
  await engine.exec(`CREATE OR REPLACE TABLE ${name}__building AS ${o.sql}`);
  await dropDerived(engine, name);
  await engine.exec(`ALTER TABLE ${name}__building RENAME TO ${name}`);
}
