/**
 * The command-centre wall (/wall): an unattended big screen. Header (title, the scope, clock, data age), the map
 * in the centre with the live ticker and attention over it, KPI columns left and right (GET /api/kpis), a
 * stale-data banner when the figures can no longer be confirmed. Nothing to press. Sizes are in em of a root size
 * that follows the viewport (wall.css), so 1920×1080 and 3840×2160 show the same picture at their own scale.
 * URL parameters: ./wall-params.ts (docs/client.md "The wall").
 */
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { localTime } from '../../../../server/domain/kpis/calendar.ts';
import { useServices } from '../../app/services.ts';
import { useI18n } from '../../app/use-i18n.ts';
import { formatAge } from '../../lib/format.ts';
import { useClock } from '../../map/use-clock.ts';
import { useStore } from '../../state/store.ts';
import { useSession } from '../auth/session.ts';
import { EventsColumn } from './EventsColumn.tsx';
import { ResourcesColumn } from './ResourcesColumn.tsx';
import { isCurrent, isStale, useFeedDownSince, useReloadOnNewVersion } from './use-wall-health.ts';
import { useWallKpis } from './use-wall-kpis.ts';
import { useWallMap } from './use-wall-map.ts';
import { mapZoomFor, wallParams } from './wall-params.ts';
import './wall.css';

export function WallLayout({ map }: { map: ReactNode }) {
  const { store, api, map: mapHandle } = useServices();
  const { me } = useSession();
  const { t, lang } = useI18n();
  const params = useMemo(() => wallParams(location.search), []);
  const scope = params.scope ?? me.jurisdiction.code;
  const kpis = useWallKpis(store, api, params.scope);
  const live = useWallMap(store, api, mapHandle, scope, params);
  const feedDownSince = useFeedDownSince(store);
  useReloadOnNewVersion(store, api);
  const now = useClock(1000);
  const feed = useStore(store, (s) => s.live.status);
  const failing = kpis.error !== null;
  const stale = isStale(now, kpis.okAt, feed, feedDownSince, failing);
  const current = isCurrent(kpis.okAt, feed, failing);
  const age = kpis.okAt === null ? null : formatAge(now - kpis.okAt, lang);
  const k = kpis.data;
  const mapZoom = useMapZoom();
  return (
    <div className="wall" data-testid="layout" data-layout="wall" data-route="wall" data-stale={stale ? 'true' : 'false'} data-kpis-at={k?.at ?? ''}>
      <header className="wall-header">
        <div className="wall-brand">
          <h1>{t('wall.title')}</h1>
          <span>{t('wall.subtitle')}</span>
        </div>
        <div className="wall-scope" data-testid="wall-scope">
          {k?.scopeName ?? ''}
          {live.tourStop && params.tourSeconds > 0 && <small>{t('wall.tour', { name: live.tourStop })}</small>}
        </div>
        <div className="wall-status">
          <span className="wall-clock">{localTime(now)}</span>
          <span className={`wall-age${stale ? ' stale' : ''}`} data-testid="wall-age" data-age-ms={kpis.okAt === null ? '' : String(now - kpis.okAt)}>
            {age === null ? t('wall.loading') : current || now - kpis.okAt! < 5000 ? t('wall.dataAgeNow') : t('wall.dataAge', { age })}
          </span>
        </div>
      </header>
      {stale && (
        <div className="wall-stale" role="alert" data-testid="wall-stale">
          {t('wall.stale', { age: age ?? '—' })}
        </div>
      )}
      <div className="wall-body">
        {k ? <EventsColumn k={k} t={t} lang={lang} /> : <aside className="wall-column wall-left">{kpis.error ? t('wall.error', { message: kpis.error }) : t('wall.loading')}</aside>}
        <main className="wall-centre">
          <div className="wall-map" style={{ zoom: mapZoom }} data-zoom={mapZoom}>
            {map}
          </div>
          {live.attention && (
            <div className={`wall-attention wall-attention-${live.attention.layer}`} data-testid="wall-attention" data-id={live.attention.id}>
              <b>{t(live.attention.layer === 'warnings' ? 'wall.attention.warning' : 'wall.attention.incident')}</b> {live.attention.title}
            </div>
          )}
          <section className="wall-ticker" data-testid="wall-ticker">
            <h2>{t('wall.section.ticker')}</h2>
            {live.ticker.length === 0 ? (
              <p className="wall-ticker-empty">{t('wall.ticker.empty')}</p>
            ) : (
              <ol>
                {live.ticker.map((item) => (
                  <li key={item.key} className={item.critical ? 'critical' : undefined} data-id={item.id}>
                    <time>{localTime(item.at)}</time>
                    {item.urgency && <span className={`urgency${item.critical ? ' critical' : ''}`}>{item.urgency}</span>}
                    <span className="title">{item.title}</span>
                    <span className="status">{item.isNew ? t('wall.ticker.new') : item.status}</span>
                  </li>
                ))}
              </ol>
            )}
          </section>
        </main>
        {k ? <ResourcesColumn k={k} t={t} lang={lang} /> : <aside className="wall-column wall-right" />}
      </div>
    </div>
  );
}

/**
 * The map's labels, symbols and lines are drawn in pixels: on a wall larger than 1920×1080 the map is laid out at
 * 1080p size and zoomed (CSS zoom) like the rest of the page, so a 4K wall shows them twice as big. Nothing on the
 * wall is pressed, so the zoomed map needs no pointer mapping.
 */
function useMapZoom(): number {
  const [zoom, setZoom] = useState(() => mapZoomFor(innerWidth, innerHeight));
  useEffect(() => {
    const onResize = () => setZoom(mapZoomFor(innerWidth, innerHeight));
    addEventListener('resize', onResize);
    return () => removeEventListener('resize', onResize);
  }, []);
  return zoom;
}
