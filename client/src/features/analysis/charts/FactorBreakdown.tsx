/**
 * "Why is this grid red?": the open grid's risk level, score, model version and its factor contributions as a
 * bar chart (largest first) and as a table, read from the grid itself (GET /ogc/collections/grids/items/{code}).
 */
import { useEffect, useMemo, useState } from 'react';
import { RISK_LEVEL, type CodeList } from '../../../../../server/protocol/codes.ts';
import { useServices } from '../../../app/services.ts';
import { selectTheme } from '../../../state/selectors.ts';
import { useStore } from '../../../state/store.ts';
import { useI18n } from '../../../app/use-i18n.ts';
import { cssColor } from '../../../lib/colors.ts';
import { barOption, DARK, LIGHT } from './chart-options.ts';
import { EChart } from './EChart.tsx';
import { breakdownOfGrade, type GradeAnswer } from '../model/factors.ts';
import { fmt } from '../model/result-style.ts';
import { RISK_COLOURS, type RiskLevel } from '../model/scales.ts';
import { useAnalysisTools } from '../use-analysis.ts';

type Load = { code: string; grade: GradeAnswer | null; error: string | null };

export function FactorBreakdown({ code }: { code: string }) {
  const { store } = useServices();
  const { api } = useAnalysisTools();
  const { t, lang } = useI18n();
  const theme = useStore(store, selectTheme);
  const [load, setLoad] = useState<Load>({ code, grade: null, error: null });
  // Reloaded when the grid's row changes on the live feed (a new grading pushes its grids).
  const seq = useStore(store, (s) => s.overlay.grids?.get(code)?.seq ?? 0);
  useEffect(() => {
    const ctl = new AbortController();
    api.riskGrid(code, ctl.signal).then(
      (grade) => setLoad({ code, grade, error: null }),
      (err: Error) => err.name !== 'AbortError' && setLoad({ code, grade: null, error: err.message }),
    );
    return () => ctl.abort();
  }, [api, code, seq]);
  const b = useMemo(() => (load.grade && load.code === code ? breakdownOfGrade(load.grade, lang) : null), [load, code, lang]);
  const colour = b?.level ? RISK_COLOURS[b.level as RiskLevel] : undefined;
  const option = useMemo(
    () => (b ? barOption(b.factors.map((f) => ({ label: f.label, value: f.contribution, colour })), theme === 'dark' ? DARK : LIGHT, { horizontal: true, digits: 1 }) : null),
    [b, colour, theme],
  );
  const close = () => store.dispatch({ type: 'analysis/openBreakdown', grid: null });
  const levelLabel = b?.level ? ((RISK_LEVEL as CodeList)[b.level]?.[lang] ?? b.level) : null;
  return (
    <section className="analysis-breakdown" data-testid="factor-breakdown" data-grid={code} data-level={b?.level ?? ''}>
      <header>
        <h3>
          {levelLabel ? t('analysis.breakdown.title', { code, level: levelLabel }) : t('analysis.breakdown.titleNoLevel', { code })}
        </h3>
        <button type="button" onClick={close} aria-label={t('analysis.breakdown.close')}>
          ×
        </button>
      </header>
      {load.code === code && load.error && <p className="analysis-note error">{load.error}</p>}
      {!b && !(load.code === code && load.error) && <p className="analysis-note">{t('analysis.breakdown.loading')}</p>}
      {b && (
        <>
          <p className="analysis-breakdown-head">
            {b.name && <span>{b.name}</span>}
            {levelLabel && (
              <span className="level-chip" style={{ background: colour ? cssColor(colour) : undefined }}>
                {levelLabel}
              </span>
            )}
            {b.score !== null && <span data-testid="breakdown-score">{t('analysis.breakdown.score', { score: fmt(b.score, lang) })}</span>}
          </p>
          {b.version && <p className="analysis-note" data-testid="breakdown-model">{t('analysis.breakdown.model', { version: b.version })}</p>}
          {!b.factors.length && <p className="analysis-note">{t('analysis.breakdown.none')}</p>}
          {option && b.factors.length > 0 && <EChart option={option} height={40 + 26 * b.factors.length} testId="breakdown-chart" />}
          <table className="analysis-factors" aria-label={t('analysis.factor.contribution')}>
            <tbody>
              {b.factors.map((f) => (
                <tr key={f.factor} data-factor={f.factor} data-contribution={f.contribution}>
                  <td>{f.label}</td>
                  <td className="num">{fmt(f.contribution, lang)}</td>
                  {f.maxPoints !== undefined && <td className="num muted">/ {fmt(f.maxPoints, lang)}</td>}
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
