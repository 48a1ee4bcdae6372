/**
 * The announcement of new critical incidents (特急, just reported): a flashing banner at the top of the queue
 * naming the newest one (a click opens it), how many wait, the mute switch (remembered on the device) and a
 * dismiss. The chime itself is played by use-dispatch-sync.ts.
 */
import { useServices } from '../../../app/services.ts';
import { useI18n } from '../../../app/use-i18n.ts';
import { useStore } from '../../../state/store.ts';
import type { DispatchServices } from '../dispatch-services.ts';

export function AlertBanner({ announcer }: Pick<DispatchServices, 'announcer'>) {
  const { store } = useServices();
  const { t } = useI18n();
  const alerts = useStore(store, (s) => s.dispatch.alerts);
  const muted = useStore(store, (s) => s.dispatch.muted);
  const items = useStore(store, (s) => s.dispatch.queue.items);
  const first = alerts[0];
  const item = first ? items.find((i) => i.id === first) : undefined;
  const toggleMute = () => {
    announcer.saveMuted(!muted);
    store.dispatch({ type: 'dispatchMute', muted: !muted });
  };
  return (
    <div className={`alert-bar${first ? ' alerting' : ''}`} data-testid="dispatch-alert" data-alerts={alerts.length} data-chimes={announcer.played()} role={first ? 'alert' : undefined}>
      {first ? (
        <button type="button" className="alert-open" onClick={() => store.dispatch({ type: 'dispatchOpen', id: first })}>
          <b>{t('dispatch.alert.critical')}</b> {item?.title ?? first}
          {alerts.length > 1 && <span className="alert-more">{t('dispatch.alert.more', { n: alerts.length - 1 })}</span>}
        </button>
      ) : (
        <span className="alert-idle">{t('dispatch.alert.none')}</span>
      )}
      {first && (
        <button type="button" onClick={() => store.dispatch({ type: 'dispatchAck', id: null })} title={t('dispatch.alert.dismiss')}>
          {t('dispatch.alert.dismiss')}
        </button>
      )}
      <button type="button" onClick={toggleMute} aria-pressed={muted} data-testid="dispatch-mute" title={t('dispatch.alert.muteHint')}>
        {muted ? t('dispatch.alert.unmute') : t('dispatch.alert.mute')}
      </button>
    </div>
  );
}
