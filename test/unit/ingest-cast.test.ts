// The staged text → DECIMAL cast of the ingest (castFromText: through 18 digits where a value fits
// them, wide only where not) gives what a direct CAST gives, for any value a wide column's limit lets
// through: up to its magnitude, negative, with any number of its decimals, and NULL.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/db/engine';
import { openNodeEngine } from '../../src/db/node';
import { castFromText } from '../../src/ingest/load';
import { DECIMAL_LIMITS, MEASURE } from '../../src/ingest/limits';
import { MONEY } from '../../src/db/schema';

let engine: Engine;
beforeAll(async () => {
  engine = await openNodeEngine();
});
afterAll(() => engine.close());

/** Canonical decimals of up to `intDigits` integer digits and 6 decimals, and the limit itself. */
const values = (intDigits: number, max: string) =>
  fc.array(
    fc.oneof(
      fc.tuple(fc.boolean(), fc.stringMatching(new RegExp(`^[1-9][0-9]{0,${intDigits - 1}}$`)), fc.stringMatching(/^[0-9]{0,5}[1-9]$/)).map(([neg, i, f]) => `${neg ? '-' : ''}${i}.${f}`),
      fc.constantFrom(max, `-${max}`, '0', '0.000001', null),
    ),
    { minLength: 1, maxLength: 40 },
  );

describe('castFromText', () => {
  for (const [name, type, max] of [['money', MONEY, DECIMAL_LIMITS.money.maxAbs.toFixed()], ['measure', MEASURE, DECIMAL_LIMITS.measure.maxAbs.toFixed()]] as const) {
    it(`${name} (${type}): equals a direct CAST for any value within the limit (property)`, async () => {
      const intDigits = max.split('.')[0].length;
      await fc.assert(
        fc.asyncProperty(values(intDigits, max), async (vs) => {
          const list = vs.map((v) => (v == null ? 'NULL' : `'${v}'`)).join(', ');
          const rows = await engine.query<{ narrow: string | null; direct: string | null }>(
            `SELECT ${castFromText('v', type)}::VARCHAR AS narrow, CAST(v AS ${type})::VARCHAR AS direct FROM (SELECT unnest([${list}]::VARCHAR[]) AS v)`,
          );
          expect(rows.map((r) => r.narrow)).toEqual(rows.map((r) => r.direct));
          expect(rows.length).toBe(vs.length);
        }),
        { numRuns: 60 },
      );
    });
  }
  it('a column of 18 digits or fewer is a plain CAST', () => {
    expect(castFromText('x', 'DECIMAL(12,4)')).toBe('CAST(x AS DECIMAL(12,4))');
    expect(castFromText('x', 'INTEGER')).toBe('CAST(x AS INTEGER)');
  });
});
