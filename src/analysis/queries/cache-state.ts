// What the queries need to know of the views' cache (cache.ts) beyond its rows: recorded when the
// analysis builds it (or a dataset brings it), read from the cache itself otherwise. Kept apart from
// cache.ts so the query modules can ask without importing the builder.
import type { Engine } from '../../db/engine';

/** The tables buildViewCache() creates (read-only for researcher SQL, like the app's other tables). */
export const VIEW_CACHE_TABLES = [
  'form_facts', 'finding_groups', 'sangong_facts', 'filter_choices',
  'copied_keys', 'copied_reps', 'copied_rows', 'copied_cells', 'copied_depts',
] as const;

export interface ViewCache {
  /**
   * Every (rule, form) pair of `findings` falls in exactly one row of finding_groups, so summing its
   * per-group form counts counts distinct forms. False only for findings that disagree with their
   * form's year, region or department; ruleCatalogue then counts distinct forms from `findings`.
   */
  findingFormsExact: boolean;
  /**
   * The smallest year of the forms, and how many years from it to the largest: a department's years
   * are a bit mask over them (bit i = yearBase + i) in copied_depts when they fit in 63 bits, and
   * travel so from the department lists when they fit in 52 (a JavaScript number).
   */
  yearBase: number;
  yearSpan: number;
}

const built = new WeakMap<Engine, ViewCache>();

/** What was recorded of the engine's cache tables, or undefined when they are views (before the first analyse()). */
export function viewCache(engine: Engine): ViewCache | undefined {
  return built.get(engine);
}

export function setViewCache(engine: Engine, cache: ViewCache | undefined): void {
  if (cache) built.set(engine, cache);
  else built.delete(engine);
}

/** ViewCache as the cache's tables or views say it now. */
export async function readCacheFacts(engine: Engine): Promise<ViewCache> {
  const [row] = await engine.query<{ exact: boolean; base: number | null; span: number | null }>(
    `SELECT coalesce((SELECT sum(forms) FROM finding_groups), 0)
         = (SELECT count(*) FROM (SELECT DISTINCT rule, eval_id FROM findings WHERE eval_id IS NOT NULL)) AS exact,
       min(year) AS base, max(year) - min(year) + 1 AS span
     FROM form_facts`,
  );
  return { findingFormsExact: row.exact, yearBase: row.base ?? 0, yearSpan: row.span ?? 0 };
}

/** The recorded ViewCache, or the one the cache says of itself (before any analysis: its views). */
export async function cacheFacts(engine: Engine): Promise<ViewCache> {
  return built.get(engine) ?? readCacheFacts(engine);
}
