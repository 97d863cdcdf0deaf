// Whether an engine holds the view cache (cache.ts): the compact tables the overview and findings
// views read on a filter change instead of re-deriving them from evaluations, indicators, spending
// and findings. Kept apart from cache.ts so the query modules can ask without importing the builder.
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
   * form's year, region or department; ruleCatalogue then counts from `findings` itself.
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

/** The engine's view cache, or undefined before the first analyse() (queries then read the base tables). */
export function viewCache(engine: Engine): ViewCache | undefined {
  return built.get(engine);
}

export function setViewCache(engine: Engine, cache: ViewCache | undefined): void {
  if (cache) built.set(engine, cache);
  else built.delete(engine);
}

const MISSING = new RegExp(`Table with name (${VIEW_CACHE_TABLES.join('|')}) does not exist`, 'i');

/**
 * Runs `cached` when the engine holds the view cache, else `fallback` (the same answer from the base
 * tables, slower). Should a cached table have gone missing, the cache is forgotten and the fallback
 * answers.
 */
export async function withViewCache<T>(
  engine: Engine,
  cached: (cache: ViewCache) => Promise<T>,
  fallback: () => Promise<T>,
): Promise<T> {
  const cache = built.get(engine);
  if (!cache) return fallback();
  try {
    return await cached(cache);
  } catch (e) {
    if (!MISSING.test(e instanceof Error ? e.message : String(e))) throw e;
    built.delete(engine);
    return fallback();
  }
}
