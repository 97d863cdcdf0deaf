// The ingest's decimal work on digits (src/ingest/exact.ts) against decimal.js, for any decimal
// written the ways files write them: leading and trailing zeros, signs, a bare point, negative zero,
// shifted by the powers of ten the ingest divides by (元 → 万元, % and ‰ → a ratio). And the cell
// folding's shortcut (a cell with nothing to fold is taken as it is) against folding every cell.
import Decimal from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareAbs, digitsOf, digitsText } from '../../src/ingest/exact';
import { DECIMAL_LIMITS, type DecimalLimit } from '../../src/ingest/limits';
import { parseMeasure, parseMoney, parseNumber, parsePercent, toHalfWidth } from '../../src/ingest/values';

const Exact = Decimal.clone({ precision: 1000 });
const digitRun = fc.stringMatching(/^[0-9]{0,14}$/);
/** A plain decimal as the ingest's lexer passes it on: `[+-]?(\d+(\.\d*)?|\.\d+)`. */
const plainDecimal = fc
  .tuple(fc.constantFrom('', '+', '-'), digitRun, fc.boolean(), digitRun)
  .filter(([, int, dot, frac]) => int !== '' || (dot && frac !== ''))
  .map(([sign, int, dot, frac]) => `${sign}${int}${dot ? `.${frac}` : ''}`);
const EXAMPLES = ['0', '-0', '+0', '-0.000', '007.50', '.5', '-.5', '5.', '000', '1000000000000', '999999999999.999999', '-0.0001'];

describe('decimals on their digits equal decimal.js', () => {
  it('the canonical text, the decimals and the sign of any plain decimal divided by 10^0…6', () => {
    fc.assert(
      fc.property(plainDecimal, fc.integer({ min: 0, max: 6 }), (n, shift) => {
        const want = new Exact(n).div(new Exact(10).pow(shift));
        const d = digitsOf(n, shift);
        expect(digitsText(d)).toBe(want.toFixed());
        expect(d.frac.length).toBe(want.decimalPlaces());
        expect(d.negative).toBe(want.isNegative() && !want.isZero());
      }),
      { numRuns: 3000, examples: EXAMPLES.flatMap((n) => [0, 2, 4].map((k): [string, number] => [n, k])) },
    );
  });

  it('magnitudes compare as decimal.js compares them', () => {
    fc.assert(
      fc.property(plainDecimal, plainDecimal, (a, b) => {
        expect(compareAbs(digitsOf(a), digitsOf(b))).toBe(new Decimal(a).abs().cmp(new Decimal(b).abs()));
      }),
      { numRuns: 3000, examples: [['0.5', '0.50'], ['-0', '0'], ['10', '9.99'], ['0.6', '0.51'], ['007', '7.000']] },
    );
  });

  it('the parsers give decimal.js\'s values for money in 万元 and 元, scores, percents both ways and measures', () => {
    fc.assert(
      fc.property(plainDecimal, (n) => {
        const ok = (r: { ok: boolean; value?: string | null }) => (r.ok ? r.value : 'refused');
        const within = (d: Decimal, { maxAbs, scale }: DecimalLimit, outside = 'refused') => (d.abs().gt(maxAbs) || d.decimalPlaces() > scale ? outside : d.toFixed());
        const { money, number, percent, measure } = DECIMAL_LIMITS;
        expect(ok(parseMoney(n))).toBe(within(new Exact(n), money));
        expect(ok(parseMoney(`${n}元`))).toBe(within(new Exact(n).div(10000), money));
        expect(ok(parseNumber(n))).toBe(within(new Exact(n), number));
        expect(ok(parsePercent(`${n}%`, 'ratio'))).toBe(within(new Exact(n).div(100), percent));
        expect(ok(parsePercent(n, 'points'))).toBe(within(new Exact(n).div(100), percent));
        expect(ok(parsePercent(n, 'ratio'))).toBe(within(new Exact(n), percent));
        if (/^\d+(\.\d+)?$/.test(n)) {
          const m = parseMeasure(`达到${n}‰`);
          expect(m.ok ? m.measure?.value : 'none').toBe(within(new Exact(n).div(1000), measure, 'none'));
        }
      }),
      { numRuns: 2000, examples: EXAMPLES.map((n) => [n]) },
    );
  });
});

describe('cell folding', () => {
  it('toHalfWidth of any text equals folding every full-width character and ideographic space', () => {
    const fold = (s: string) => s.replace(/[\uff01-\uff5e]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/\u3000/g, ' ');
    const chars = fc.constantFrom('1', '.', ',', ' ', '\u3000', '\uff11', '\uff0e', '\uff0c', '\uff05', '万', '元', '%', '\t', '\u00a0', '-', '\uff0d');
    fc.assert(
      fc.property(fc.array(chars, { maxLength: 12 }).map((a) => a.join('')), (s) => {
        expect(toHalfWidth(s)).toBe(fold(s));
      }),
      { numRuns: 2000 },
    );
  });

  it('a cell written with full-width digits, ideographic or other spaces reads as the same cell in ASCII', () => {
    const wide = (s: string) => s.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
    fc.assert(
      fc.property(plainDecimal, fc.constantFrom('', ' ', '\u3000', '\t', '\u00a0'), (n, pad) => {
        // Refusals quote the cell as written; what is compared is what is taken.
        const taken = (r: { ok: boolean; value?: string | null }) => (r.ok ? r.value : 'refused');
        expect(taken(parseMoney(`${pad}${wide(n)}万元${pad}`))).toBe(taken(parseMoney(n)));
        expect(taken(parseNumber(`${pad}${n}${pad}`))).toBe(taken(parseNumber(n)));
      }),
      { numRuns: 1000 },
    );
  });
});
