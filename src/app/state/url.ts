// The page's URL, read and written in one place. It holds the view state (Route: view, filters, the
// selected department and form, findings filters, the SQL text, thresholds) and the page's own
// parameters (the language, the dataset it opened), so that a link reproduces what a colleague sees.
// Pure: url.svelte.ts keeps the reactive route and history, lang and dataset read their part here.
import { isFindingCount, type FindingCount } from '../../analysis/queries/counted';
import type { Filters } from '../../analysis/queries/filters';
import { isLang, type Lang } from '../../format/i18n';

export const VIEWS = ['data', 'overview', 'findings', 'form', 'department', 'sangong', 'execution', 'sql', 'notice', 'compare'] as const;
export type View = (typeof VIEWS)[number];

export interface Route {
  view: View;
  years: number[];
  regions: string[];
  deptKinds: string[];
  departments: string[];
  /** Selected department (department view), as `region|department` is not needed: names + region filter suffice. */
  dept: string | null;
  /** Selected form (form view; the left form of the compare view). */
  form: string | null;
  /** The form compared with `form` (compare view). */
  other: string | null;
  rule: string | null;
  severity: string | null;
  /** An execution-rate bin of the histogram (`?bin=95-100`, `exact100` …, as execution.ts names them): the execution view lists its forms. */
  bin: string | null;
  sql: string | null;
  /** Rule thresholds other than the defaults, as `name=value` (`?set=adjustmentBound=0.3`). */
  settings: string[];
  /** Which findings the overview and the rankings count (`?count=open|confirmed`; all when absent). */
  count: FindingCount;
}

/** Everything the URL says: the view state, and the language and dataset, which belong to the page. */
export interface PageUrl {
  route: Route;
  lang: Lang;
  /** `?dataset=URL`: a dataset served beside the app (relative to the page). */
  dataset: string | null;
}

const LISTS = ['years', 'regions', 'deptKinds', 'departments'] as const;
const SINGLES = ['dept', 'form', 'other', 'rule', 'severity', 'bin', 'sql'] as const;
const PARAM: Record<(typeof LISTS)[number], string> = { years: 'year', regions: 'region', deptKinds: 'dkind', departments: 'department' };

export function parseUrl(search: string): PageUrl {
  const q = new URLSearchParams(search);
  const view = q.get('view');
  const list = (k: string) => q.getAll(k).flatMap((v) => v.split(',')).filter((v) => v !== '');
  const lang = q.get('lang');
  return {
    route: {
      view: (VIEWS as readonly string[]).includes(view ?? '') ? (view as View) : 'overview',
      years: list('year').map(Number).filter(Number.isInteger),
      regions: list('region'),
      deptKinds: list('dkind'),
      departments: list('department'),
      dept: q.get('dept'),
      form: q.get('form'),
      other: q.get('other'),
      rule: q.get('rule'),
      severity: q.get('severity'),
      bin: q.get('bin'),
      sql: q.get('sql'),
      settings: q.getAll('set'),
      count: isFindingCount(q.get('count')) ? (q.get('count') as FindingCount) : 'all',
    },
    lang: isLang(lang) ? lang : 'zh',
    dataset: q.get('dataset') || null,
  };
}

/** The search string for `page` (`?view=…`); Chinese, the default language, is not written. */
export function urlSearch(page: PageUrl): string {
  const r = page.route;
  const q = new URLSearchParams();
  q.set('view', r.view);
  for (const k of LISTS) for (const v of r[k]) q.append(PARAM[k], String(v));
  for (const k of SINGLES) if (r[k] != null && r[k] !== '') q.set(k, r[k]!);
  for (const s of r.settings) q.append('set', s);
  if (r.count !== 'all') q.set('count', r.count);
  if (page.dataset) q.set('dataset', page.dataset);
  if (page.lang !== 'zh') q.set('lang', page.lang);
  return '?' + q.toString();
}

/** The filters every view applies, from the view state. */
export function routeFilters(r: Route): Filters {
  return { years: r.years, regions: r.regions, deptKinds: r.deptKinds, departments: r.departments };
}
