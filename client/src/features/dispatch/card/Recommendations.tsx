/**
 * The ranked units for the open incident (fastest first): type, distance, ETA, the reasons the server gives
 * (capability, status, …) and what sending it costs (grids left without cover). A 派遣 button sends it; the
 * first is also what the `d` key sends. A unit picked on the map instead is offered at the top (AssignBox).
 */
import { UNIT_TYPE } from '../../../../../server/protocol/codes.ts';
import { useI18n } from '../../../app/use-i18n.ts';
import type { Recommendation } from '../../../net/dispatch-api.ts';
import type { Loaded } from './use-incident.ts';
import { reasonText, coverageText, formatDistance, formatEta } from './recommendation-text.ts';

export interface RecommendationsProps {
  recs: Loaded<Recommendation[]>;
  /** False while the list shown is being asked again (after a step, a change): it stays, marked as refreshing. */
  current: boolean;
  canSend: boolean;
  busy: boolean;
  onSend(unitId: string): void;
}

export function Recommendations({ recs, current, canSend, busy, onSend }: RecommendationsProps) {
  const { t, lang } = useI18n();
  return (
    <section className={current ? 'recs' : 'recs refreshing'} data-testid="recommendations" aria-busy={!current}>
      <h4>
        {t('dispatch.recs.title')}
        {!current && recs.state !== 'loading' && <small className="recs-refreshing"> {t('dispatch.recs.refreshing')}</small>}
      </h4>
      {recs.state === 'loading' && <div className="card-note">{t('card.loading')}</div>}
      {recs.state === 'error' && <div className="card-note error">{t('dispatch.recs.error', { code: recs.code })}</div>}
      {recs.state === 'ok' && recs.value.length === 0 && <div className="card-note">{t('dispatch.recs.none')}</div>}
      {recs.state === 'ok' && (
        <ol>
          {recs.value.map((r, i) => (
            <li key={r.unitId} data-unit={r.unitId} data-testid="recommendation">
              <div className="rec-head">
                <span className="rec-rank">{i + 1}</span>
                <b>{UNIT_TYPE[r.unitType as keyof typeof UNIT_TYPE]?.[lang] ?? r.unitType}</b>
                <span className="rec-id">{String(r.callsign ?? r.unitName ?? r.unitId)}</span>
                {r.reinforcement === true && <span className="flag">{t('dispatch.assign.reinforcement')}</span>}
                <span className="rec-eta">{formatEta(r.etaSeconds, lang)}</span>
                <span className="rec-dist">{formatDistance(r.distanceMeters, lang)}</span>
                {canSend && (
                  <button type="button" className="send" disabled={busy} onClick={() => onSend(r.unitId)} data-testid="send-unit">
                    {t('dispatch.recs.send')}
                  </button>
                )}
              </div>
              <ul className="rec-reasons">
                {r.reasons.map((reason, j) => (
                  <li key={j} className={isCoverage(reason) ? 'rec-cost' : undefined}>
                    {reasonText(reason, lang)}
                  </li>
                ))}
                {!r.reasons.some(isCoverage) && <li className="rec-cost">{coverageText(r.coverageCost, lang, t)}</li>}
              </ul>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

/** The server may give the coverage cost as a reason of its own (code COVERAGE): then it is not repeated. */
const isCoverage = (reason: unknown) => typeof reason === 'object' && reason !== null && (reason as { code?: unknown }).code === 'COVERAGE';
