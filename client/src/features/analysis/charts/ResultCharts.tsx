/** The charts of the current result (ECharts): the distribution over the legend's classes, the risk factors, a trend. */
import { useMemo } from 'react';
import { useServices } from '../../../app/services.ts';
import { useI18n } from '../../../app/use-i18n.ts';
import type { AnalysisResult } from '../../../state/analysis-slice.ts';
import { selectTheme } from '../../../state/selectors.ts';
import { useStore } from '../../../state/store.ts';
import { factorTotals, legendBars, seriesOf } from './chart-data.ts';
import { barOption, DARK, LIGHT, lineOption } from './chart-options.ts';
import { EChart } from './EChart.tsx';
import { FACTOR_NAMES } from '../model/factor-names.ts';
import type { LegendSpec } from '../model/result-style.ts';
import { HOTSPOT_COLOURS } from '../model/scales.ts';

const DISTRIBUTION_TITLE = {
  risk: 'analysis.chart.levels',
  hotspots: 'analysis.chart.classes',
  emerging: 'analysis.chart.classes',
  density: 'analysis.chart.classes',
  'camera-coverage': 'analysis.chart.coverage',
  'response-coverage': 'analysis.chart.minutes',
  warnings: 'analysis.legend.warnings',
} as const;

export function ResultCharts({ result, legend }: { result: AnalysisResult; legend: LegendSpec }) {
  const { store } = useServices();
  const { t, lang } = useI18n();
  const th = useStore(store, selectTheme) === 'dark' ? DARK : LIGHT;
  const dist = useMemo(() => barOption(legendBars(legend), th, { valueName: t('analysis.chart.count') }), [legend, th, t]);
  const factors = useMemo(() => (result.kind === 'risk' ? factorTotals(result, FACTOR_NAMES, lang) : []), [result, lang]);
  const factorOption = useMemo(() => (factors.length ? barOption(factors, th, { horizontal: true }) : null), [factors, th]);
  const series = useMemo(() => seriesOf(result), [result]);
  const trend = useMemo(() => (series ? lineOption(series, th, HOTSPOT_COLOURS.HOT_99, t('analysis.chart.count')) : null), [series, th, t]);
  return (
    <section className="analysis-charts" data-testid="analysis-charts">
      <h4>{t(DISTRIBUTION_TITLE[result.kind])}</h4>
      <EChart option={dist} testId="chart-distribution" />
      {factorOption && (
        <>
          <h4>{t('analysis.chart.factors')}</h4>
          <EChart option={factorOption} height={40 + 26 * factors.length} testId="chart-factors" />
        </>
      )}
      {trend && (
        <>
          <h4>{t(result.kind === 'emerging' ? 'analysis.chart.periods' : 'analysis.chart.trend')}</h4>
          <EChart option={trend} testId="chart-trend" />
        </>
      )}
    </section>
  );
}
