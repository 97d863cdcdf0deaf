// The schema beside the workbench's editor: every table and view a researcher can query, with its
// columns, row count, and for the app's user-facing tables what each one and each column holds and
// in which unit. The app's working tables (the rules' prepared tables, the views' cache) come
// apart: a researcher reads the user-facing ones; the others exist for speed and may change.
import type { Engine, SqlParam } from '../../db/engine';
import { MONEY, RATE, SCORE } from '../../db/schema';
import { ident, join, sql } from '../../db/sql';
import { SCHEMA_NOTES, type Note } from '../../format/words/schema';
import { serial } from './run';
import { APP_TABLES } from './write-policy';

/** The app's tables a researcher reads, in the order the schema lists them. */
export const USER_TABLES = [
  'evaluations', 'indicators', 'spending', 'staffing', 'departments',
  'findings', 'form_scores', 'department_scores', 'loaded_files', 'rejected_rows',
] as const;

/** 万元, a ratio (1 = 100%), points (分), people (人). */
export type Unit = 'wanYuan' | 'ratio' | 'score' | 'people';

/** The app's column types say the unit of money, rates and scores; these columns say it otherwise. */
const TYPE_UNITS: Record<string, Unit> = { [MONEY]: 'wanYuan', [RATE]: 'ratio', [SCORE]: 'score' };
const COLUMN_UNITS: Record<string, Unit> = {
  'form_scores.score': 'score', 'form_scores.raw': 'score',
  'department_scores.score': 'score', 'department_scores.max_score': 'score',
  'staffing.authorized': 'people', 'staffing.actual': 'people',
};

export interface SchemaColumn {
  name: string;
  type: string;
  /** What it holds (user-facing tables only). */
  note: Note | null;
  unit: Unit | null;
}

/** `data`: the app's user-facing tables; `internal`: the app's working tables; `own`: the researcher's. */
export type SchemaGroup = 'data' | 'internal' | 'own';

export interface SchemaTable {
  schema: string;
  name: string;
  group: SchemaGroup;
  /** One of the app's own tables (read-only for researcher SQL). */
  app: boolean;
  note: Note | null;
  /** null when it could not be counted (a view that no longer binds). */
  rows: number | null;
  columns: SchemaColumn[];
}

const isUserTable = (name: string) => (USER_TABLES as readonly string[]).includes(name);

/** What `table.column` holds: its own note, else the note of a column of that name anywhere. */
export function columnNote(table: string, column: string): Note | null {
  return SCHEMA_NOTES[`${table}.${column}`] ?? SCHEMA_NOTES[`*.${column}`] ?? null;
}

function columnUnit(table: string, column: string, type: string): Unit | null {
  return COLUMN_UNITS[`${table}.${column}`] ?? TYPE_UNITS[type] ?? null;
}

/**
 * Tables and views with their columns and row counts, from the catalogue: the user-facing first, in
 * USER_TABLES order. On the workbench's queue (run.ts), never beside a run.
 */
export function describeSchema(engine: Engine): Promise<SchemaTable[]> {
  return serial(engine, () => readSchema(engine));
}

async function readSchema(engine: Engine): Promise<SchemaTable[]> {
  const rows = await engine.query<{ d: string; s: string; t: string; c: string; ty: string }>(
    `SELECT table_catalog AS d, table_schema AS s, table_name AS t, column_name AS c, data_type AS ty
     FROM information_schema.columns
     WHERE table_catalog IN (current_database(), 'temp')
     ORDER BY table_schema, table_name, ordinal_position`,
  );
  const tables = new Map<string, SchemaTable & { catalog: string }>();
  for (const r of rows) {
    const key = `${r.d}.${r.s}.${r.t}`;
    let t = tables.get(key);
    if (!t) {
      const app = r.s === 'main' && r.d !== 'temp' && APP_TABLES.includes(r.t);
      const group: SchemaGroup = !app ? 'own' : isUserTable(r.t) ? 'data' : 'internal';
      t = { catalog: r.d, schema: r.s, name: r.t, group, app, note: group === 'data' ? (SCHEMA_NOTES[r.t] ?? null) : null, rows: null, columns: [] };
      tables.set(key, t);
    }
    const described = t.group === 'data';
    t.columns.push({ name: r.c, type: r.ty, note: described ? columnNote(r.t, r.c) : null, unit: described ? columnUnit(r.t, r.c, r.ty) : null });
  }
  // One query counts them all; should one not count (a researcher's view that no longer binds),
  // each is counted alone and that one is left without a count.
  const all = [...tables.values()];
  const countOf = (t: (typeof all)[number], i: number) => sql`SELECT ${i} AS i, count(*) AS n FROM ${ident(t.catalog, t.schema, t.name)}`;
  const run = (q: { sql: string; params: SqlParam[] }) => engine.query<{ i: number; n: number }>(q.sql, q.params);
  const counts = all.length === 0 ? [] : await run(join(all.map(countOf), ' UNION ALL ')).catch(() => null);
  if (counts) for (const c of counts) all[c.i].rows = Number(c.n);
  else for (const [i, t] of all.entries()) t.rows = await run(countOf(t, i)).then(([c]) => Number(c.n), () => null);
  const order = (t: SchemaTable) =>
    t.group === 'data' ? USER_TABLES.indexOf(t.name as (typeof USER_TABLES)[number]) : t.group === 'internal' ? USER_TABLES.length + APP_TABLES.indexOf(t.name) : Infinity;
  return all
    .sort((a, b) => order(a) - order(b) || a.schema.localeCompare(b.schema) || a.name.localeCompare(b.name))
    .map(({ catalog: _, ...t }) => t);
}
