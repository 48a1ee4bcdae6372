/**
 * Two facts, each honest on its own: the state of the live connection (实时 / 连接中 / 重连中 / 已断开), and how
 * long ago the newest data change the feed delivered happened (its server time; 暂无变更 before the first).
 * A quiet city shows a live connection and an old change — not "data 3 min ago" as if the link were stale.
 */
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
  const last = live.lastChangeAt ?? null;
  return (
    <div className={`badge badge-${live.status}`} data-testid="live-badge" data-status={live.status} role="status" title={t('desk.live.hint')}>
      <span className="badge-dot" />
      <span className="badge-state" data-testid="live-state">{t(`live.${live.status}`)}</span>
      <span className="badge-age" data-testid="live-age" data-at={last ?? undefined}>
        {last === null ? t('desk.live.noChange') : t('desk.live.latest', { age: formatAge(Math.max(0, now - last), lang) })}
      </span>
    </div>
  );
}
