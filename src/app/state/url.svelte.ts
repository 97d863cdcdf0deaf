// The view state lives in the URL and only there: view, filters, the selected department and form,
// findings filters and the SQL text. A link reproduces the view for a colleague who loaded the same
// data; back/forward move between views. Components read `route` and call `navigate`.
import type { Filters } from '../../analysis/queries/filters';

export const VIEWS = ['data', 'overview', 'findings', 'form', 'department', 'sangong', 'execution', 'sql'] as const;
export type View = (typeof VIEWS)[number];

export interface Route {
  view: View;
  years: number[];
  regions: string[];
  deptKinds: string[];
  departments: string[];
  /** Selected department (department view), as `region|department` is not needed: names + region filter suffice. */
  dept: string | null;
  /** Selected form (form view). */
  form: string | null;
  rule: string | null;
  severity: string | null;
  sql: string | null;
  /** Rule thresholds other than the defaults, as `name=value` (`?set=adjustmentBound=0.3`). */
  settings: string[];
}

const LISTS = ['years', 'regions', 'deptKinds', 'departments'] as const;
const SINGLES = ['dept', 'form', 'rule', 'severity', 'sql'] as const;
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

/** What a history entry the app pushed remembers: the URL (search) it was entered from. */
interface EntryState {
  from: string;
}
const fromOf = (state: unknown): string | null => (state as EntryState | null)?.from ?? null;

/**
 * Where the user came to the current view from: the URL (search) of the view state before it, with
 * its filters, when the app entered this one; null for a page opened from a link or a bookmark.
 */
export const arrival = $state<{ from: string | null }>({ from: fromOf(history.state) });

/**
 * Changes the view state and records it in the URL: a history entry, remembering where it came from,
 * when the view or the selected form changes (so back leads from a form to the form it was reached from).
 */
export function navigate(patch: Partial<Route>): void {
  const place = (patch.view != null && patch.view !== route.view) || (patch.form != null && patch.form !== route.form);
  Object.assign(route, patch);
  const search = routeSearch(route, new URLSearchParams(location.search));
  if (search === location.search) return;
  if (place) {
    const state: EntryState = { from: location.search };
    history.pushState(state, '', search);
    arrival.from = state.from;
  } else history.replaceState(history.state, '', search);
}

window.addEventListener('popstate', () => {
  Object.assign(route, parseRoute(location.search));
  arrival.from = fromOf(history.state);
});

/** The filters every view applies, derived from the URL. */
export function currentFilters(): Filters {
  return { years: route.years, regions: route.regions, deptKinds: route.deptKinds, departments: route.departments };
}
