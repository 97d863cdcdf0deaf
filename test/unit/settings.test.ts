import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { SETTINGS } from '../../src/analysis/rules/index';
import {
  DEFAULT_SETTINGS, NUMERIC_SETTINGS, parseSettings, resolveSettings, settingLabel, settingsAssignments, settingsOf, type RuleSettings,
} from '../../src/analysis/settings';

describe('rule settings as people write them', () => {
  it('reads numbers and lists', () => {
    expect(parseSettings(['adjustmentBound=0.3', 'placeholders=无,/、-'])).toEqual({ adjustmentBound: 0.3, placeholders: ['无', '/', '-'] });
    expect(resolveSettings(parseSettings(['copiedJaccard = 0.9'])).copiedJaccard).toBe(0.9);
    expect(resolveSettings(parseSettings([])).adjustmentBound).toBe(DEFAULT_SETTINGS.adjustmentBound);
  });
  it('refuses unknown names and values that are not numbers', () => {
    expect(() => parseSettings(['nope=1'])).toThrow(/unknown setting/);
    expect(() => parseSettings(['adjustmentBound=二十'])).toThrow(/not a non-negative number/);
    expect(() => parseSettings(['adjustmentBound='])).toThrow();
    expect(() => parseSettings(['adjustmentBound=-1'])).toThrow();
  });
});

describe('settings ⇄ assignments (the URL\'s set= and the CLI\'s --set)', () => {
  // List items are words: a comma (or 、，) separates them, so an item cannot hold one.
  const word = fc.string({ minLength: 1, maxLength: 6 }).filter((s) => s.trim() === s && s !== '' && !/[,，、\u001f]/.test(s));
  const settings = fc.record(
    Object.fromEntries(
      [...SETTINGS].map(([name, s]) => [
        name,
        s.kind === 'number'
          ? fc.oneof(fc.constant(s.default), fc.double({ min: 0, max: 1e6, noNaN: true, noDefaultInfinity: true }))
          : fc.oneof(fc.constant(s.default), fc.uniqueArray(word, { minLength: 1, maxLength: 5 })),
      ]),
    ),
    { requiredKeys: [] },
  ) as fc.Arbitrary<Partial<RuleSettings>>;

  it('parseSettings(settingsAssignments(s)) gives s back, and writes only what differs from the defaults', () => {
    fc.assert(
      fc.property(settings, (s) => {
        const assignments = settingsAssignments(s);
        expect(resolveSettings(parseSettings(assignments))).toEqual(resolveSettings(s));
        const differing = Object.entries(s).filter(([k, v]) => JSON.stringify(v) !== JSON.stringify(DEFAULT_SETTINGS[k as keyof RuleSettings]));
        expect(assignments.map((a) => a.slice(0, a.indexOf('=')))).toEqual(
          [...SETTINGS.keys()].filter((k) => differing.some(([d]) => d === k)),
        );
      }),
      { numRuns: 200 },
    );
  });

  it('the defaults are no assignment at all; a bad link falls back to the defaults', () => {
    expect(settingsAssignments(DEFAULT_SETTINGS)).toEqual([]);
    expect(settingsAssignments({ adjustmentBound: 0.5 })).toEqual(['adjustmentBound=0.5']);
    expect(settingsOf(['adjustmentBound=0.5']).adjustmentBound).toBe(0.5);
    expect(settingsOf(['adjustmentBound=二十'])).toEqual(DEFAULT_SETTINGS);
  });

  it('names every numeric setting on the panel, in both languages', () => {
    expect(NUMERIC_SETTINGS).toContain('adjustmentBound');
    expect(NUMERIC_SETTINGS).not.toContain('placeholders');
    expect(settingLabel('adjustmentBound', 'zh')).toBe('年中预算调整幅度上限（0.2 = 20%）');
    expect(settingLabel('adjustmentBound', 'en')).toBe('Mid-year budget adjustment bound (0.2 = 20%)');
  });
});
