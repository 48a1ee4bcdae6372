/**
 * The card's commands (transitions, sending and recalling units), each a request with the version the operator
 * sees. While one runs the buttons wait; its outcome is one message: done, or why it was refused. A refusal
 * (409: someone else sent the unit or changed the incident first) reloads the card so that the new state shows.
 */
import { useCallback, useState } from 'react';
import type { IncidentAction } from '../../../../../server/domain/incidents/lifecycle.ts';
import type { MessageKey } from '../../../i18n/index.ts';
import type { IncidentDetail } from '../../../net/dispatch-api.ts';
import type { DispatchServices } from '../dispatch-services.ts';
import { refusalMessage } from './conflict.ts';

export interface Outcome {
  ok: boolean;
  key: MessageKey;
  params?: Record<string, string | number>;
  /** The server's code (refusals), shown to the operator for a call to support. */
  code?: string;
}

export interface Commands {
  busy: boolean;
  outcome: Outcome | null;
  act(action: IncidentAction, opinion?: string, hours?: number): Promise<void>;
  /** Sends a unit (POST assignments): the first one to an accepted incident is its DISPATCH step, later ones join. */
  send(unitId: string): Promise<void>;
  recall(unitId: string): Promise<void>;
  clear(): void;
}

export interface CommandHooks {
  /** A unit was sent (e.g. the one picked on the map, whose offer then closes). */
  onSent?: (unitId: string) => void;
  /** What the operator calls the unit in the outcome (unit-label.ts); default its id. */
  nameOf?: (unitId: string) => string;
}

export function useCommands(id: string, detail: IncidentDetail | null, { api }: DispatchServices, reload: () => void, { onSent, nameOf }: CommandHooks = {}): Commands {
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const version = Number(detail?.incident.properties.version ?? 0);

  const run = useCallback(
    async (work: () => Promise<unknown>, done: Outcome) => {
      setBusy(true);
      setOutcome(null);
      try {
        await work();
        setOutcome(done);
      } catch (err) {
        const e = err as Error & { status?: number; code?: string };
        setOutcome({ ok: false, key: refusalMessage({ status: e.status ?? 0, code: e.code ?? '' }), code: e.code ?? e.message });
      } finally {
        setBusy(false);
        reload();
      }
    },
    [reload],
  );

  const act = useCallback(
    (action: IncidentAction, opinion?: string, hours?: number) =>
      run(() => api.transition(id, { action, version, ...(opinion ? { opinion } : {}), ...(hours ? { hours } : {}) }), {
        ok: true,
        key: 'dispatch.done.action',
        params: { action: action },
      }),
    [api, id, version, run],
  );
  const send = useCallback(
    (unitId: string) =>
      run(
        async () => {
          await api.assign(id, unitId, version);
          onSent?.(unitId);
        },
        { ok: true, key: 'dispatch.done.sent', params: { unit: nameOf?.(unitId) ?? unitId } },
      ),
    [api, id, version, run, onSent, nameOf],
  );
  const recall = useCallback(
    (unitId: string) => run(() => api.unassign(id, unitId), { ok: true, key: 'dispatch.done.recalled', params: { unit: nameOf?.(unitId) ?? unitId } }),
    [api, id, run, nameOf],
  );
  return { busy, outcome, act, send, recall, clear: useCallback(() => setOutcome(null), []) };
}
