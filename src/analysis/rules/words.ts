// Thresholds as a rule's condition shows them (its conditionZh / conditionEn templates): exact, from
// the setting's decimal text, never a binary float's digits (0.07 × 100 is 7.000000000000001).
import Decimal from 'decimal.js';

/** A ratio as a percentage: 0.2 → '20%', 0.055 → '5.5%'. */
export const percent = (ratio: number): string => `${new Decimal(String(ratio)).times(100).toFixed()}%`;

/** A number as written: 0.10 → '0.1', 5 → '5'. */
export const number = (x: number): string => new Decimal(String(x)).toFixed();

/** Words of a list, as a sentence lists them in Chinese (、) or English (, ). */
export const wordsZh = (items: readonly string[]): string => items.join('、');
export const wordsEn = (items: readonly string[]): string => items.join(', ');
