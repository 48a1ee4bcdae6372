/** The page: a list of children around one map. */
import { useEffect, useState } from 'react';
import type { StyleSpecification } from 'maplibre-gl';
import { FeatureCard } from '../features/card/FeatureCard.tsx';
import { LayerPanel } from '../features/layers/LayerPanel.tsx';
import { buildOfflineStyle, LABELS_ANCHOR } from '../map/basemap-style.ts';
import { DeckLayers } from '../map/DeckLayers.tsx';
import { MapView } from '../map/MapView.tsx';
import { useStore } from '../state/store.ts';
import { startLiveSync } from './live-sync.ts';
import { ReadyGate } from './ReadyGate.tsx';
import { useServices } from './services.ts';
import { TopBar } from './TopBar.tsx';

export function App() {
  const { store } = useServices();
  const theme = useStore(store, (s) => s.theme);
  const lang = useStore(store, (s) => s.lang);
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  }, [theme, lang]);
  return (
    <ReadyGate>
      <Shell />
    </ReadyGate>
  );
}

function Shell() {
  const { store, api, map, origin } = useServices();
  const theme = useStore(store, (s) => s.theme);
  const [externalStyle, setExternalStyle] = useState<string | null | undefined>(undefined);
  useEffect(() => startLiveSync(store, api), [store, api]);
  useEffect(() => {
    const ctl = new AbortController();
    api.clientConfig(ctl.signal).then(
      (c) => setExternalStyle(c.basemapStyleUrl),
      () => setExternalStyle(null),
    );
    return () => ctl.abort();
  }, [api]);
  const style: StyleSpecification | string | undefined = externalStyle === undefined ? undefined : (externalStyle ?? buildOfflineStyle(theme, origin));
  return (
    <div className="shell">
      <TopBar />
      <main className="stage">
        <LayerPanel />
        {style && (
          <MapView style={style} handle={map} testHook={new URLSearchParams(location.search).has('testHooks')}>
            <DeckLayers beforeId={externalStyle ? undefined : LABELS_ANCHOR} />
          </MapView>
        )}
        <FeatureCard />
      </main>
    </div>
  );
}
