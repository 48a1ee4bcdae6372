/** The run in flight or finished: a progress bar (the server's fraction when known, else moving), time and bytes, or the error. */
import { useEffect, useState } from 'react';
import { useI18n } from '../../../app/use-i18n.ts';
import type { AnalysisRun } from '../../../state/analysis-slice.ts';

export function RunStatus({ run }: { run: AnalysisRun }) {
  const { t } = useI18n();
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    if (run.status !== 'running') return;
    const timer = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(timer);
  }, [run.status]);
  const secs = (((run.result?.receivedAt ?? now) - run.startedAt) / 1000).toFixed(1);
  if (run.status === 'failed') {
    const message = run.error?.message === 'fromAfterTo' ? t('analysis.fromAfterTo') : (run.error?.message ?? '');
    const key = run.error?.code === 'FORBIDDEN' ? 'analysis.noPermission' : 'analysis.failed';
    return (
      <div className="analysis-status error" role="alert" data-testid="analysis-status" data-status="failed" data-code={run.error?.code}>
        {t(key, { message })}
      </div>
    );
  }
  if (run.status === 'done') {
    return (
      <div className="analysis-status" data-testid="analysis-status" data-status="done">
        {t('analysis.done', { n: run.result?.features.features.length ?? 0, s: secs })}
      </div>
    );
  }
  const pct = run.progress === null ? null : Math.round(run.progress * 100);
  return (
    <div className="analysis-status" data-testid="analysis-status" data-status="running" aria-busy="true">
      <div>{run.step ? t('analysis.runningStep', { step: run.step }) : t('analysis.running')}</div>
      <div className={`progress ${pct === null ? 'indeterminate' : ''}`} role="progressbar" aria-valuenow={pct ?? undefined} aria-valuemin={0} aria-valuemax={100}>
        <span style={pct === null ? undefined : { width: `${pct}%` }} />
      </div>
      <div className="analysis-note">
        {t('analysis.elapsed', { s: secs })}
        {run.bytes > 0 && ` · ${t('analysis.received', { kb: Math.round(run.bytes / 1024) })}`}
      </div>
    </div>
  );
}
