// The view state lives in the URL and only there: view, filters, the selected department and form,
// findings filters and the SQL text. A link reproduces the view for a colleague who loaded the same
// data; back/forward move between views. Components read `route` and call `navigate`.
import type { Filters } from '../../analysis/queries/filters';

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
  sql: string | null;
  /** Rule thresholds other than the defaults, as `name=value` (`?set=adjustmentBound=0.3`). */
  settings: string[];
}

const LISTS = ['years', 'regions', 'deptKinds', 'departments'] as const;
const SINGLES = ['dept', 'form', 'other', 'rule', 'severity', 'sql'] as const;
const PARAM: Record<string, string> = { years: 'year', regions: 'region', deptKinds: 'dkind', departments: 'department' };

export function parseRoute(search: string): Route {
  const q = new URLSearchParams(search);
  const view = q.get('view');
  const list = (k: string) => q.getAll(k).flatMap((v) => v.split(',')).filter((v) => v !== '');
  return {
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
    sql: q.get('sql'),
    settings: q.getAll('set'),
  };
}

export function routeSearch(r: Route, keep: URLSearchParams): string {
  const q = new URLSearchParams();
  q.set('view', r.view);
  for (const k of LISTS) for (const v of r[k]) q.append(PARAM[k], String(v));
  for (const k of SINGLES) if (r[k] != null && r[k] !== '') q.set(k, r[k]!);
  for (const s of r.settings) q.append('set', s);
  // The page's language and the dataset it opened belong to the page, not to a view.
  for (const k of ['dataset', 'lang']) {
    const v = keep.get(k);
    if (v) q.set(k, v);
  }
  return '?' + q.toString();
}

export const route = $state<Route>(parseRoute(location.search));

/** Changes the view state and records it in the URL (a history entry when the view changes). */
export function navigate(patch: Partial<Route>): void {
  const viewChanges = patch.view != null && patch.view !== route.view;
  Object.assign(route, patch);
  const search = routeSearch(route, new URLSearchParams(location.search));
  if (search === location.search) return;
  if (viewChanges) history.pushState(null, '', search);
  else history.replaceState(null, '', search);
}

window.addEventListener('popstate', () => Object.assign(route, parseRoute(location.search)));

/** The filters every view applies, derived from the URL. */
export function currentFilters(): Filters {
  return { years: route.years, regions: route.regions, deptKinds: route.deptKinds, departments: route.departments };
}
