// How numbers are shown: money in 万元 with thousands separators and the decimals people wrote
// (at most 4, trailing zeros dropped), rates as percentages with one decimal. Exact: decimal.js
// formats the DECIMAL strings the engine returns; nothing passes through a binary float.
import Decimal from 'decimal.js';

type Num = string | number | null | undefined;

function group(intPart: string): string {
  return intPart.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** `1833500.5` → `1,833,500.5`; `183.35` → `183.35`; blank stays blank (not reported ≠ 0). */
export function formatMoney(v: Num, maxDecimals = 4): string {
  if (v == null || v === '') return '—';
  const d = new Decimal(v).toDecimalPlaces(maxDecimals);
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
  if (v == null || v === '') return '—';
  return new Decimal(v).times(100).toFixed(decimals) + '%';
}

/**
 * Scores and weights with at most `maxDecimals` decimals (half up), trailing zeros dropped: `10`,
 * `9.5`, a mean of `98.4333…` as `98.43`. The form view passes more, to show a cell as written.
 */
export function formatScore(v: Num, maxDecimals = 2): string {
  if (v == null || v === '') return '—';
  return new Decimal(v).toDecimalPlaces(maxDecimals, Decimal.ROUND_HALF_UP).toFixed();
}

/** Counts with thousands separators. */
export function formatCount(v: Num): string {
  if (v == null || v === '') return '—';
  return group(String(v));
}
