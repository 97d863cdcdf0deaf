// Thousands of rows (a province has ~6,000 departments) cost more to hand over from the engine than
// the query takes, and list and DECIMAL columns most: the department lists carry them in a cheaper
// form and turn them back here, into the very values the engine would have given.
import { raw, sql, type SqlFragment } from '../../db/sql';
import type { ViewCache } from './cache-state';

/** A whole number ≥ 0 for LIMIT, or an error (it still travels as a parameter). */
export function limitParam(limit: number): number {
  if (!Number.isInteger(limit) || limit < 0) throw new Error(`bad limit: ${limit}`);
  return limit;
}

const MASK_BITS = 52;

/**
 * `list(DISTINCT year ORDER BY year)` of a group as a bit mask over the cache's years (bit i =
 * yearBase + i), or as text ('2021,2023') when they span more than 52 years; yearsOf() reads either.
 */
export function yearList(cache: ViewCache): SqlFragment {
  return cache.yearSpan <= MASK_BITS
    ? sql`bit_or(CAST(1 AS BIGINT) << CAST(year - CAST(${cache.yearBase} AS INTEGER) AS BIGINT))`
    : raw(`array_to_string(list_sort(list_distinct(list(year))), ',')`);
}

export function yearsOf(cache: ViewCache, value: number | string | null): number[] {
  if (value == null) return [];
  if (typeof value === 'string') return value.split(',').map(Number);
  const years: number[] = [];
  for (let bit = 0, rest = value; rest > 0; bit++, rest = Math.floor(rest / 2)) if (rest % 2 === 1) years.push(cache.yearBase + bit);
  return years;
}

/** A DECIMAL as its text ('61.50'), which decimalOf() writes as the engine does (db/engine.ts decimalFromUnscaled: '61.5'). */
export const decimalText = (x: string) => `CAST(${x} AS VARCHAR)`;
export const decimalOf = (text: string | null): string | null => (text != null && text.includes('.') ? text.replace(/\.?0+$/, '') : text);
