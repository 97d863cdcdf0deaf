// The schema beside the workbench's editor: every table and view a researcher can query, with its
// columns, the app's own first.
import type { Engine } from '../../db/engine';
import { APP_TABLES } from './write-policy';

export interface SchemaColumn {
  name: string;
  type: string;
}
export interface SchemaTable {
  schema: string;
  name: string;
  /** One of the app's own tables (read-only for researcher SQL). */
  app: boolean;
  columns: SchemaColumn[];
}

/** Tables and views with their columns, from information_schema: the app's tables first. */
export async function describeSchema(engine: Engine): Promise<SchemaTable[]> {
  const rows = await engine.query<{ s: string; t: string; c: string; ty: string }>(
    `SELECT table_schema AS s, table_name AS t, column_name AS c, data_type AS ty
     FROM information_schema.columns
     WHERE table_catalog IN (current_database(), 'temp')
     ORDER BY table_schema, table_name, ordinal_position`,
  );
  const tables = new Map<string, SchemaTable>();
  for (const r of rows) {
    const key = `${r.s}.${r.t}`;
    let t = tables.get(key);
    if (!t) {
      t = { schema: r.s, name: r.t, app: r.s === 'main' && (APP_TABLES as readonly string[]).includes(r.t), columns: [] };
      tables.set(key, t);
    }
    t.columns.push({ name: r.c, type: r.ty });
  }
  const appOrder = (t: SchemaTable) => (t.app ? APP_TABLES.indexOf(t.name as (typeof APP_TABLES)[number]) : APP_TABLES.length);
  return [...tables.values()].sort((a, b) => appOrder(a) - appOrder(b) || a.schema.localeCompare(b.schema) || a.name.localeCompare(b.name));
}

