// What a cell of each column type may hold, checked before staging. load.ts CASTs the staged
// text to the columns' SQL types; a value outside these limits would make that CAST throw (and
// abort the whole load) or round (DuckDB rounds extra decimals without a word). So every limit is
// the SQL type's own capacity, narrowed where the product promises less.
import Decimal from 'decimal.js';
import { MONEY, RATE, SCORE } from '../db/schema';
import type { ColumnType } from './headers';

/** The SQL type of target_value / actual_value (the number read out of a target's text). */
export const MEASURE = 'DECIMAL(20,6)';

export interface DecimalLimit {
  /** The column's SQL type, e.g. `DECIMAL(12,4)`. */
  sqlType: string;
  /** Largest magnitude taken, inclusive. */
  maxAbs: Decimal;
  /** Most decimals taken: more are refused, never rounded. */
  scale: number;
}

/** A DECIMAL(p,s) holds up to 10^(p−s) − 10^−s with s decimals; `cap` narrows the magnitude. */
function decimalLimit(sqlType: string, cap?: string): DecimalLimit {
  const m = /^DECIMAL\((\d+),(\d+)\)$/.exec(sqlType.replace(/\s+/g, ''));
  if (!m) throw new Error(`not a DECIMAL(p,s) type: ${sqlType}`);
  const [precision, scale] = [Number(m[1]), Number(m[2])];
  const capacity = new Decimal(10).pow(precision - scale).minus(new Decimal(10).pow(-scale));
  return { sqlType, maxAbs: cap == null ? capacity : Decimal.min(capacity, cap), scale };
}

export interface IntegerLimit {
  min: number;
  max: number;
}

/** Decimal column types → their limit. Money in 万元: up to 10^12 (beyond any country's budget). */
export const DECIMAL_LIMITS = {
  money: decimalLimit(MONEY, '1e12'),
  number: decimalLimit(SCORE),
  percent: decimalLimit(RATE),
  measure: decimalLimit(MEASURE),
} satisfies Partial<Record<ColumnType, DecimalLimit>> & { measure: DecimalLimit };

/** Integer column types → their range: a 年度 is a calendar year; 编制数 and the like fit SQL INTEGER. */
export const INTEGER_LIMITS = {
  year: { min: 1900, max: 2100 },
  int: { min: -(2 ** 31), max: 2 ** 31 - 1 },
} satisfies Partial<Record<ColumnType, IntegerLimit>>;
