// A written decimal's exact value, worked on its digits: its canonical text (as decimal.js's
// toFixed() writes it), divided by a power of ten (元 → 万元, % → a ratio: a shift of the point),
// its decimals and how its magnitude compares with a limit. That is all the ingest asks of a cell,
// and doing it on the digits costs a fraction of a Decimal per cell over a province's million rows.
// Nothing here is a binary float.

/** A decimal's sign and digits: `int` without leading zeros ('0' for none), `frac` without trailing zeros; zero is never negative. */
export interface Digits {
  negative: boolean;
  int: string;
  frac: string;
}

const ZERO = 48;

/** `n` (a plain decimal: `[+-]?(\d+(\.\d*)?|\.\d+)`) divided by 10^`shift`. */
export function digitsOf(n: string, shift = 0): Digits {
  const signed = n[0] === '-' || n[0] === '+';
  const dot = n.indexOf('.');
  let int = signed ? n.slice(1, dot < 0 ? n.length : dot) : n.slice(0, dot < 0 ? n.length : dot);
  let frac = dot < 0 ? '' : n.slice(dot + 1);
  if (shift > 0) {
    if (int.length < shift) int = '0'.repeat(shift - int.length) + int;
    frac = int.slice(int.length - shift) + frac;
    int = int.slice(0, int.length - shift);
  }
  let lead = 0;
  while (lead < int.length && int.charCodeAt(lead) === ZERO) lead++;
  let end = frac.length;
  while (end > 0 && frac.charCodeAt(end - 1) === ZERO) end--;
  int = lead === int.length ? '0' : int.slice(lead);
  frac = frac.slice(0, end);
  return { negative: n[0] === '-' && (int !== '0' || frac !== ''), int, frac };
}

/** The canonical text: `-12.5`, `0.05`, `7`. */
export const digitsText = (d: Digits): string => (d.negative ? '-' : '') + d.int + (d.frac === '' ? '' : `.${d.frac}`);

/** −1, 0 or 1 as |a| is below, equal to or above |b|. */
export function compareAbs(a: Digits, b: Digits): number {
  if (a.int.length !== b.int.length) return a.int.length < b.int.length ? -1 : 1;
  if (a.int !== b.int) return a.int < b.int ? -1 : 1;
  // Without trailing zeros, fractions order as their digit strings do (a prefix is the smaller).
  if (a.frac !== b.frac) return a.frac < b.frac ? -1 : 1;
  return 0;
}
