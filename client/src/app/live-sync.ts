/**
 * Keeps the store current: the live socket's batches, the memory layers' snapshots, the layer counts
 * (polled, and soon after changes) and, a while after changes, a tile refresh of the layers that changed
 * (which folds their live overlay back into their tiles). Returns a stop function that undoes everything
 * it started.
 *
 * Memory layers (units) follow snapshot-with-seq, then deltas above it: a snapshot is loaded at once, and
 * again whenever it was read below the seq the feed's stream starts at (the first subscribe, a resync), so
 * no change falls between the two; deltas that arrive while a snapshot is in flight are applied and win
 * over it (state/live-memory.ts).
 * The feed follows the view (selectLiveView: the visible live layers, the org-tree area as `admin`): when
 * it changes, the socket subscribes again (debounced) resuming at its last seq, and what the new
 * subscription adds — a layer shown again, an area not inside the last one — is reloaded once the server
 * has switched (the changes it missed meanwhile were never sent): tile layers get a new tile version, a
 * memory layer a snapshot at or above the ack's seq. Layers kept flow on without a gap.
 * Counts: GET /api/counts, one request for every layer, narrowed by the org-tree area and the panel's filters
 * (state/counts-query.ts; the server scopes it to the jurisdiction); asked again when either changes. An answer
 * to an older query is dropped.
 */
import type { Api } from '../net/api.ts';
import { connectLive, type LiveOptions, type LiveView } from '../net/live-socket.ts';
import { isMemoryLayer, type MapLayerId, type MemoryLayerId } from '../state/app-state.ts';
import { missesChanges } from '../state/live-memory.ts';
import { selectLiveView } from '../state/selectors.ts';
import { selectCountsQuery } from '../state/counts-query.ts';
import type { Store } from '../state/store.ts';

export interface LiveSyncOptions {
  /** Counts are asked again this long after changes (once per window). */
  countsAfterChangesMs?: number;
  tileRefreshAfterMs?: number;
  /** A changed view is subscribed this long after its last change (ms). */
  viewDebounceMs?: number;
  /** A wall display's API token for the socket handshake (a session's cookie goes by itself). */
  token?: string | null;
  /** The socket handshake was refused (session over, token revoked). */
  onUnauthorized?: (reason: string) => void;
  /** The socket's options (tests: a socket of their own, a shorter batch). */
  socket?: LiveOptions;
}

/**
 * Tile layers with no live overlay whose changes are rare and must show at once: their tiles reload SOON_REFRESH_MS
 * after a change (the others within tileRefreshAfterMs, their changes drawn over the tiles meanwhile; the grids
 * change by thousands at a grading and wait).
 */
const SOON_TILE_LAYERS: ReadonlySet<MapLayerId> = new Set<MapLayerId>(['warnings']);
const SOON_REFRESH_MS = 1500;

