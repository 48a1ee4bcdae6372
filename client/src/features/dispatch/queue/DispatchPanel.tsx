/**
 * The dispatcher console's left column (the /dispatch route's panel, app/App.tsx): the critical-incident alert,
 * the bucket counts, the filters and the queue. While it is shown it keeps the queue in sync with the server
 * and the live feed (use-dispatch-sync.ts), links the map to the queue (use-map-link.ts) and listens for the
 * keyboard shortcuts (use-shortcuts.ts).
 */
import { useMemo } from 'react';
import { useServices } from '../../../app/services.ts';
import { useI18n } from '../../../app/use-i18n.ts';
import { useClock } from '../../../map/use-clock.ts';
import { sortQueue } from '../../../state/dispatch/queue-model.ts';
import { useStore } from '../../../state/store.ts';
import { useDispatchServices } from '../dispatch-services.ts';
import { HelpOverlay } from '../HelpOverlay.tsx';
import { useConsoleLayers } from '../use-console-layers.ts';
import { useDispatchSync } from '../use-dispatch-sync.ts';
import { useMapLink } from '../use-map-link.ts';
import { useShortcuts } from '../use-shortcuts.ts';
import { AlertBanner } from './AlertBanner.tsx';
import { BucketCounts } from './BucketCounts.tsx';
import { QueueFilters } from './QueueFilters.tsx';
import { QueueList } from './QueueList.tsx';
import '../dispatch.css';

/** Timer lights and ages are redrawn this often. */
const TICK_MS = 15_000;

export function DispatchPanel() {
  const { store } = useServices();
  const { t } = useI18n();
  const ds = useDispatchServices();
  const now = useClock(TICK_MS);
  const raw = useStore(store, (s) => s.dispatch.queue.items);
  const items = useMemo(() => sortQueue(raw, now), [raw, now]);
  useConsoleLayers();
  useDispatchSync(ds);
  useMapLink();
  useShortcuts(items, ds);
  return (
    <aside className="panel dispatch-panel" data-testid="dispatch-panel">
      <header className="dispatch-head">
        <h2>{t('dispatch.queue.title')}</h2>
        <button type="button" className="help-btn" onClick={() => store.dispatch({ type: 'dispatchHelp', open: true })} title={t('dispatch.help.title')}>
          ?
        </button>
      </header>
      <AlertBanner announcer={ds.announcer} />
      <BucketCounts />
      <QueueFilters />
      <QueueList items={items} now={now} />
      <HelpOverlay />
    </aside>
  );
}
