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

/** Changes the view state and records it in the URL (a history entry when the view changes). */
export function navigate(patch: Partial<Route>): void {
  const viewChanges = patch.view != null && patch.view !== route.view;
  Object.assign(route, patch);
  const search = routeSearch(route);
  if (search === location.search) return;
  if (viewChanges) history.pushState(null, '', search);
  else history.replaceState(null, '', search);
}

/** Records the page's language in the URL, without a history entry. */
export function recordLang(lang: Lang): void {
  history.replaceState(history.state, '', urlSearch({ ...parseUrl(location.search), route, lang }));
}

window.addEventListener('popstate', () => Object.assign(route, parseUrl(location.search).route));

/** The filters every view applies, derived from the URL. */
export function currentFilters(): Filters {
  return routeFilters(route);
}
