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
 * Counts: GET /api/counts, one request for every principal (the server scopes it to the jurisdiction).
 */
import type { Api } from '../net/api.ts';
import { connectLive, type LiveOptions } from '../net/live-socket.ts';
import { MEMORY_LAYERS, isMemoryLayer, type MapLayerId, type MemoryLayerId } from '../state/app-state.ts';
import { missesChanges } from '../state/live-memory.ts';
import type { Store } from '../state/store.ts';

export interface LiveSyncOptions {
  countsEveryMs?: number;
  /** Counts are asked again this long after changes (once per window). */
  countsAfterChangesMs?: number;
  tileRefreshAfterMs?: number;
  /** A wall display's API token for the socket handshake (a session's cookie goes by itself). */
  token?: string | null;
  /** The socket handshake was refused (session over, token revoked). */
  onUnauthorized?: (reason: string) => void;
  /** The socket's options (tests: a socket of their own, a shorter batch). */
  socket?: LiveOptions;
}

export function startLiveSync(store: Store, api: Api, opts: LiveSyncOptions = {}): () => void {
  const countsEvery = opts.countsEveryMs ?? 30_000;
  const countsAfter = opts.countsAfterChangesMs ?? 3000;
  const refreshAfter = opts.tileRefreshAfterMs ?? 20_000;
  const abort = new AbortController();
  const timers = new Set<ReturnType<typeof setTimeout>>();
  let refreshTimer: ReturnType<typeof setTimeout> | null = null;
  let countsTimer: ReturnType<typeof setTimeout> | null = null;
  /** Tile layers changed since their tiles were last refreshed. */
  const dirty = new Set<MapLayerId>();
  /** The seq the feed's current stream starts at (null before the first subscribe answer). */
  let streamFrom: number | null = null;
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
  const loadCounts = () =>
    api.counts(abort.signal).then((c) => store.dispatch({ type: 'setCounts', counts: c.counts, at: c.at }), ignoreAbort);

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
    if (missesChanges(store.getState().memory[layer], streamFrom)) loadSnapshot(layer);
  };
  /** At a stream's start: a layer without a snapshot loads one (none landed yet, or the last failed). */
  const ensureSnapshot = (layer: MemoryLayerId) => {
    if (store.getState().memory[layer]?.snapshotSeq == null) loadSnapshot(layer);
    else checkSnapshot(layer);
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

  const conn = connectLive(
    {
      onChanges(changes) {
        store.dispatch({ type: 'applyChanges', changes, at: Date.now() });
        for (const c of changes) if (!isMemoryLayer(c.layer) && c.layer in store.getState().tiles) dirty.add(c.layer as MapLayerId);
        if (dirty.size) scheduleRefresh();
        scheduleCounts(countsAfter);
      },
      onStatus(status, seq) {
        store.dispatch({ type: 'liveStatus', status, seq, at: Date.now() });
      },
      onStreamStart(seq, reason) {
        streamFrom = seq;
        if (reason === 'resync') {
          // Changes were lost: every tile layer reloads, every memory layer needs a snapshot at or above seq.
          dirty.clear();
          store.dispatch({ type: 'refreshTiles', at: Date.now() });
        }
        for (const layer of MEMORY_LAYERS) ensureSnapshot(layer);
      },
      onUnauthorized: opts.onUnauthorized,
    },
    { token: opts.token ?? null },
    opts.socket,
  );

  void loadCounts();
  for (const layer of MEMORY_LAYERS) loadSnapshot(layer);
  const poll = setInterval(() => void loadCounts(), countsEvery);
  return () => {
    abort.abort();
    clearInterval(poll);
    for (const t of timers) clearTimeout(t);
    conn.close();
  };
}
