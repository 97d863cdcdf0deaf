// How numbers are shown: money in 万元 with thousands separators and exactly 2 decimals (rounded
// half up; the exact value stays in the exports and in the cell's title), rates as percentages
// with one decimal, scores with at most 2 decimals, counts grouped. Exact: decimal.js formats the
// DECIMAL strings the engine returns; nothing passes through a binary float. A blank is shown as —,
// never as 0 (not reported ≠ 0). `formatCell` is the one place a column's kind picks its format.
import Decimal from 'decimal.js';
import type { ColumnKind } from './export-table';

type Num = string | number | bigint | null | undefined;

const blank = (v: unknown): v is null | undefined | '' => v == null || v === '';

function group(intPart: string): string {
  return intPart.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** A decimal with `decimals` places, grouped: `-1234.5` → `-1,234.50`. A rounded-away minus (-0.001) is dropped. */
function grouped(d: Decimal, decimals: number): string {
  const r = d.toDecimalPlaces(decimals, Decimal.ROUND_HALF_UP);
  const [i, f] = r.abs().toFixed(decimals).split('.');
  return (r.isNeg() && !r.isZero() ? '-' : '') + group(i) + (f ? '.' + f : '');
}

/** `1833500.5` → `1,833,500.50`; `0.125` → `0.13` (half up); blank stays blank (—). */
export function formatMoney(v: Num): string {
  if (blank(v)) return '—';
  return grouped(new Decimal(String(v)), 2);
}

/**
 * The exact value (money grouped) when the 2 decimals a money or score cell shows round it (`0.004`
 * shows as `0.00`, its title says `0.004`), so no written value is hidden; undefined when the
 * display is already exact.
 */
export function exactTitle(kind: 'money' | 'score', v: Num): string | undefined {
  if (blank(v)) return undefined;
  const d = new Decimal(String(v));
  if (d.decimalPlaces() <= 2) return undefined;
  if (kind === 'score') return d.toFixed();
  const [i, f] = d.abs().toFixed().split('.');
  return (d.isNeg() ? '-' : '') + group(i) + (f ? '.' + f : '');
}

/** `formatMoney` with the unit users write. */
export function formatWanyuan(v: Num, unit = '万元'): string {
  const s = formatMoney(v);
  return s === '—' ? s : `${s} ${unit}`;
}

/** A ratio as a percentage with one decimal: `0.985` → `98.5%`, `1` → `100.0%`. */
export function formatPercent(v: Num, decimals = 1): string {
  if (blank(v)) return '—';
  return new Decimal(String(v)).times(100).toFixed(decimals, Decimal.ROUND_HALF_UP) + '%';
}

/** Scores and weights with at most 2 decimals (half up), trailing zeros dropped: `10`, `9.5`, a mean of `98.4333…` as `98.43`. */
export function formatScore(v: Num): string {
  if (blank(v)) return '—';
  return new Decimal(String(v)).toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed();
}

/** Counts with thousands separators. */
export function formatCount(v: Num): string {
  if (blank(v)) return '—';
  return group(String(v));
}

/** A cell as its column's kind shows it: the same format in every table of every view. */
export function formatCell(kind: ColumnKind, v: unknown): string {
  if (blank(v)) return kind === 'text' || kind === 'id' ? '' : '—';
  switch (kind) {
    case 'money':
      return formatMoney(v as Num);
    case 'percent':
      return formatPercent(v as Num);
    case 'score':
      return formatScore(v as Num);
    case 'count':
      return formatCount(v as Num);
    default:
      return String(v);
  }
}
