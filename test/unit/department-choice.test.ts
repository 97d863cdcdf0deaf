// Same-named departments: a link means one department when its name and region filter say which.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chooseDepartment, type NamedDepartment } from '../../src/analysis/department-choice';

const 财政局 = (region: string | null): NamedDepartment => ({ department: '财政局', region });

describe('chooseDepartment', () => {
  it('a name in one region is that department; in two, the region filter says which', () => {
    expect(chooseDepartment([财政局('甲县')], []).chosen).toEqual(财政局('甲县'));
    const two = [财政局('甲县'), 财政局('乙县')];
    expect(chooseDepartment(two, [])).toEqual({ matching: two, chosen: null });
    expect(chooseDepartment(two, ['乙县']).chosen).toEqual(财政局('乙县'));
    expect(chooseDepartment(two, ['甲县', '乙县'])).toEqual({ matching: two, chosen: null });
  });

  it('a region filter that names none of them does not apply; a department without a region is never in one', () => {
    const two = [财政局('甲县'), 财政局(null)];
    expect(chooseDepartment(two, ['丙县'])).toEqual({ matching: two, chosen: null });
    expect(chooseDepartment(two, ['甲县']).chosen).toEqual(财政局('甲县'));
    expect(chooseDepartment([], ['甲县'])).toEqual({ matching: [], chosen: null });
  });

  it('for any candidates and filter: the matches are those in a filtered region, else all; chosen exactly when one is left', () => {
    const region = fc.option(fc.constantFrom<string>('甲县', '乙县', '丙县'), { nil: null });
    fc.assert(
      fc.property(fc.uniqueArray(region).map((rs) => rs.map(财政局)), fc.array(fc.constantFrom<string>('甲县', '乙县', '丙县', '丁县')), (candidates, regions) => {
        const { matching, chosen } = chooseDepartment(candidates, regions);
        const filtered = candidates.filter((c) => c.region != null && regions.includes(c.region));
        expect(matching).toEqual(filtered.length > 0 ? filtered : candidates);
        expect(chosen).toBe(matching.length === 1 ? matching[0] : null);
      }),
    );
  });
});
