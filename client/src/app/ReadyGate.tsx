/** Shows the server's loading progress (503 from /api/health) and renders the app once it is ready. */
import { useEffect, useState, type ReactNode } from 'react';
import { formatPercent } from '../lib/format.ts';
import { useServices } from './services.ts';
import { useI18n } from './use-i18n.ts';

export function ReadyGate({ children }: { children: ReactNode }) {
  const { api } = useServices();
  const { t } = useI18n();
  const [progress, setProgress] = useState<number | null>(null);
  const [ready, setReady] = useState(false);

  useEffect(() => {
    if (ready) return;
    const ctl = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = () =>
      api.health(ctl.signal).then(
        (h) => {
          if (h.status === 'ok') setReady(true);
          else {
            setProgress(h.progress ?? 0);
            timer = setTimeout(poll, 1500);
          }
        },
        (err: Error) => {
          if (err.name !== 'AbortError') timer = setTimeout(poll, 3000);
        },
      );
    void poll();
    return () => {
      ctl.abort();
      clearTimeout(timer);
    };
  }, [api, ready]);

  if (ready) return <>{children}</>;
  return (
    <div className="ready-gate" data-testid="ready-gate">
      <h1>{t('app.title')}</h1>
      <p>{progress === null ? t('app.loading') : t('app.loadingProgress', { pct: formatPercent(progress) })}</p>
      <progress max={1} value={progress ?? undefined} />
    </div>
  );
}
