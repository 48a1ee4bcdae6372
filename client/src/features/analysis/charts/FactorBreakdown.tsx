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
import { FACTOR_NAMES } from '../model/factor-names.ts';
import { breakdownOf } from '../model/factors.ts';
import { fmt } from '../model/result-style.ts';
import { RISK_COLOURS, type RiskLevel } from '../model/scales.ts';
import { useAnalysisTools } from '../use-analysis.ts';

type Load = { code: string; props: Record<string, unknown> | null; error: string | null };

export function FactorBreakdown({ code }: { code: string }) {
  const { store } = useServices();
  const { api } = useAnalysisTools();
  const { t, lang } = useI18n();
  const theme = useStore(store, selectTheme);
  const [load, setLoad] = useState<Load>({ code, props: null, error: null });
  useEffect(() => {
    const ctl = new AbortController();
    setLoad({ code, props: null, error: null });
    api.feature('grids', code, ctl.signal).then(
      (f) => setLoad({ code, props: f.properties ?? {}, error: null }),
      (err: Error) => err.name !== 'AbortError' && setLoad({ code, props: null, error: err.message }),
    );
    return () => ctl.abort();
  }, [api, code]);
  const b = useMemo(() => (load.props ? breakdownOf(load.props, FACTOR_NAMES, lang) : null), [load.props, lang]);
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
      {load.error && <p className="analysis-note error">{load.error}</p>}
      {!b && !load.error && <p className="analysis-note">{t('analysis.breakdown.loading')}</p>}
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
          <table className="analysis-factors">
            <tbody>
              {b.factors.map((f) => (
                <tr key={f.factor} data-factor={f.factor} data-contribution={f.contribution}>
                  <td>{f.label}</td>
                  <td className="num">{fmt(f.contribution, lang)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
