/**
 * The warnings (the live collection `warnings`) as a list: level colour, title, reason, area, status; a
 * planner with the permission acknowledges or lifts one (each step is audited on the server), then the
 * list is read again.
 */
import { useState } from 'react';
import { WARNING_KIND, WARNING_LEVEL, WARNING_STATUS, type CodeList } from '../../../../../server/protocol/codes.ts';
import { useI18n } from '../../../app/use-i18n.ts';
import { cssColor } from '../../../lib/colors.ts';
import type { AnalysisResult } from '../../../state/analysis-slice.ts';
import { useSession } from '../../auth/session.ts';
import { errorOf } from '../run-analysis.ts';
import { WARNING_COLOURS } from '../model/scales.ts';
import { useAnalysisTools } from '../use-analysis.ts';
import { stepsFor, transitionRequest, WARNING_WRITE_PERMISSION, warningOrder, type WarningAction } from '../model/warnings.ts';

const label = (list: CodeList, code: unknown, lang: 'zh' | 'en') => list[String(code)]?.[lang] ?? String(code ?? '');

export function WarningsList({ result }: { result: AnalysisResult }) {
  const { me } = useSession();
  const { api, runner } = useAnalysisTools();
  const { t, lang } = useI18n();
  const [showLifted, setShowLifted] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const canWrite = me.permissions.includes(WARNING_WRITE_PERMISSION);
  const rows = result.features.features.map((f) => ({ id: String(f.id ?? f.properties?.id), p: f.properties ?? {} })).filter((r) => showLifted || r.p.status !== 'LIFTED');
  rows.sort((a, b) => warningOrder(a.p, b.p));
  const act = async (id: string, action: WarningAction, version: number) => {
    setBusy(id);
    setError(null);
    try {
      const req = transitionRequest(id, action, version);
      await api.post(req.path, req.body);
      runner.run();
    } catch (err) {
      setError(t('analysis.warnings.error', { message: errorOf(err).message }));
    } finally {
      setBusy(null);
    }
  };
  return (
    <section className="analysis-warnings" data-testid="warnings-list">
      <header>
        <h4>{t('analysis.warnings.title')}</h4>
        <label>
          <input type="checkbox" checked={showLifted} onChange={(e) => setShowLifted(e.target.checked)} /> {t('analysis.warnings.showLifted')}
        </label>
      </header>
      {!canWrite && <p className="analysis-note">{t('analysis.warnings.readOnly')}</p>}
      {error && <p className="analysis-note error">{error}</p>}
      {!rows.length && <p className="analysis-note">{t('analysis.warnings.none')}</p>}
      <ul>
        {rows.map(({ id, p }) => (
          <li key={id} data-id={id} data-status={String(p.status)}>
            <span className="level-bar" style={{ background: cssColor(WARNING_COLOURS[String(p.level)] ?? [160, 160, 160]) }} />
            <div>
              <strong>{String(p.title ?? '')}</strong>
              <div className="analysis-note">
                {label(WARNING_LEVEL, p.level, lang)} · {label(WARNING_KIND, p.kind, lang)} · {label(WARNING_STATUS, p.status, lang)}
              </div>
              <div>{String(p.reason ?? '')}</div>
              <div className="analysis-note">{t('analysis.warnings.raisedAt', { at: new Date(String(p.raised_at)).toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-US') })}</div>
              {canWrite && (
                <div className="warning-actions">
                  {stepsFor(String(p.status)).map((action) => (
                    <button key={action} type="button" disabled={busy === id} onClick={() => void act(id, action, Number(p.version))} data-action={action}>
                      {t(`analysis.warnings.${action}`)}
                    </button>
                  ))}
                </div>
              )}
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
