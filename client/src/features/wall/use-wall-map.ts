/**
 * The wall's map behaviour: the auto tour (the scope, then each of its districts / streets in turn, every
 * `tourSeconds`, paused while something urgent is shown), attention (a new 特急 incident or a new warning pulses
 * where it is, the map flies there for `attentionSeconds` and returns to the tour's view), and the live ticker
 * (attention.ts reads the store's overlay). Everything it adds — the pulse marker, timers, the store
 * subscription — is removed again, so a day of events leaves nothing behind.
 */
import { useEffect, useRef, useState } from 'react';
import { Marker } from 'maplibre-gl';
import type { OrgNode } from '../../../../server/protocol/directory.ts';
import type { Api } from '../../net/api.ts';
import type { MapHandle } from '../../map/map-handle.ts';
import type { Store } from '../../state/store.ts';
import { pushTicker, rememberBounded, scanOverlay, type Attention, type TickerItem } from './attention.ts';
import type { WallParams } from './wall-params.ts';

export interface WallMapState {
  ticker: TickerItem[];
  attention: Attention | null;
  /** The tour's current view (its name), null before the scope's outline arrived. */
  tourStop: string | null;
}

const TOUR_FLIGHT_MS = 2500;
const ATTENTION_ZOOM = 14;
/** The longest the map's flight to an attention point may take before the dwell starts anyway. */
const FLIGHT_MAX_MS = 20_000;

export function useWallMap(store: Store, api: Api, map: MapHandle, scope: string, params: WallParams): WallMapState {
  const [ticker, setTicker] = useState<TickerItem[]>([]);
  const [attention, setAttention] = useState<Attention | null>(null);
  const [stops, setStops] = useState<OrgNode[]>([]);
  const [stopIndex, setStopIndex] = useState(0);
  const attentionRef = useRef<Attention | null>(null);
  attentionRef.current = attention;
  const stop = stops.length ? stops[stopIndex % stops.length]! : null;
  const stopRef = useRef(stop);
  stopRef.current = stop;

  // The tour's stops: the scope itself, then its children (districts of the city, streets of a district).
  useEffect(() => {
    const ctl = new AbortController();
    api.orgBranch(scope, ctl.signal).then(
      (b) => setStops([b.node, ...b.children].filter((n) => n.bbox !== null)),
      (err: Error) => err.name !== 'AbortError' && console.warn('[wall] tour stops', err),
    );
    return () => ctl.abort();
  }, [api, scope]);

  // Show the current stop (not while attention holds the map); advance every tourSeconds.
  useEffect(() => {
    if (stop?.bbox && !attention) map.fitBounds(stop.bbox, stop.level <= 1 ? 10 : 13, TOUR_FLIGHT_MS);
  }, [map, stop, attention]);
  useEffect(() => {
    if (params.tourSeconds <= 0 || stops.length < 2) return;
    const t = setInterval(() => {
      if (!attentionRef.current) setStopIndex((i) => (i + 1) % stops.length);
    }, params.tourSeconds * 1000);
    return () => clearInterval(t);
  }, [params.tourSeconds, stops.length]);

  // The ticker and attention, from the changes the store receives.
  useEffect(() => {
    const attended = new Set<string>();
    let lastOverlay = store.getState().overlay;
    let lastSeq = store.getState().live.seq ?? 0;
    return store.subscribe(() => {
      const overlay = store.getState().overlay;
      if (overlay === lastOverlay) return;
      lastOverlay = overlay;
      const scan = scanOverlay(overlay, lastSeq, attended);
      lastSeq = scan.maxSeq;
      if (scan.items.length) setTicker((t) => pushTicker(t, scan.items, params.tickerLines));
      const next = scan.attention[scan.attention.length - 1];
      if (!next) return;
      for (const a of scan.attention) rememberBounded(attended, `${a.layer}/${a.id}`);
      setAttention(next);
    });
  }, [store, params.tickerLines]);

  // While attention holds: a pulse where it is, the map there; afterwards back to the tour's view.
  useEffect(() => {
    if (!attention) return;
    const m = map.current();
    let marker: Marker | null = null;
    let dwell: ReturnType<typeof setTimeout> | null = null;
    // The dwell starts once the map has arrived (a slow wall may take seconds to fly), at the latest after FLIGHT_MAX_MS.
    const arrived = () => {
      if (dwell === null) dwell = setTimeout(() => setAttention(null), params.attentionSeconds * 1000);
    };
    const latest = setTimeout(arrived, FLIGHT_MAX_MS);
    const onMoveEnd = () => {
      const c = m?.getCenter();
      if (c && Math.hypot(c.lng - attention.point[0], c.lat - attention.point[1]) < 1e-4) arrived();
    };
    if (m) {
      const el = document.createElement('div');
      el.className = `wall-pulse wall-pulse-${attention.layer}`;
      el.dataset.testid = 'wall-pulse';
      marker = new Marker({ element: el }).setLngLat(attention.point).addTo(m);
      m.flyTo({ center: attention.point, zoom: Math.max(ATTENTION_ZOOM, m.getZoom()), duration: 1500 });
      // After flyTo: stopping a running animation (the tour's) fires a moveend of its own, which is not arrival.
      m.on('moveend', onMoveEnd);
    } else arrived();
    return () => {
      clearTimeout(latest);
      if (dwell !== null) clearTimeout(dwell);
      m?.off('moveend', onMoveEnd);
      marker?.remove();
    };
  }, [map, attention, params.attentionSeconds]);

  return { ticker, attention, tourStop: stop?.name ?? null };
}
