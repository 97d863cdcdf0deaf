// Which findings the figures count (the 发现计数 switch): every finding the rules produced ('all'),
// those not dismissed ('open': confirmed and to review), or the confirmed ones only ('confirmed':
// reviewed figures for leadership). A finding's review state has one definition, reviewed_findings
// (review/identity.ts); this reads it, never a second test of "open" or "confirmed".
//
// The views' cache (cache.ts) is built by the analysis from every finding, but marks change without
// re-analysing. So under 'open' or 'confirmed' the queries read form_facts and finding_groups as
// they would be had the analysis seen only the counted findings, derived at query time:
//   - a department no mark names counts as in the cache under 'open' (none of its findings is
//     dismissed) and counts nothing under 'confirmed' (none is confirmed);
//   - the departments the marks name — few: an officer's review — are counted again from their
//     findings' states: their forms' rule hits, findings and boilerplate score (the same SQL as the
//     cache's and form_scores'), and the forms' ranking positions over them all.
// Only the findings a mark may match (its rule, in its department) go through the identity
// (findingCellsSql), so this stays cheap at a province's scale.
import type { Engine } from '../../db/engine';
import { raw, sql, type SqlFragment } from '../../db/sql';
import { BOILERPLATE_CAP, formPointsSql } from '../boilerplate';
import { formRuleHitsSql } from '../derived/form-rule-hits';
import { ensureMarks, markableCellsSql, namedByMarks, reviewedFindingsSql } from '../../review/identity';
import { selectionWhere } from '../../review/store';
import { findingCountsSql, formHitsAggSql } from './cache';
import { RANK_ORDER } from './order';

export const FINDING_COUNTS = ['all', 'open', 'confirmed'] as const;
export type FindingCount = (typeof FINDING_COUNTS)[number];

export const isFindingCount = (v: unknown): v is FindingCount => (FINDING_COUNTS as readonly unknown[]).includes(v);

/**
 * What a query reads for findings, form_facts and finding_groups under a counting: `defs`, CTE
 * definitions to put first in the query's WITH (each followed by a comma; empty for 'all'), and the
 * names to read.
 */
export interface CountedCache {
  count: FindingCount;
  defs: SqlFragment;
  findings: SqlFragment;
  facts: SqlFragment;
  groups: SqlFragment;
}

/** Every finding counts: the cache as the analysis built it. */
export const ALL_COUNTED: CountedCache = { count: 'all', defs: raw(''), findings: raw('findings'), facts: raw('form_facts'), groups: raw('finding_groups') };

/** The departments the marks name, as (coalesce(region, ''), department). */
const MARKED = `SELECT DISTINCT coalesce(region, '') AS region, department FROM review_marks`;
/**
 * The findings of the departments the marks name, as reviewed_findings reads them (only those of a
 * rule a mark names there get their identity: markableCellsSql).
 */
const MARKED_FINDINGS = markableCellsSql(namedByMarks('f'));

/** The findings columns (findings' own, in its order) of the counted findings. */
const FINDING_COLUMNS = 'r.rule, r.severity, r.eval_id, r.seq, r.region, r.department, r.year, r.item, r.field, r.seqs, r.related, r.detail, r.detail_en';

/** form_facts' columns that depend on the findings, as a form's counted hits (`a`) and points (`p`) give them. */
function recounted(keepCache: string): string {
  const pick = (column: string, counted: string) => `CASE WHEN ${keepCache} THEN e.${column} ELSE ${counted} END AS ${column}`;
  const score = `CASE WHEN e.scored THEN CAST(least(${BOILERPLATE_CAP}, coalesce(p.raw, 0)) AS INTEGER) END`;
  const uncapped = `CASE WHEN e.scored THEN CAST(coalesce(p.raw, 0) AS INTEGER) END`;
  return [
    pick('fs_score', score), pick('score', score), pick('fs_raw', uncapped), pick('raw', uncapped),
    pick('hits', 'coalesce(a.hits, [])'), pick('findings', 'CAST(coalesce(a.findings, 0) AS INTEGER)'),
    pick('high', 'CAST(coalesce(a.high, 0) AS INTEGER)'), pick('hit_sevs', 'coalesce(a.hit_sevs, [])'),
    pick('hit_tags', 'coalesce(a.hit_tags, [])'), pick('own_sevs', 'coalesce(a.own_sevs, [])'),
  ].join(',\n      ');
}

/**
 * The cache as `count` counts findings. Reads the marks (review_marks, made here when missing): the
 * figures follow every mark set since the last analysis.
 */
export async function countedCache(engine: Engine, count: FindingCount = 'all'): Promise<CountedCache> {
  if (count === 'all') return ALL_COUNTED;
  await ensureMarks(engine);
  const state = selectionWhere({ state: count });
  // Under 'open' a form of a department no mark names keeps its cached figures.
  const keepCache = count === 'open' ? 'md.department IS NULL' : 'FALSE';
  const defs = sql`
    counted_findings AS (
      SELECT ${raw(FINDING_COLUMNS)} FROM (${raw(reviewedFindingsSql(MARKED_FINDINGS))}) r WHERE ${state}
    ),
    counted_hits AS (${raw(formRuleHitsSql('counted_findings'))}),
    counted_facts AS (
      WITH md AS (${raw(MARKED)}),
      x AS (
        SELECT e.* REPLACE (
          ${raw(recounted(keepCache))}
        )
        FROM form_facts e
        LEFT JOIN (${raw(formHitsAggSql('counted_hits'))}) a ON a.eval_id = e.eval_id
        LEFT JOIN (${raw(formPointsSql('counted_hits'))}) p ON p.eval_id = e.eval_id
        LEFT JOIN md ON md.region = coalesce(e.region, '') AND md.department = e.department
      )
      SELECT x.* REPLACE (CASE WHEN x.scored THEN CAST(row_number() OVER (PARTITION BY x.scored ${raw(RANK_ORDER)}) AS INTEGER) END AS rank_pos)
      FROM x
    ),
    counted_groups AS (
      WITH d AS (SELECT DISTINCT region, department, dept_kind, dept_id, dkey FROM finding_groups),
      g AS (${raw(findingCountsSql('counted_findings'))})
      SELECT g.*, d.dept_kind, d.dept_id, d.dkey
      FROM g JOIN d ON d.region IS NOT DISTINCT FROM g.region AND d.department IS NOT DISTINCT FROM g.department
      ${raw(count === 'open' ? `UNION ALL BY NAME SELECT fg.* FROM finding_groups fg WHERE NOT ${namedByMarks('fg')}` : '')}
    ),`;
  return { count, defs, findings: raw('counted_findings'), facts: raw('counted_facts'), groups: raw('counted_groups') };
}
