// The forms ranking a window at a time, for a list that scrolls over all of it (a province holds
// ~110,000 forms): how many forms it holds, and the rows from one position to another.
//
// The window is a LIMIT/OFFSET of the export's own query, so the list and the export can never
// disagree on the order; DuckDB computes the ranking once per window either way. With the view cache
// (cache.ts) both read form_facts, whose rank_pos is the same order computed once.
import type { Engine } from '../../db/engine';
import { withViewCache } from './cache-state';
import {
  cachedFindingMatch, factsWhere, formsExportSql, rankedFormsSql, type FindingFilters, type FormExportRow, type RankedForm,
} from './findings-views';
import type { Filters, SqlFragment } from './filters';
import { RANK_ORDER } from './form-rules';
import type { SortBy } from '../../format/sort';

/** The columns a header click can sort the forms ranking by (form_facts and the export name them alike). */
export const FORM_SORT_KEYS: readonly string[] = ['department', 'region', 'year', 'project', 'score', 'raw', 'findings', 'high'];

/** `ORDER BY` the sort asked for (over `alias`), the ranking breaking its ties; the ranking alone without one. */
function sortedBy(sort: SortBy | null | undefined, alias: string, ranking: string): string {
  if (!sort) return ranking;
  if (!FORM_SORT_KEYS.includes(sort.key)) throw new Error(`cannot sort forms by ${sort.key}`);
  return ranking.replace('ORDER BY', `ORDER BY ${alias}${sort.key} ${sort.dir === 'asc' ? 'ASC' : 'DESC'} NULLS LAST,`);
}

export type RankedFormRow = Omit<RankedForm, 'total'>;

/** How many forms match `filters` and `ff` (a form with a hit of that rule/severity). */
export async function rankedFormsCount(engine: Engine, filters: Filters, ff: FindingFilters = {}): Promise<number> {
  const count = async (q: SqlFragment) => {
    const [row] = await engine.query<{ n: number }>(`SELECT CAST(count(*) AS INTEGER) AS n FROM (${q.sql}) r`, q.params);
    return row.n;
  };
  return withViewCache(
    engine,
    () => count(cachedRanked(filters, ff)),
    () => count(rankedFormsSql(filters, ff)),
  );
}

/** The ranked forms as form_facts holds them: the scored forms matching the filters, with rank_pos. */
function cachedRanked(filters: Filters, ff: FindingFilters): SqlFragment {
  const w = factsWhere(filters);
  const m = cachedFindingMatch(ff, 'e');
  return {
    sql: `SELECT e.rank_pos FROM form_facts e WHERE e.scored AND ${w.sql}${m ? ` AND ${m.sql}` : ''}`,
    params: [...w.params, ...(m?.params ?? [])],
  };
}

/** The forms at positions offset … offset + limit − 1 of the ranking (highest score first), or of the ranking sorted by one column. */
export async function rankedFormsWindow(
  engine: Engine, filters: Filters, ff: FindingFilters, offset: number, limit: number, sort: SortBy | null = null,
): Promise<RankedFormRow[]> {
  for (const n of [offset, limit]) if (!Number.isInteger(n) || n < 0) throw new Error(`bad window: ${offset}, ${limit}`);
  return withViewCache(
    engine,
    () => {
      // The window is picked by rank_pos alone, then only its rows' columns are read.
      const q = cachedRanked(filters, ff);
      return engine.query<RankedFormRow>(
        `WITH page AS (${q.sql} ${sortedBy(sort, 'e.', 'ORDER BY e.rank_pos')} LIMIT ? OFFSET ?)
         SELECT e.eval_id, e.region, e.department, e.year, e.kind, e.project, e.score, e.raw, e.findings, e.high, e.hits
         FROM form_facts e JOIN page ON page.rank_pos = e.rank_pos
         ${sortedBy(sort, 'e.', 'ORDER BY e.rank_pos')}`,
        [...q.params, limit, offset],
      );
    },
    async () => {
      const q = formsExportSql(filters, ff);
      const sql = sort ? `SELECT * FROM (${q.sql}) s ${sortedBy(sort, 's.', RANK_ORDER)}` : q.sql;
      const rows = await engine.query<FormExportRow>(`${sql} LIMIT ? OFFSET ?`, [...q.params, limit, offset]);
      // The export joins the rule ids with 、, which no rule id contains; DuckDB joins an empty list
      // to NULL, though the export's type says string.
      return rows.map((r) => ({ ...r, hits: r.hits ? r.hits.split('、') : [] }));
    },
  );
}
