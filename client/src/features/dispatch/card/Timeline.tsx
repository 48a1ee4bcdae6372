/** The incident's flow log (办理流程), oldest first: when, who, what (action label), from → to, and the opinion. */
import { ACTIONS, isIncidentAction } from '../../../../../server/domain/incidents/lifecycle.ts';
import { INCIDENT_STATUS } from '../../../../../server/protocol/codes.ts';
import { useI18n } from '../../../app/use-i18n.ts';
import { formatDateTime } from '../../../lib/format.ts';
import type { FlowEntry } from '../../../net/dispatch-api.ts';

/** Flow-log steps that are not lifecycle actions. */
const FLOW_STEPS = ['REPORT', 'ASSIGN', 'UNASSIGN'] as const;

export function Timeline({ flow }: { flow: readonly FlowEntry[] }) {
  const { t, lang } = useI18n();
  const status = (s: string | null) => (s ? (INCIDENT_STATUS[s as keyof typeof INCIDENT_STATUS]?.[lang] ?? s) : '—');
  /** Lifecycle actions by the shared table's label; the server's own flow steps (上报, 增派, 撤回) by ours. */
  const actionLabel = (a: string) => {
    if (isIncidentAction(a)) return ACTIONS[a].label[lang];
    const key = FLOW_STEPS.find((k) => k === a);
    return key ? t(`dispatch.flow.${key}`) : a;
  };
  const ordered = [...flow].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  return (
    <section className="timeline" data-testid="timeline">
      <h4>{t('dispatch.timeline.title')}</h4>
      {ordered.length === 0 && <div className="card-note">{t('dispatch.timeline.empty')}</div>}
      <ol>
        {ordered.map((e, i) => (
          <li key={`${e.at}-${i}`} data-action={e.action} data-to={e.to ?? ''}>
            <time>{formatDateTime(e.at)}</time>
            <b>{actionLabel(e.action)}</b>
            <span className="flow-move">
              {status(e.from)} → {status(e.to)}
            </span>
            <span className="flow-actor">{e.actorName ?? e.actor ?? ''}</span>
            {e.unitId && <span className="flow-unit">{t('dispatch.timeline.unit', { unit: e.unitId })}</span>}
            {e.opinion && <q>{e.opinion}</q>}
          </li>
        ))}
      </ol>
    </section>
  );
}
