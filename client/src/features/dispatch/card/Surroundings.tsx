/**
 * The card's surroundings after the cameras: checkpoints to close for interception (open), then fire hazards,
 * rental housing, key places and depots with stock (folded, each headed by its count, how many need attention and
 * the nearest distance), from the incident's context. Rows are surroundings.ts's, nearest first.
 */
import { useI18n } from '../../../app/use-i18n.ts';
import type { IncidentContext } from '../../../net/dispatch-api.ts';
import { formatDistance } from './recommendation-text.ts';
import { SURROUNDING_KINDS, surroundingRows, type SurroundingKind } from './surroundings.ts';

const SHOWN = 6;
const OPEN: ReadonlySet<SurroundingKind> = new Set(['checkpoints']);

export function Surroundings({ context }: { context: IncidentContext }) {
  const { t, lang } = useI18n();
  return (
    <section className="surroundings" data-testid="surroundings">
      {SURROUNDING_KINDS.map((kind) => {
        const rows = surroundingRows(context, kind, lang, t);
        const attention = rows.filter((r) => r.attention).length;
        return (
          <details key={kind} open={OPEN.has(kind) && rows.length > 0} data-kind={kind} data-count={rows.length}>
            <summary>
              <span>{t(`dispatch.around.${kind}`)}</span> <b>{rows.length}</b>
              {attention > 0 && <span className="around-attention"> · {t('dispatch.around.attention', { n: attention })}</span>}
              {rows[0] && <span className="around-nearest">{formatDistance(rows[0].distanceMeters, lang)}</span>}
            </summary>
            {rows.length === 0 ? (
              <div className="card-note">{t('dispatch.around.none')}</div>
            ) : (
              <ul>
                {rows.slice(0, SHOWN).map((r) => (
                  <li key={r.id} data-id={r.id} className={r.attention ? 'attention' : undefined}>
                    <span className="around-title">{r.title}</span>
                    <span className="around-dist">{formatDistance(r.distanceMeters, lang)}</span>
                    <span className="around-facts">{r.facts.join(' · ')}</span>
                  </li>
                ))}
              </ul>
            )}
          </details>
        );
      })}
    </section>
  );
}
