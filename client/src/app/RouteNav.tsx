/** Links between the desk routes (the wall is opened by its address on the display itself). */
import type { MouseEvent } from 'react';
import type { MessageKey } from '../i18n/index.ts';
import { ROUTES, type RouteId } from './routes.ts';
import { useServices } from './services.ts';
import { useI18n } from './use-i18n.ts';
import { useRoute } from './use-route.ts';

const LABELS: Partial<Record<RouteId, MessageKey>> = { desk: 'nav.desk', dispatch: 'nav.dispatch', analysis: 'nav.analysis' };

export function RouteNav() {
  const { router } = useServices();
  const { t } = useI18n();
  const current = useRoute();
  const go = (path: string) => (e: MouseEvent) => {
    if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return; // a new tab: the browser's own
    e.preventDefault();
    router.navigate(path);
  };
  return (
    <nav className="route-nav" data-testid="route-nav">
      {ROUTES.filter((r) => LABELS[r.id]).map((r) => (
        <a key={r.id} href={r.path} onClick={go(r.path)} aria-current={r === current ? 'page' : undefined} data-route={r.id}>
          {t(LABELS[r.id]!)}
        </a>
      ))}
    </nav>
  );
}
