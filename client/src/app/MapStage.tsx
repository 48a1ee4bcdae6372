/**
 * The map every layout shows: the basemap (the server's external style if configured, else the offline
 * one in the current theme) with the deck.gl layers, the page's credentials threaded into MapLibre's own
 * requests, and a restyle after a re-login (`generation`).
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { RequestTransformFunction, StyleSpecification } from 'maplibre-gl';
import { buildOfflineStyle, districtLabels, LABELS_ANCHOR, NO_LABELS, type DistrictLabels } from '../map/basemap-style.ts';
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
  // District names: one point inside each district (the org tree's label points), so each name is drawn once.
  const [labels, setLabels] = useState<DistrictLabels>(NO_LABELS);
  useEffect(() => {
    const ctl = new AbortController();
    api.orgBranch(CITY_CODE, ctl.signal).then(
      (b) => setLabels(districtLabels(b.children)),
      (err: Error) => err.name !== 'AbortError' && console.warn('[labels]', err),
    );
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
