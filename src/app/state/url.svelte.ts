// The view state lives in the URL and only there (url.ts reads and writes it): back/forward move
// between views. Components read `route` and call `navigate`.
import type { Filters } from '../../analysis/queries/filters';
import type { Lang } from '../../format/i18n';
import { parseUrl, routeFilters, urlSearch, type Route } from './url';

export { VIEWS, type Route, type View } from './url';

export const route = $state<Route>(parseUrl(location.search).route);

/** The URL of the view state `r`, this page's language and dataset kept. */
export function routeSearch(r: Route): string {
  return urlSearch({ ...parseUrl(location.search), route: r });
}

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
  const search = routeSearch(route);
  if (search === location.search) return;
  if (place) {
    const state: EntryState = { from: location.search };
    history.pushState(state, '', search);
    arrival.from = state.from;
  } else history.replaceState(history.state, '', search);
}

/** Records the page's language in the URL, without a history entry. */
export function recordLang(lang: Lang): void {
  history.replaceState(history.state, '', urlSearch({ ...parseUrl(location.search), route, lang }));
}

window.addEventListener('popstate', () => {
  Object.assign(route, parseUrl(location.search).route);
  arrival.from = fromOf(history.state);
});

/** The filters every view applies, derived from the URL. */
export function currentFilters(): Filters {
  return routeFilters(route);
}
