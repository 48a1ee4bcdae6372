/**
 * The queue's filters: statuses (several at once, grouped by bucket), the time window (today, 24 h, 7 days,
 * all, or a custom range), category and urgency. The org-tree area of the top bar narrows the queue too.
 * Every change reloads the queue and its counts (use-dispatch-sync.ts).
 */
import { INCIDENT_BUCKETS } from '../../../../../server/domain/incidents/lifecycle.ts';
import { INCIDENT_CATEGORY, INCIDENT_STATUS, INCIDENT_URGENCY } from '../../../../../server/protocol/codes.ts';
import { useServices } from '../../../app/services.ts';
import { useI18n } from '../../../app/use-i18n.ts';
import { DEFAULT_FILTERS, TIME_WINDOWS, toggleStatus, type QueueFilters as Filters, type TimeWindow } from '../../../state/dispatch/queue-query.ts';
import { useStore } from '../../../state/store.ts';
import { statusesOf } from './BucketCounts.tsx';

export function QueueFilters() {
  const { store } = useServices();
  const { t, lang } = useI18n();
  const f = useStore(store, (s) => s.dispatch.filters);
  const set = (patch: Partial<Filters>) => store.dispatch({ type: 'dispatchFilters', filters: { ...f, ...patch } });
  return (
    <div className="queue-filters" data-testid="queue-filters">
      <fieldset className="status-filter">
        <legend>{t('dispatch.filter.status')}</legend>
        {INCIDENT_BUCKETS.flatMap((b) => statusesOf(b)).map((s) => (
          <label key={s} className={f.statuses.includes(s) ? 'on' : ''}>
            <input type="checkbox" checked={f.statuses.includes(s)} onChange={() => set(toggleStatus(f, s))} data-status={s} />
            {INCIDENT_STATUS[s as keyof typeof INCIDENT_STATUS][lang]}
          </label>
        ))}
      </fieldset>
      <div className="filter-row">
        <label>
          {t('dispatch.filter.window')}
          <select value={f.window} onChange={(e) => set({ window: e.target.value as TimeWindow })} data-testid="filter-window">
            {TIME_WINDOWS.map((w) => (
              <option key={w} value={w}>
                {t(`dispatch.window.${w}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('dispatch.filter.category')}
          <select value={f.category} onChange={(e) => set({ category: e.target.value })} data-testid="filter-category">
            <option value="">{t('layers.all')}</option>
            {Object.entries(INCIDENT_CATEGORY).map(([code, label]) => (
              <option key={code} value={code}>
                {label[lang]}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('dispatch.filter.urgency')}
          <select value={f.urgency} onChange={(e) => set({ urgency: e.target.value })} data-testid="filter-urgency">
            <option value="">{t('layers.all')}</option>
            {Object.entries(INCIDENT_URGENCY).map(([code, label]) => (
              <option key={code} value={code}>
                {label[lang]}
              </option>
            ))}
          </select>
        </label>
        <button type="button" onClick={() => store.dispatch({ type: 'dispatchFilters', filters: DEFAULT_FILTERS })}>
          {t('dispatch.filter.reset')}
        </button>
      </div>
      {f.window === 'custom' && (
        <div className="filter-row">
          <label>
            {t('dispatch.filter.from')}
            <input type="datetime-local" value={f.from} onChange={(e) => set({ from: e.target.value })} />
          </label>
          <label>
            {t('dispatch.filter.to')}
            <input type="datetime-local" value={f.to} onChange={(e) => set({ to: e.target.value })} />
          </label>
        </div>
      )}
    </div>
  );
}
