// Exact amounts. Money is held as integer hundredths of 万元 (the CSV shows 2 decimals) and
// scores as integer hundredths of a point, so every sum the analysis re-checks is exact: no
// binary float is ever added up.

/** 万元 given as a float from a random draw → integer hundredths (the only place floats round). */
export function cents(wan: number): number {
  return Math.round(wan * 100);
}

/** Hundredths → "183.35" (always two decimals, as the contract's sample money). */
export function money(c: number): string {
  const sign = c < 0 ? '-' : '';
  const a = Math.abs(c);
  return `${sign}${Math.floor(a / 100)}.${String(a % 100).padStart(2, '0')}`;
}

/** Hundredths of a point → "8.5", "10", "92.35" (trailing zeros dropped, as people write scores). */
export function points(h: number): string {
  const sign = h < 0 ? '-' : '';
  const a = Math.abs(h);
  const whole = Math.floor(a / 100);
  const frac = a % 100;
  if (frac === 0) return `${sign}${whole}`;
  if (frac % 10 === 0) return `${sign}${whole}.${frac / 10}`;
  return `${sign}${whole}.${String(frac).padStart(2, '0')}`;
}

/** Hundredths of a point → "10.00": the 执行率得分 cell is written with two decimals on real forms. */
export function points2(h: number): string {
  return money(h);
}

/** executed ÷ budget_full in hundredths of a percent (9850 = 98.50%), rounded half up, exact. */
export function rateBp(executed: number, full: number): number {
  if (full <= 0) return 0;
  return Math.floor((executed * 10000 * 2 + full) / (2 * full));
}

/** 9850 → "98.50%". */
export function percent(bp: number): string {
  return `${Math.floor(bp / 100)}.${String(bp % 100).padStart(2, '0')}%`;
}

/** min(rate, 1) × weight in hundredths of a point; rate in hundredths of a percent, weight whole points. */
export function execScoreOf(bp: number, weight: number): number {
  const capped = Math.min(bp, 10000);
  // capped/10000 × weight points = capped × weight / 100 hundredths; round half up.
  return Math.floor((capped * weight * 2 + 100) / 200);
}

/** Splits `total` hundredths into parts by the given shares (0..1), the last part taking the rest. */
export function splitCents(total: number, shares: number[]): number[] {
  const out: number[] = [];
  let left = total;
  for (const s of shares) {
    const part = Math.min(left, Math.floor(total * s));
    out.push(part);
    left -= part;
  }
  out.push(left);
  return out;
}
