/**
 * Keeps the store current: the live socket's batches, the units snapshot (again after a resync), the layer
 * counts (polled, and soon after changes) and a tile refresh a while after changes, which folds the live
 * overlay back into the tiles. Returns a stop function that undoes everything it started.
 * Counts: /api/counts (scoped, cached by the server) for a city-wide principal; for a district, street or community
 * jurisdiction, each layer's numberMatched from the OGC API (which only counts what the principal may see).
 */
import type { Api } from '../net/api.ts';
import { connectLive } from '../net/live-socket.ts';
import { MAP_LAYERS } from '../state/app-state.ts';
import type { Store } from '../state/store.ts';

export interface LiveSyncOptions {
  countsEveryMs?: number;
  tileRefreshAfterMs?: number;
  /** A wall display's API token for the socket handshake (a session's cookie goes by itself). */
  token?: string | null;
  /** Count per layer through the OGC API (a jurisdiction smaller than the city). */
  scopedCounts?: boolean;
  /** The socket handshake was refused (session over, token revoked). */
  onUnauthorized?: (reason: string) => void;
}

export function startLiveSync(store: Store, api: Api, opts: LiveSyncOptions = {}): () => void {
  const countsEvery = opts.countsEveryMs ?? 30_000;
  const refreshAfter = opts.tileRefreshAfterMs ?? 20_000;
  const abort = new AbortController();
  const timers = new Set<ReturnType<typeof setTimeout>>();
  let refreshTimer: ReturnType<typeof setTimeout> | null = null;
  let countsTimer: ReturnType<typeof setTimeout> | null = null;

  const later = (fn: () => void, ms: number) => {
    const t = setTimeout(() => {
      timers.delete(t);
      fn();
    }, ms);
    timers.add(t);
    return t;
  };
  const ignoreAbort = (err: unknown) => {
    if ((err as Error)?.name !== 'AbortError') console.warn('[live-sync]', err);
  };
  const loadCounts = opts.scopedCounts
    ? () =>
        Promise.all(MAP_LAYERS.map(async (layer) => [layer, await api.count(layer, abort.signal)] as const)).then(
          (pairs) => store.dispatch({ type: 'setCounts', counts: Object.fromEntries(pairs) }),
          ignoreAbort,
        )
    : () =>
        api.counts(abort.signal).then((c) => store.dispatch({ type: 'setCounts', counts: c.counts }), ignoreAbort);
  const loadUnits = () =>
    api.allFeatures('units', abort.signal).then(
      (features) => store.dispatch({ type: 'unitsSnapshot', features: features as never, at: Date.now() }),
      ignoreAbort,
    );
  const scheduleCounts = (ms: number) => {
    if (countsTimer) return;
    countsTimer = later(() => {
      countsTimer = null;
      void loadCounts();
    }, ms);
  };
  const scheduleRefresh = () => {
    if (refreshTimer) return;
    refreshTimer = later(() => {
      refreshTimer = null;
      store.dispatch({ type: 'refreshTiles', at: Date.now() });
    }, refreshAfter);
  };

  const conn = connectLive({
    onChanges(changes) {
      store.dispatch({ type: 'applyChanges', changes, at: Date.now() });
      if (changes.some((c) => c.layer !== 'units')) scheduleRefresh();
      scheduleCounts(3000);
    },
    onStatus(status, seq) {
      store.dispatch({ type: 'liveStatus', status, seq, at: Date.now() });
    },
    onResync() {
      void loadUnits();
      store.dispatch({ type: 'refreshTiles', at: Date.now() });
    },
    onUnauthorized: opts.onUnauthorized,
  }, { token: opts.token ?? null });

  void loadCounts();
  void loadUnits();
  const poll = setInterval(() => void loadCounts(), countsEvery);
  return () => {
    abort.abort();
    clearInterval(poll);
    for (const t of timers) clearTimeout(t);
    conn.close();
  };
}
