// The concepts the rules read (derived/: normalised texts, form indicators, full-marks forms, 三公
// lines), built as tables once at the start of every analysis pass (runRules, ./findings.ts) instead
// of once per rule: normalising a million indicator texts, filling down merged cells and classifying
// 附件1 lines cost more than most rules themselves. Between passes each is a table of the data as the
// last analysis saw it, like `findings`, or — when that pass did not need it — the view of the same
// SELECT over the data as it is; each rule's SQL reads them by name, so it also runs on its own in
// the SQL view.
import type { Engine } from '../db/engine';
import { DATA_CONCEPTS } from './derived/index';
import { createView, dropDerived, materialise, type Derived } from './derived/objects';

export type PreparedTable = Derived;

/** In the order they are built: a table may read the ones before it. */
export const PREPARED_TABLES: readonly PreparedTable[] = DATA_CONCEPTS;

/** True when `sql` reads the table `name`. */
export const readsTable = (sql: string, name: string) => new RegExp(`\\b${name}\\b`).test(sql);

/** A prepared table that could not be built, with DuckDB's message. */
export interface PrepareFailure {
  name: string;
  message: string;
}

/**
 * Builds the prepared tables that `sqls` (rule SQL) read, and the ones those are built from, in
 * build order: a run of one rule prepares only what that rule needs, and the others become their
 * views again (never rows of an older analysis). A table that cannot be built stays its view — its
 * readers then fail with the same error, or read the data as it is — and is returned.
 */
export async function prepareTables(engine: Engine, sqls: readonly string[]): Promise<PrepareFailure[]> {
  const readers = [...sqls];
  const wanted = new Set<string>();
  for (const t of [...PREPARED_TABLES].reverse()) {
    if (readers.some((s) => readsTable(s, t.name))) {
      wanted.add(t.name);
      readers.push(t.sql);
    }
  }
  const failures: PrepareFailure[] = [];
  for (const t of PREPARED_TABLES) {
    if (!wanted.has(t.name)) {
      await createView(engine, t);
      continue;
    }
    try {
      await materialise(engine, t);
    } catch (e) {
      await createView(engine, t).catch(() => dropDerived(engine, t.name));
      failures.push({ name: t.name, message: (e as Error).message });
    }
  }
  return failures;
}
