/**
 * The open incident's data for its card: the incident with its flow log, assignments and allowed actions,
 * its ranked recommendations and its context (cameras, checkpoints, …). The incident reloads whenever the live
 * feed carries a change of it (someone else's step shows at once); recommendations reload when its status or
 * version moves; the context once per incident. What is shown stays while a reload runs (no flash); `recsCurrent`
 * says whether the list shown was asked for the incident as it is now.
 */
import { useCallback, useEffect, useState } from 'react';
import { useServices } from '../../../app/services.ts';
import type { IncidentContext, IncidentDetail, Recommendation } from '../../../net/dispatch-api.ts';
import { useStore } from '../../../state/store.ts';
import type { DispatchServices } from '../dispatch-services.ts';

export type Loaded<T> = { state: 'loading' } | { state: 'ok'; value: T } | { state: 'error'; code: string };

export interface IncidentData {
  detail: Loaded<IncidentDetail>;
  recs: Loaded<Recommendation[]>;
  /** Whether `recs` answers the incident as shown now (false while a reload after a step or a change runs). */
  recsCurrent: boolean;
  context: Loaded<IncidentContext>;
  /** Reload the incident and its recommendations now (after a command, a conflict). */
  reload(): void;
}

const RECOMMENDATIONS = 5;

const failed = (err: Error & { code?: string }) => ({ state: 'error' as const, code: err.code ?? err.message });

export function useIncident(id: string, { api }: DispatchServices): IncidentData {
  const { store } = useServices();
  const liveSeq = useStore(store, (s) => s.overlay.incidents?.get(id)?.seq ?? null);
  const [detail, setDetail] = useState<Loaded<IncidentDetail>>({ state: 'loading' });
  const [recs, setRecs] = useState<Loaded<Recommendation[]>>({ state: 'loading' });
  const [recsFor, setRecsFor] = useState<string | null>(null);
  const [context, setContext] = useState<Loaded<IncidentContext>>({ state: 'loading' });
  const [nonce, setNonce] = useState(0);
  const reload = useCallback(() => setNonce((n) => n + 1), []);

  useEffect(() => {
    setDetail({ state: 'loading' });
    setRecs({ state: 'loading' });
    setContext({ state: 'loading' });
    const ctl = new AbortController();
    api.context(id, ctl.signal).then((value) => setContext({ state: 'ok', value }), (e: Error) => e.name !== 'AbortError' && setContext(failed(e)));
    return () => ctl.abort();
  }, [api, id]);

  useEffect(() => {
    const ctl = new AbortController();
    api.incident(id, ctl.signal).then((value) => setDetail({ state: 'ok', value }), (e: Error) => e.name !== 'AbortError' && setDetail(failed(e)));
    return () => ctl.abort();
  }, [api, id, liveSeq, nonce]);

  const status = detail.state === 'ok' ? String(detail.value.incident.properties.status ?? '') : null;
  const version = detail.state === 'ok' ? Number(detail.value.incident.properties.version ?? 0) : null;
  const recsKey = status === null ? null : `${status}/${version}/${nonce}`;
  useEffect(() => {
    if (recsKey === null) return;
    const ctl = new AbortController();
    const settle = (next: Loaded<Recommendation[]>) => {
      setRecs(next);
      setRecsFor(recsKey);
    };
    api.recommendations(id, RECOMMENDATIONS, ctl.signal).then((value) => settle({ state: 'ok', value }), (e: Error) => e.name !== 'AbortError' && settle(failed(e)));
    return () => ctl.abort();
  }, [api, id, recsKey]);

  return { detail, recs, recsCurrent: recsKey !== null && recsFor === recsKey, context, reload };
}
