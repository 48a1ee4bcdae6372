/**
 * The open incident's action buttons: one per lifecycle action allowed now (the server's `allowed`, labels from
 * the shared lifecycle table), with the 办理意见 opinion field; an action that needs an opinion waits for one.
 * Sending a unit (DISPATCH) happens in the recommendation list, so it is not a button here; POSTPONE asks for
 * its hours.
 */
import { useState } from 'react';
import { ACTIONS, type IncidentAction } from '../../../../../server/domain/incidents/lifecycle.ts';
import { useI18n } from '../../../app/use-i18n.ts';

export interface ActionBarProps {
  allowed: readonly IncidentAction[];
  busy: boolean;
  onAction(action: IncidentAction, opinion: string, hours?: number): void;
}

/** Actions done elsewhere in the card (sending a unit goes through the recommendations). */
const ELSEWHERE = new Set<IncidentAction>(['DISPATCH']);

export function ActionBar({ allowed, busy, onAction }: ActionBarProps) {
  const { t, lang } = useI18n();
  const [opinion, setOpinion] = useState('');
  const [hours, setHours] = useState(24);
  const shown = allowed.filter((a) => !ELSEWHERE.has(a));
  if (!shown.length) return <div className="card-note">{t('dispatch.action.none')}</div>;
  return (
    <section className="action-bar" data-testid="action-bar">
      <textarea
        value={opinion}
        onChange={(e) => setOpinion(e.target.value)}
        placeholder={t('dispatch.action.opinion')}
        aria-label={t('dispatch.action.opinion')}
        maxLength={2000}
        rows={2}
        data-testid="opinion"
      />
      <div className="action-buttons">
        {shown.map((a) => {
          const rule = ACTIONS[a];
          const needsOpinion = rule.needs.includes('opinion') && !opinion.trim();
          return (
            <button
              type="button"
              key={a}
              data-action={a}
              className={`action action-${a.toLowerCase()}`}
              disabled={busy || needsOpinion}
              title={needsOpinion ? t('dispatch.action.needsOpinion') : undefined}
              onClick={() => {
                onAction(a, opinion.trim(), rule.needs.includes('hours') ? hours : undefined);
                setOpinion('');
              }}
            >
              {rule.label[lang]}
            </button>
          );
        })}
        {shown.includes('POSTPONE') && (
          <label className="hours" title={t('dispatch.action.hours')}>
            {t('dispatch.action.hours')}
            <input type="number" min={1} max={720} value={hours} onChange={(e) => setHours(Number(e.target.value))} />
          </label>
        )}
      </div>
    </section>
  );
}
