/**
 * The map every layout shows: the basemap (the server's external style if configured, else the offline
 * one in the current theme) with the deck.gl layers, the page's credentials threaded into MapLibre's own
 * requests, and a restyle after a re-login (`generation`).
 */
import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { RequestTransformFunction, StyleSpecification } from 'maplibre-gl';
import { useAnalysisLayers } from '../features/analysis/use-analysis-layers.ts';
import { buildOfflineStyle, districtLabels, LABELS_ANCHOR, NO_AREA_LABELS, NO_LABELS, type AreaLabels } from '../map/basemap-style.ts';
import { CITY_CODE } from '../../../server/protocol/geo.ts';
import { DeckLayers } from '../map/DeckLayers.tsx';
import { MapView } from '../map/MapView.tsx';
import { selectTheme } from '../state/selectors.ts';
import { useStore } from '../state/store.ts';
import { useServices } from './services.ts';
import { useRoute } from './use-route.ts';

/** `children`: a route's own map layers (render-null components inside the map, e.g. the dispatch console's). */
export function MapStage({ generation, children }: { generation: number; children?: ReactNode }) {
  const { store, api, map, origin, credentials } = useServices();
  const theme = useStore(store, selectTheme);
  const [externalStyle, setExternalStyle] = useState<string | null | undefined>(undefined);
  const transformRequest = useCallback<RequestTransformFunction>((url) => ({ url, headers: credentials.headersFor(url) }), [credentials]);
  const onHttpError = useCallback((status: number) => status === 401 && credentials.unauthorized('basemap'), [credentials]);
  // MapLibre draws ideographs with the page's font ('Pingan CJK', app.css) and keeps what it drew: load it first.
  const [fontReady, setFontReady] = useState(false);
  useEffect(() => {
    const done = () => setFontReady(true);
    const fonts = (document as Document & { fonts?: FontFaceSet }).fonts;
    if (!fonts) return done();
    const t = setTimeout(done, 4000); // never hold the map for a font that does not come
    Promise.all([fonts.load("400 16px 'Pingan CJK'", '安阳'), fonts.load("700 16px 'Pingan CJK'", '安阳')]).then(done, done);
    return () => clearTimeout(t);
  }, []);
  useEffect(() => {
    const ctl = new AbortController();
    api.clientConfig(ctl.signal).then(
      (c) => setExternalStyle(c.basemapStyleUrl),
      () => setExternalStyle(null),
    );
    return () => ctl.abort();
  }, [api]);
  const beforeId = externalStyle ? undefined : LABELS_ANCHOR;
  // The planner's analysis result, drawn where the workspace is (route /analysis).
  const analysisLayers = useAnalysisLayers(useRoute().id === 'analysis', beforeId);
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
  if (!style || !fontReady) return null;
  return (
    <MapView
      style={style}
      handle={map}
      testHook={new URLSearchParams(location.search).has('testHooks')}
      transformRequest={transformRequest}
      onHttpError={onHttpError}
      reloadKey={generation}
    >
      <DeckLayers beforeId={beforeId} extra={analysisLayers} />
      {children}
    </MapView>
  );
}
