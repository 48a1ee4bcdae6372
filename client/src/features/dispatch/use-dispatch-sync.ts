/**
 * Keeps the console's queue current while the console is shown:
 *   - loads the queue whenever the filters or the org-tree area change (the previous request is cancelled),
 *     again a moment after live changes of incidents (the counts follow), and every 30 s (the time window moves);
 *   - folds each live change of an incident into the queue at once (state/dispatch/dispatch-slice.ts
 *     foldLive), so a new or changed incident shows without waiting for the reload;
 *   - announces a new critical incident: an alert in the panel and, unless muted, a chime.
 * The changes come from the shell's one live feed (app/live-sync.ts) through the incidents overlay.
 */
import { useEffect } from 'react';
import { useServices } from '../../app/services.ts';
import { queueMatch, queueQuery } from '../../state/dispatch/queue-query.ts';
import type { Store } from '../../state/store.ts';
import type { DispatchServices } from './dispatch-services.ts';
import { changesSince, criticalArrivals, maxSeq } from './live-changes.ts';

export interface SyncTiming {
  /** Reload this long after the last live change of an incident (ms). */
  reloadAfterChangesMs: number;
}

const TIMING: SyncTiming = { reloadAfterChangesMs: 1500 };

export function useDispatchSync({ api, announcer }: DispatchServices, timing: SyncTiming = TIMING): void {
  const { store } = useServices();
  useEffect(() => {
    store.dispatch({ type: 'dispatchMute', muted: announcer.loadMuted() });
    return startQueueSync(store, api, announcer, timing);
  }, [store, api, announcer, timing]);
}

function startQueueSync(store: Store, api: DispatchServices['api'], announcer: DispatchServices['announcer'], timing: SyncTiming): () => void {
  let ctl: AbortController | null = null;
  let reloadTimer: ReturnType<typeof setTimeout> | null = null;
  const load = () => {
    ctl?.abort();
    const c = (ctl = new AbortController());
    const s = store.getState();
    const query = queueQuery(s.dispatch.filters, s.ui.area?.code, Date.now());
    store.dispatch({ type: 'dispatchQueueLoading', query });
    api.queue(query, c.signal).then(
      (answer) => store.dispatch({ type: 'dispatchQueueLoaded', query, items: answer.items, counts: answer.counts }),
      (err: Error & { code?: string }) => err.name !== 'AbortError' && store.dispatch({ type: 'dispatchQueueFailed', query, error: err.code ?? err.message }),
    );
  };
  const reloadSoon = () => {
    if (reloadTimer) return;
    reloadTimer = setTimeout(() => {
      reloadTimer = null;
      load();
    }, timing.reloadAfterChangesMs);
  };

  let filters = store.getState().dispatch.filters;
  let area = store.getState().ui.area?.code ?? null;
  let entries = store.getState().overlay.incidents;
  // Changes seen before the console opened are in the first load; only later ones are folded and announced.
  let seq = maxSeq(entries, 0);
  const unsubscribe = store.subscribe(() => {
    const s = store.getState();
    if (s.dispatch.filters !== filters || (s.ui.area?.code ?? null) !== area) {
      filters = s.dispatch.filters;
      area = s.ui.area?.code ?? null;
      load();
    }
    if (s.overlay.incidents === entries) return;
    entries = s.overlay.incidents;
    const changes = changesSince(entries, seq);
    if (!changes.length) return;
    seq = changes[changes.length - 1]!.seq;
    store.dispatch({ type: 'dispatchLive', changes, match: queueMatch(filters, area, Date.now()) });
    const critical = criticalArrivals(changes, (id) => entries?.get(id)?.fresh === true, area);
    if (critical.length) {
      store.dispatch({ type: 'dispatchAlert', ids: critical });
      if (!store.getState().dispatch.muted) announcer.chime();
    }
    reloadSoon();
  });
  // Nothing is polled: a light that turns with time is written by the server's timer-light scheduler and arrives
  // on the feed like any other change of an incident.
  load();
  return () => {
    unsubscribe();
    if (reloadTimer) clearTimeout(reloadTimer);
    ctl?.abort();
  };
}
