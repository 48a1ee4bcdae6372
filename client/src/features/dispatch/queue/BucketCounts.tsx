/**
 * The bucket counts over the queue (待受理 · 待派遣 · 处置中 · 待核查 · …, from the shared lifecycle's buckets)
 * and the 超期 / 临期 / 督办 / 合计 figures, as the server counted them under the chosen filters and area. A bucket
 * is also a filter: clicking it shows or hides its statuses.
 */
import { BUCKET_OF, INCIDENT_BUCKETS, INCIDENT_STATUSES, type IncidentBucket } from '../../../../../server/domain/incidents/lifecycle.ts';
import { useServices } from '../../../app/services.ts';
import { useI18n } from '../../../app/use-i18n.ts';
import { formatCount } from '../../../lib/format.ts';
import { toggleStatuses } from '../../../state/dispatch/queue-query.ts';
import { useStore } from '../../../state/store.ts';

/** The buckets a dispatcher works through (the ended ones are reached through the status filter). */
const WORK_BUCKETS = INCIDENT_BUCKETS.filter((b) => b !== 'ENDED');

export const statusesOf = (bucket: IncidentBucket) => INCIDENT_STATUSES.filter((s) => BUCKET_OF[s] === bucket);

export function BucketCounts() {
  const { store } = useServices();
  const { t, lang } = useI18n();
  const counts = useStore(store, (s) => s.dispatch.queue.counts);
  const filters = useStore(store, (s) => s.dispatch.filters);
  const n = (v: number | undefined) => (v === undefined ? '—' : formatCount(v, lang));
  return (
    <div className="bucket-counts" data-testid="bucket-counts">
      <div className="buckets">
        {WORK_BUCKETS.map((b) => {
          const statuses = statusesOf(b);
          const on = statuses.every((s) => filters.statuses.includes(s));
          return (
            <button
              type="button"
              key={b}
              className={`bucket${on ? ' on' : ''}`}
              aria-pressed={on}
              data-bucket={b}
              onClick={() => store.dispatch({ type: 'dispatchFilters', filters: toggleStatuses(filters, statuses) })}
            >
              <span className="bucket-n">{n(counts?.buckets[b])}</span>
              <span className="bucket-label">{t(`bucket.${b}`)}</span>
            </button>
          );
        })}
      </div>
      <div className="bucket-flags">
        <span className="flag-overdue" data-count="overdue">{t('dispatch.counts.overdue')} <b>{n(counts?.overdue)}</b></span>
        <span className="flag-due" data-count="nearlyDue">{t('dispatch.counts.nearlyDue')} <b>{n(counts?.nearlyDue)}</b></span>
        <span data-count="supervised">{t('dispatch.counts.supervised')} <b>{n(counts?.supervised)}</b></span>
        <span data-count="total">{t('dispatch.counts.total')} <b>{n(counts?.total)}</b></span>
      </div>
    </div>
  );
}
