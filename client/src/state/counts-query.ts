/**
 * The one counts request of the panel: GET /api/counts with the org-tree area and every layer's filters
 * (`<layer>.<property>=<value>`, repeated for several values; `<layer>.datetime=<interval>`). Pure and
 * memo-stable: the same query string while the area and the filters are unchanged, so a change of either (and
 * nothing else) asks again.
 */
import { MAP_LAYERS, type AppState } from './app-state.ts';
import { filterPairs } from './filter-values.ts';
import { memoSelect } from './selectors.ts';

export const selectCountsQuery = memoSelect(
  (s): [AppState['ui']['layers'], string | null] => [s.ui.layers, s.ui.area?.code ?? null],
  (layers, area): string => countsQuery(layers, area),
);

export function countsQuery(layers: AppState['ui']['layers'], area: string | null): string {
  const pairs: [string, string][] = [];
  if (area && !(area.length === 6 && area.endsWith('00'))) pairs.push(['area', area]);
  for (const id of MAP_LAYERS) pairs.push(...filterPairs(layers[id].filters, `${id}.`));
  return pairs.length ? `?${new URLSearchParams(pairs).toString()}` : '';
}
