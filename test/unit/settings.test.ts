import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, parseSettings, resolveSettings } from '../../src/analysis/settings';

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
