/**
 * The map every layout shows: the basemap (the server's external style if configured, else the offline
 * one in the current theme) with the deck.gl layers, the page's credentials threaded into MapLibre's own
 * requests, and a restyle after a re-login (`generation`).
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { RequestTransformFunction, StyleSpecification } from 'maplibre-gl';
import { buildOfflineStyle, districtLabels, LABELS_ANCHOR, NO_AREA_LABELS, NO_LABELS, type AreaLabels } from '../map/basemap-style.ts';
import { CITY_CODE } from '../../../server/protocol/geo.ts';
import { DeckLayers } from '../map/DeckLayers.tsx';
import { MapView } from '../map/MapView.tsx';
import { selectTheme } from '../state/selectors.ts';
import { useStore } from '../state/store.ts';
import { useServices } from './services.ts';

export function MapStage({ generation }: { generation: number }) {
  const { store, api, map, origin, credentials } = useServices();
  const theme = useStore(store, selectTheme);
  const [externalStyle, setExternalStyle] = useState<string | null | undefined>(undefined);
  const transformRequest = useCallback<RequestTransformFunction>((url) => ({ url, headers: credentials.headersFor(url) }), [credentials]);
  const onHttpError = useCallback((status: number) => status === 401 && credentials.unauthorized('basemap'), [credentials]);
  useEffect(() => {
    const ctl = new AbortController();
    api.clientConfig(ctl.signal).then(
      (c) => setExternalStyle(c.basemapStyleUrl),
      () => setExternalStyle(null),
    );
    return () => ctl.abort();
  }, [api]);
  // District and street names: one point inside each (the org tree's label points), so each name is drawn once.
  const [labels, setLabels] = useState<AreaLabels>(NO_AREA_LABELS);
  useEffect(() => {
    const ctl = new AbortController();
    const fail = (err: Error) => err.name !== 'AbortError' && console.warn('[labels]', err);
    api.orgBranch(CITY_CODE, ctl.signal).then((city) => {
      const districts = districtLabels(city.children);
      setLabels({ districts, streets: NO_LABELS });
      // Each district's streets (about ten requests for the city; a district user: their own district's).
      return Promise.all(city.children.map((d) => api.orgBranch(d.code, ctl.signal).then((b) => b.children, () => []))).then((lists) =>
        setLabels({ districts, streets: districtLabels(lists.flat()) }),
      );
    }, fail).catch(fail);
    return () => ctl.abort();
  }, [api, generation]);
  const style = useMemo<StyleSpecification | string | undefined>(
    () => (externalStyle === undefined ? undefined : (externalStyle ?? buildOfflineStyle(theme, origin, labels))),
    [externalStyle, theme, origin, labels],
  );
  if (!style) return null;
  return (
    <MapView
      style={style}
      handle={map}
      testHook={new URLSearchParams(location.search).has('testHooks')}
      transformRequest={transformRequest}
      onHttpError={onHttpError}
      reloadKey={generation}
    >
      <DeckLayers beforeId={externalStyle ? undefined : LABELS_ANCHOR} />
    </MapView>
  );
}
