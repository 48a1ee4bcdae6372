/**
 * The planner's analysis panel: pick the analysis, set its parameters, run it (with progress); then the
 * result's legend, its parameters as the server states them, export, charts, the notable features, the
 * clicked cell and the open grid's factor breakdown. A grid picked on the map (its card) opens its breakdown.
 */
import { useEffect, useState } from 'react';
import { useServices } from '../../../app/services.ts';
import { useI18n } from '../../../app/use-i18n.ts';
import { ANALYSIS_KINDS, type AnalysisKind } from '../../../state/analysis-slice.ts';
import { selectSelection } from '../../../state/selectors.ts';
import { useStore } from '../../../state/store.ts';
import { useSession } from '../../auth/session.ts';
import { ExportButtons } from './ExportButtons.tsx';
import { FactorBreakdown } from '../charts/FactorBreakdown.tsx';
import { ParamsForm } from './ParamsForm.tsx';
import { PickedFeature } from './PickedFeature.tsx';
import { ResultCharts } from '../charts/ResultCharts.tsx';
import { ResultLegend } from './ResultLegend.tsx';
import { RunStatus } from './RunStatus.tsx';
import { ServerParameters } from './ServerParameters.tsx';
import { TopFeatures } from './TopFeatures.tsx';
import { useAnalysis, useAnalysisTools, useResultStyle } from '../use-analysis.ts';
import { useResultFocus } from './use-result-focus.ts';
import { WarningsList } from './WarningsList.tsx';

/** The permission to start an analysis that writes results (risk grading now). */
export const RUN_PERMISSION = 'analysis:run';

export function AnalysisPanel() {
  const { store } = useServices();
  const { t } = useI18n();
  const { runner } = useAnalysisTools();
  const { kind, params, run, breakdownGrid, picked } = useAnalysis();
  const style = useResultStyle();
  const canRun = useSession().me.permissions.includes(RUN_PERMISSION);
  useGridSelectionOpensBreakdown();
  const result = run?.status === 'done' ? run.result : null;
  const shown = result && result.kind === kind ? result : null;
  const [focus, setFocus] = useState(true);
  useResultFocus(Boolean(shown) && focus);
  return (
    <div className="analysis-panel" data-testid="analysis-panel" data-kind={kind}>
      <label className="analysis-kind">
        {t('analysis.pick')}
        <select name="kind" value={kind} onChange={(e) => store.dispatch({ type: 'analysis/setKind', kind: e.target.value as AnalysisKind })}>
          {ANALYSIS_KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`analysis.kind.${k}`)}
            </option>
          ))}
        </select>
      </label>
      <p className="analysis-note">{t(`analysis.about.${kind}`)}</p>
      <ParamsForm kind={kind} params={params} />
      <div className="analysis-actions">
        <button type="button" className="primary" data-testid="analysis-run" disabled={run?.status === 'running'} onClick={() => runner.run()}>
          {shown ? t('analysis.rerun') : t('analysis.run')}
        </button>
        {kind === 'risk' && canRun && (
          <button type="button" data-testid="analysis-recompute" disabled={run?.status === 'running'} onClick={() => runner.run({ recompute: true })}>
            {t('analysis.recompute')}
          </button>
        )}
        {run?.status === 'running' && (
          <button type="button" onClick={() => runner.cancel()}>
            {t('analysis.cancel')}
          </button>
        )}
        {run && run.status !== 'running' && (
          <button type="button" onClick={() => runner.cancel()}>
            {t('analysis.clear')}
          </button>
        )}
      </div>
      {run ? <RunStatus run={run} /> : <p className="analysis-note">{t('analysis.empty')}</p>}
      <label className="analysis-focus">
        <input type="checkbox" checked={focus} onChange={(e) => setFocus(e.target.checked)} data-testid="analysis-focus" />
        {t('analysis.focus')}
      </label>
      {breakdownGrid && <FactorBreakdown code={breakdownGrid} />}
      {shown && style && (
        <>
          <ResultLegend legend={style.legend} />
          {picked && <PickedFeature properties={picked} />}
          <ExportButtons result={shown} />
          {shown.kind === 'warnings' ? <WarningsList result={shown} /> : <TopFeatures result={shown} style={style} />}
          <ResultCharts result={shown} legend={style.legend} />
          <ServerParameters parameters={shown.parameters} />
        </>
      )}
    </div>
  );
}

/** A grid selected on the map (its card opens) also opens its factor breakdown here. */
function useGridSelectionOpensBreakdown() {
  const { store } = useServices();
  const selection = useStore(store, selectSelection);
  useEffect(() => {
    if (selection?.collection === 'grids' && /^\d{15}$/.test(selection.id)) store.dispatch({ type: 'analysis/openBreakdown', grid: selection.id });
  }, [store, selection]);
}
