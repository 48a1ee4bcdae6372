/**
 * The open incident's card (the /dispatch route's right column): what it is and how much time is left, the
 * actions allowed now with the opinion field, the units on it and the one picked on the map, the ranked
 * recommendations, the cameras that see the scene, and the timeline. Registers accept / dispatch-to-first for
 * the keyboard while open. Everything reloads when the incident changes on the live feed.
 */
import { useCallback, useEffect, useMemo } from 'react';
import { ACTIONS, isIncidentAction } from '../../../../../server/domain/incidents/lifecycle.ts';
import type { Lang } from '../../../i18n/index.ts';
import type { IncidentDetail, Recommendation } from '../../../net/dispatch-api.ts';
import { INCIDENT_CATEGORY, INCIDENT_SOURCE, INCIDENT_STATUS, INCIDENT_URGENCY } from '../../../../../server/protocol/codes.ts';
import { useServices } from '../../../app/services.ts';
import { useI18n } from '../../../app/use-i18n.ts';
import { formatDateTime } from '../../../lib/format.ts';
import { useClock } from '../../../map/use-clock.ts';
import { lightOf, toQueueItem } from '../../../state/dispatch/queue-model.ts';
import { useStore } from '../../../state/store.ts';
import { useDispatchServices } from '../dispatch-services.ts';
import { ActionBar } from './ActionBar.tsx';
import { Assignments } from './Assignments.tsx';
import { CameraList } from './CameraList.tsx';
import { Surroundings } from './Surroundings.tsx';
import { Recommendations } from './Recommendations.tsx';
import { Timeline } from './Timeline.tsx';
import { useCommands } from './use-commands.ts';
import { useIncident } from './use-incident.ts';
import { unitLabel } from './unit-label.ts';

export function IncidentCard() {
  const { store } = useServices();
  const openId = useStore(store, (s) => s.dispatch.openId);
  return openId ? <OpenCard key={openId} id={openId} /> : null;
}

