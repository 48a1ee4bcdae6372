/** Live / reconnecting badge with the age of the newest data. */
import { useServices } from '../../app/services.ts';
import { useI18n } from '../../app/use-i18n.ts';
import { formatAge } from '../../lib/format.ts';
import { useClock } from '../../map/use-clock.ts';
import { selectLive } from '../../state/selectors.ts';
import { useStore } from '../../state/store.ts';

export function ConnectionBadge() {
  const { store } = useServices();
  const { t, lang } = useI18n();
  const live = useStore(store, selectLive);
  const now = useClock(1000);
  const label = t(`live.${live.status}`);
  return (
    <div className={`badge badge-${live.status}`} data-testid="live-badge" data-status={live.status} role="status">
      <span className="badge-dot" />
      <span>{label}</span>
      {live.lastDataAt !== null && <span className="badge-age">{t('live.age', { age: formatAge(now - live.lastDataAt, lang) })}</span>}
    </div>
  );
}