export function startLiveSync(store: Store, api: Api, opts: LiveSyncOptions = {}): () => void {
  const countsAfter = opts.countsAfterChangesMs ?? 3000;
  const refreshAfter = opts.tileRefreshAfterMs ?? 20_000;
  const soonAfter = Math.min(refreshAfter, SOON_REFRESH_MS);
  const abort = new AbortController();
  const timers = new Set<ReturnType<typeof setTimeout>>();
  let refreshTimer: ReturnType<typeof setTimeout> | null = null;
  let soonTimer: ReturnType<typeof setTimeout> | null = null;
  let countsTimer: ReturnType<typeof setTimeout> | null = null;
  /** Tile layers changed since their tiles were last refreshed. */
  const dirty = new Set<MapLayerId>();
  /** Per memory layer, the seq its stream starts at (the first subscribe, a resync, the layer shown again). */
  const streamFrom = new Map<MemoryLayerId, number>();
  /** The view the feed follows (null before the first subscribe answer and after a resync). */
  let following: LiveView | null = null;
  let viewTimer: ReturnType<typeof setTimeout> | null = null;
  /** Memory layers with a snapshot request in flight. */
  const loading = new Set<MemoryLayerId>();

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
  let countsAsked = selectCountsQuery(store.getState());
  const loadCounts = () => {
    const query = (countsAsked = selectCountsQuery(store.getState()));
    return api.counts(abort.signal, query).then((c) => {
      if (query !== countsAsked) return; // the filters or the area changed meanwhile: a newer answer follows
      store.dispatch({ type: 'setCounts', counts: c.counts, at: c.at, ...(c.open ? { open: c.open } : {}), narrowed: c.narrowed ?? [] });
    }, ignoreAbort);
  };

  const loadSnapshot = (layer: MemoryLayerId): void => {
    if (loading.has(layer) || abort.signal.aborted) return;
    loading.add(layer);
    api.snapshot(layer, abort.signal).then(
      (snap) => {
        loading.delete(layer);
        store.dispatch({ type: 'snapshot', layer, features: snap.features as never, seq: snap.seq, at: Date.now() });
        checkSnapshot(layer);
      },
      (err: unknown) => {
        loading.delete(layer);
        ignoreAbort(err);
      },
    );
  };
  /** A snapshot read below the stream's start misses the changes in between: read it again. */
  const checkSnapshot = (layer: MemoryLayerId) => {
    if (missesChanges(store.getState().memory[layer], streamFrom.get(layer) ?? null)) loadSnapshot(layer);
  };
  /** At a stream's start: a layer without a snapshot loads one (none landed yet, or the last failed). */
  const ensureSnapshot = (layer: MemoryLayerId) => {
    if (store.getState().memory[layer]?.snapshotSeq == null) loadSnapshot(layer);
    else checkSnapshot(layer);
  };
  /** The subscription now follows `view` from `seq`: reload what it adds (everything after a stream start). */
  const followed = (view: LiveView, seq: number) => {
    const before = following;
    following = view;
    const added = before === null || outside(view.admin, before.admin) ? view.layers : view.layers.filter((l) => !before.layers.includes(l));
    const tiles: MapLayerId[] = [];
    for (const layer of added) {
      if (isMemoryLayer(layer)) {
        streamFrom.set(layer, seq);
        ensureSnapshot(layer);
      } else if (before !== null && layer in store.getState().tiles) {
        tiles.push(layer as MapLayerId);
        dirty.delete(layer as MapLayerId);
      }
    }
    if (tiles.length) store.dispatch({ type: 'refreshTiles', layers: tiles, at: Date.now() });
  };
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
      const layers = [...dirty];
      dirty.clear();
      store.dispatch({ type: 'refreshTiles', layers, at: Date.now() });
    }, refreshAfter);
  };
  /** A layer drawn only from its tiles whose changes must show at once (a warning raised or lifted). */
  const scheduleSoonRefresh = () => {
    if (soonTimer) return;
    soonTimer = later(() => {
      soonTimer = null;
      const layers = [...dirty].filter((l) => SOON_TILE_LAYERS.has(l));
      for (const l of layers) dirty.delete(l);
      if (layers.length) store.dispatch({ type: 'refreshTiles', layers, at: Date.now() });
    }, soonAfter);
  };

  const conn = connectLive(
    {
      onChanges(changes) {
        store.dispatch({ type: 'applyChanges', changes, at: Date.now() });
        for (const c of changes) if (!isMemoryLayer(c.layer) && c.layer in store.getState().tiles) dirty.add(c.layer as MapLayerId);
        if ([...dirty].some((l) => SOON_TILE_LAYERS.has(l))) scheduleSoonRefresh();
        if (dirty.size) scheduleRefresh();
        scheduleCounts(countsAfter);
      },
      onStatus(status, seq) {
        store.dispatch({ type: 'liveStatus', status, seq, at: Date.now() });
      },
      onStreamStart(_seq, reason) {
        // onSubscribed follows: every memory layer in the view then needs a snapshot at or above seq.
        following = null;
        if (reason === 'resync') {
          // Changes were lost: every tile layer reloads.
          dirty.clear();
          store.dispatch({ type: 'refreshTiles', at: Date.now() });
          scheduleCounts(0);
        }
      },
      onSubscribed: followed,
      onUnauthorized: opts.onUnauthorized,
    },
    { token: opts.token ?? null },
    { ...opts.socket, view: selectLiveView(store.getState()) },
  );

  let view = selectLiveView(store.getState());
  let countsTimerByQuery: ReturnType<typeof setTimeout> | null = null;
  const unsubscribe = store.subscribe(() => {
    if (selectCountsQuery(store.getState()) !== countsAsked) {
      if (countsTimerByQuery) clearTimeout(countsTimerByQuery);
      countsTimerByQuery = later(() => {
        countsTimerByQuery = null;
        void loadCounts();
      }, 250);
    }
    const next = selectLiveView(store.getState());
    if (next === view) return;
    view = next;
    if (viewTimer) clearTimeout(viewTimer);
    viewTimer = setTimeout(() => {
      viewTimer = null;
      conn.update(view);
    }, opts.viewDebounceMs ?? 300);
  });

  void loadCounts();
  for (const layer of view.layers) if (isMemoryLayer(layer)) loadSnapshot(layer);
  return () => {
    abort.abort();
    unsubscribe();
    if (viewTimer) clearTimeout(viewTimer);
    for (const t of timers) clearTimeout(t);
    conn.close();
  };
}

/** Whether the area `next` reaches outside `prev` (undefined = city-wide): its data there is not current. */
function outside(next: string | undefined, prev: string | undefined): boolean {
  if (prev === undefined) return false;
  return next === undefined || !next.startsWith(prev);
}
