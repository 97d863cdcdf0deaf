// The page's URL has one reader and one writer (app/state/url.ts): whatever a page can be in, the
// link it writes opens the same page — view state, language and dataset alike.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FINDING_COUNTS } from '../../src/analysis/queries/counted';
import { parseUrl, urlSearch, VIEWS, type PageUrl } from '../../src/app/state/url';

// List values travel comma-separated as well as repeated, so an item is any text without a comma.
const item = fc.string({ minLength: 1 }).filter((s) => !s.includes(','));
const single = fc.option(fc.string({ minLength: 1 }), { nil: null });

const page: fc.Arbitrary<PageUrl> = fc.record({
  route: fc.record({
    view: fc.constantFrom(...VIEWS),
    years: fc.array(fc.integer({ min: 1990, max: 2100 })),
    regions: fc.array(item),
    deptKinds: fc.array(item),
    departments: fc.array(item),
    dept: single,
    form: single,
    other: single,
    rule: single,
    severity: single,
    bin: single,
    sql: single,
    settings: fc.array(fc.string()),
    count: fc.constantFrom(...FINDING_COUNTS),
  }),
  lang: fc.constantFrom('zh' as const, 'en' as const),
  dataset: single,
});

describe('the page URL', () => {
  it('reads back what it wrote, for any page', () => {
    fc.assert(
      fc.property(page, (p) => {
        expect(parseUrl(urlSearch(p))).toEqual(p);
      }),
    );
  });

  it('keeps the language and the dataset beside the view state, and falls back where a value is unknown', () => {
    const p = parseUrl('?view=sql&lang=en&dataset=datasets%2Fcounty%2F&year=2023,2024&department=a&department=b');
    expect(p.lang).toBe('en');
    expect(p.dataset).toBe('datasets/county/');
    expect(p.route.years).toEqual([2023, 2024]);
    expect(p.route.departments).toEqual(['a', 'b']);
    expect(parseUrl('?view=nope&lang=fr')).toMatchObject({ route: { view: 'overview' }, lang: 'zh', dataset: null });
    expect(urlSearch({ ...p, lang: 'zh' })).not.toMatch(/lang=/);
  });

  it('names a histogram bin for the execution view, and reads it back', () => {
    const p = parseUrl('?view=execution&bin=95-100&year=2023');
    expect(p.route).toMatchObject({ view: 'execution', bin: '95-100', years: [2023] });
    expect(new URLSearchParams(urlSearch(p)).get('bin')).toBe('95-100');
    expect(parseUrl(urlSearch({ ...p, route: { ...p.route, bin: 'exact100' } })).route.bin).toBe('exact100');
    expect(parseUrl('?view=execution').route.bin).toBeNull();
    expect(urlSearch({ ...p, route: { ...p.route, bin: null } })).not.toMatch(/bin=/);
  });

  it('keeps which findings are counted, all by default and for a value it does not know', () => {
    expect(parseUrl('?view=overview&count=confirmed').route.count).toBe('confirmed');
    expect(parseUrl('?view=findings&count=open').route.count).toBe('open');
    expect(parseUrl('?view=overview').route.count).toBe('all');
    expect(parseUrl('?view=overview&count=dismissed').route.count).toBe('all');
    const p = parseUrl('?view=overview&count=confirmed');
    expect(urlSearch(p)).toContain('count=confirmed');
    expect(urlSearch({ ...p, route: { ...p.route, count: 'all' } })).not.toMatch(/count=/);
  });
});