function OpenCard({ id }: { id: string }) {
  const { store } = useServices();
  const { t, lang } = useI18n();
  const ds = useDispatchServices();
  const now = useClock(15_000);
  const { detail, recs, recsCurrent, context, reload } = useIncident(id, ds);
  const d = detail.state === 'ok' ? detail.value : null;
  // A unit sent closes its offer from the map (if it was the one picked there).
  const onSent = useCallback((unitId: string) => {
    if (store.getState().dispatch.pendingUnitId === unitId) store.dispatch({ type: 'dispatchPendingUnit', unitId: null });
  }, [store]);
  // Read when an outcome is written (not subscribed: the units move every second).
  const nameOf = useCallback(
    (unitId: string) => unitLabel(unitId, { recs: recs.state === 'ok' ? recs.value : [], assignments: d?.assignments, live: store.getState().memory.units?.features }),
    [recs, d, store],
  );
  const cmd = useCommands(id, d, ds, reload, { onSent, nameOf });
  const allowed = d?.allowed ?? [];
  const canSend = d?.assignable ?? allowed.includes('DISPATCH');

  useEffect(() => {
    ds.commands.current = {
      accept: () => (allowed.includes('ACCEPT') ? cmd.act('ACCEPT') : Promise.resolve()),
      dispatchFirst: () => (canSend && recs.state === 'ok' && recs.value[0] ? cmd.send(recs.value[0].unitId) : Promise.resolve()),
    };
    return () => {
      ds.commands.current = null;
    };
  }, [ds, allowed, canSend, recs, cmd]);

  const p = d?.incident.properties ?? {};
  const item = d ? toQueueItem(d.incident) : null;
  useCardOnMap(id, item?.position ?? null, d, recs.state === 'ok' ? recs.value : null);
  const light = item ? lightOf(item, now) : null;
  const label = (codes: Record<string, { zh: string; en: string }>, code: unknown) => codes[String(code)]?.[lang] ?? String(code ?? '');
  return (
    <aside className="panel incident-card" data-testid="incident-card" data-id={id} data-status={String(p.status ?? '')} data-version={String(p.version ?? '')}>
      <header>
        <div>
          <div className="card-kind">
            {label(INCIDENT_CATEGORY, p.category)} · {String(p.event_no ?? id)}
          </div>
          <h3>{String(p.title ?? (detail.state === 'loading' ? t('card.loading') : id))}</h3>
        </div>
        <button type="button" onClick={() => store.dispatch({ type: 'dispatchOpen', id: null })} aria-label={t('card.close')} title="Esc">
          ×
        </button>
      </header>
      {detail.state === 'error' && <div className="card-note error">{t('dispatch.card.error', { code: detail.code })}</div>}
      {d && (
        <div className="incident-facts">
          <span className={`status-pill status-${String(p.status).toLowerCase()}`} data-testid="incident-status">
            {label(INCIDENT_STATUS, p.status)}
          </span>
          <span className={`urgency urgency-${String(p.urgency).toLowerCase()}`}>{label(INCIDENT_URGENCY, p.urgency)}</span>
          {light && <span className={`light light-${light.toLowerCase()}`} title={t(`timer.${light}`)} />}
          <span>{t('dispatch.card.deadline', { at: formatDateTime(p.deadline) })}</span>
          <span className="muted">{label(INCIDENT_SOURCE, p.source)}</span>
          {p.supervised === true && <b className="flag">{t('dispatch.flag.supervised')}</b>}
          {p.address ? <div className="address">{String(p.address)}</div> : null}
        </div>
      )}
      {cmd.outcome && (
        <div className={`outcome ${cmd.outcome.ok ? 'ok' : 'refused'}`} role={cmd.outcome.ok ? 'status' : 'alert'} data-testid="card-outcome" data-code={cmd.outcome.code ?? ''}>
          {t(cmd.outcome.key, withActionLabel(cmd.outcome.params, lang))}
          {!cmd.outcome.ok && cmd.outcome.code && <small> ({cmd.outcome.code})</small>}
          <button type="button" onClick={cmd.clear} aria-label={t('card.close')}>
            ×
          </button>
        </div>
      )}
      {d && <ActionBar allowed={allowed} busy={cmd.busy} onAction={(a, opinion, hours) => void cmd.act(a, opinion, hours)} />}
      {d && <Assignments assignments={d.assignments} scene={item?.position ?? null} canSend={canSend} busy={cmd.busy} onSend={(u) => void cmd.send(u)} onRecall={(u) => void cmd.recall(u)} />}
      {d && (canSend || allowed.includes('DISPATCH')) && <Recommendations recs={recs} current={recsCurrent} canSend={canSend} busy={cmd.busy} onSend={(u) => void cmd.send(u)} />}
      {context.state === 'ok' && <CameraList cameras={context.value.cameras} />}
      {context.state === 'ok' && <Surroundings context={context.value} />}
      {context.state === 'error' && <div className="card-note error">{t('dispatch.context.error', { code: context.code })}</div>}
      {d && <Timeline flow={d.flow} />}
    </aside>
  );
}

/** An outcome's `action` parameter as the action's label. */
function withActionLabel(params: Record<string, string | number> | undefined, lang: Lang) {
  const a = params?.action;
  return params && isIncidentAction(a) ? { ...params, action: ACTIONS[a].label[lang] } : params;
}

/** Tells the map (DispatchMapLayers) the open card's scene, its units and the recommended ones. */
function useCardOnMap(id: string, scene: [number, number] | null, d: IncidentDetail | null, recs: Recommendation[] | null) {
  const { store } = useServices();
  const assigned = useMemo(() => {
    const ids = (d?.assignments ?? []).filter((a) => a.open ?? !a.releasedAt).map((a) => a.unitId);
    const primary = d?.incident.properties.assigned_unit_id;
    if (typeof primary === 'string' && primary && !ids.includes(primary)) ids.push(primary);
    return ids;
  }, [d]);
  const canSend = d?.assignable === true;
  const recommended = useMemo(() => (canSend && recs ? recs.map((r) => r.unitId) : []), [canSend, recs]);
  useEffect(() => {
    store.dispatch({ type: 'dispatchCardUnits', units: { incidentId: id, scene, assigned, recommended } });
  }, [store, id, scene?.[0], scene?.[1], assigned, recommended]); // eslint-disable-line react-hooks/exhaustive-deps
  useEffect(() => () => store.dispatch({ type: 'dispatchCardUnits', units: null }), [store]);
}
