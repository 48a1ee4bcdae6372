/**
 * The units on this incident, with their live status (from the units' live memory: 已派遣 → 途中 → 到场处置)
 * and distance to the scene as they move; a unit not yet released can be recalled. A unit clicked on the map
 * while the card is open is offered here to send (the map's way of assigning).
 */
import { UNIT_STATUS, UNIT_TYPE } from '../../../../../server/protocol/codes.ts';
import { distance } from '@turf/turf';
import { useServices } from '../../../app/services.ts';
import { useI18n } from '../../../app/use-i18n.ts';
import type { Assignment } from '../../../net/dispatch-api.ts';
import { useStore } from '../../../state/store.ts';
import { formatDistance } from './recommendation-text.ts';
import { unitLabel } from './unit-label.ts';

export interface AssignmentsProps {
  assignments: readonly Assignment[];
  scene: [number, number] | null;
  canSend: boolean;
  busy: boolean;
  onSend(unitId: string): void;
  onRecall(unitId: string): void;
}

export function Assignments({ assignments, scene, canSend, busy, onSend, onRecall }: AssignmentsProps) {
  const { store } = useServices();
  const { t, lang } = useI18n();
  const units = useStore(store, (s) => s.memory.units?.features);
  const pending = useStore(store, (s) => s.dispatch.pendingUnitId);
  const open = assignments.filter((a) => a.open ?? !a.releasedAt);
  const label = (codes: Record<string, { zh: string; en: string }>, code: unknown) => codes[String(code)]?.[lang] ?? String(code ?? '');
  const liveOf = (unitId: string) => {
    const f = units?.get(unitId);
    const c = f?.geometry.type === 'Point' ? (f.geometry.coordinates as [number, number]) : null;
    return { status: f?.properties.status, type: f?.properties.type, far: c && scene ? distance(c, scene, { units: 'meters' }) : null };
  };
  const pendingLive = pending ? liveOf(pending) : null;
  return (
    <section className="assignments" data-testid="assignments">
      <h4>{t('dispatch.assign.title')}</h4>
      {pending && (
        <div className="assign-box" data-testid="assign-box" data-unit={pending}>
          <span>
            {t('dispatch.assign.picked')} <b title={pending}>{unitLabel(pending, { assignments, live: units })}</b> {label(UNIT_TYPE, pendingLive?.type)} · {label(UNIT_STATUS, pendingLive?.status)}
          </span>
          {canSend && (
            <button type="button" className="send" disabled={busy} onClick={() => onSend(pending)} data-testid="send-picked">
              {t('dispatch.recs.send')}
            </button>
          )}
          <button type="button" onClick={() => store.dispatch({ type: 'dispatchPendingUnit', unitId: null })}>
            {t('dispatch.assign.cancel')}
          </button>
        </div>
      )}
      {open.length === 0 && <div className="card-note">{t('dispatch.assign.none')}</div>}
      <ul>
        {open.map((a) => {
          const live = liveOf(a.unitId);
          return (
            <li key={a.unitId} data-unit={a.unitId} data-unit-status={String(live.status ?? a.unitStatus ?? '')} data-testid="assigned-unit">
              <b>{label(UNIT_TYPE, live.type ?? a.unitType)}</b> <span className="rec-id">{a.callsign ?? a.unitName ?? a.unitId}</span>
              <span className="unit-status">{label(UNIT_STATUS, live.status ?? a.unitStatus)}</span>
              {live.far !== null && <span className="rec-dist">{formatDistance(live.far, lang)}</span>}
              {a.reinforcement === true && <span className="flag">{t('dispatch.assign.reinforcement')}</span>}
              <button type="button" disabled={busy} onClick={() => onRecall(a.unitId)}>
                {t('dispatch.assign.recall')}
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
