// Sorting a table by one of its columns, as a header click asks: figures compared exactly (decimal
// strings through decimal.js, never as floats), texts in Chinese collation with digits as numbers,
// blanks last whichever the direction, and rows that tie keep their order — which is the ranking's
// own order, so a sort by 发现数 still lists tied rows by score.
import Decimal from 'decimal.js';

export type SortDir = 'asc' | 'desc';

export interface SortBy {
  key: string;
  dir: SortDir;
}

const collator = new Intl.Collator('zh-CN', { numeric: true });

/** A comparable figure, or null for a blank or a text. */
function figure(v: unknown): Decimal | null {
  if (typeof v === 'number' || typeof v === 'bigint' || (typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v.trim()))) {
    return new Decimal(typeof v === 'bigint' ? v.toString() : v);
  }
  return null;
}

const blank = (v: unknown) => v == null || v === '' || (Array.isArray(v) && v.length === 0);

/** Compares two cells of one column: figures by value, anything else as text (a list by its first item). */
export function compareCells(a: unknown, b: unknown): number {
  const x = figure(a);
  const y = figure(b);
  if (x && y) return x.comparedTo(y);
  if (x) return -1; // figures before texts
  if (y) return 1;
  const text = (v: unknown) => (Array.isArray(v) ? v.map(String).join('、') : String(v));
  return collator.compare(text(a), text(b));
}

/** `rows` sorted by `by` (a copy; the rows as given when `by` is null). Stable; blanks last. */
export function sortRows<T extends object>(rows: readonly T[], by: SortBy | null): T[] {
  if (!by) return [...rows];
  const sign = by.dir === 'asc' ? 1 : -1;
  const cell = (r: T) => (r as Record<string, unknown>)[by.key];
  return rows
    .map((r, i) => ({ r, i }))
    .sort((p, q) => {
      const a = cell(p.r);
      const b = cell(q.r);
      if (blank(a) || blank(b)) return blank(a) === blank(b) ? p.i - q.i : blank(a) ? 1 : -1;
      return sign * compareCells(a, b) || p.i - q.i;
    })
    .map((x) => x.r);
}

/** The sort after a click on column `key`: a new column starts at `first`, the same one flips, a third click goes back to the ranking. */
export function nextSort(current: SortBy | null, key: string, first: SortDir): SortBy | null {
  if (!current || current.key !== key) return { key, dir: first };
  if (current.dir === first) return { key, dir: first === 'asc' ? 'desc' : 'asc' };
  return null;
}
