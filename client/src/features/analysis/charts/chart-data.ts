/**
 * The numbers behind the workspace's charts, from a result (pure): grids per risk level and the factors'
 * total contribution (risk), cells per Gi* class (hotspots), features per pattern (emerging), features per
 * legend class (numeric results), warnings per level; and a time series when the answer carries one.
 */
import type { Lang } from '../../../i18n/index.ts';
import type { AnalysisResult } from '../../../state/analysis-slice.ts';
import type { BarDatum } from './chart-options.ts';
import { factorRows, type FactorNames } from '../model/factors.ts';
import type { LegendSpec } from '../model/result-style.ts';

/** One bar per legend class, in the legend's colours (counts as the legend counts them). */
export function legendBars(legend: LegendSpec): BarDatum[] {
  return legend.items.map((i) => ({ label: i.label, value: i.count, colour: i.colour }));
}

/** The sum of each factor's contribution over every graded grid, largest first. */
export function factorTotals(r: AnalysisResult, names: FactorNames, lang: Lang): BarDatum[] {
  const sums = new Map<string, { label: string; value: number }>();
  for (const f of r.features.features) {
    for (const row of factorRows(f.properties?.risk_factors, names, lang)) {
      const s = sums.get(row.factor) ?? { label: row.label, value: 0 };
      s.value += row.contribution;
      sums.set(row.factor, s);
    }
  }
  return [...sums.values()].map((s) => ({ label: s.label, value: Math.round(s.value) })).sort((a, b) => b.value - a.value);
}

/**
 * A time series the answer carries (e.g. an emerging-hotspot view's periods): the first top-level array of
 * objects with a time-like label and a count-like number. Null when there is none.
 */
export function seriesOf(r: AnalysisResult): { label: string; value: number }[] | null {
  if (r.kind === 'emerging') return periodSeries(r);
  for (const v of Object.values(r.extra)) {
    if (!Array.isArray(v) || !v.length || typeof v[0] !== 'object' || v[0] === null) continue;
    const first = v[0] as Record<string, unknown>;
    const labelKey = ['label', 'period', 'from', 'start', 'day', 'date'].find((k) => typeof first[k] === 'string');
    const valueKey = ['count', 'incidents', 'total', 'value'].find((k) => typeof first[k] === 'number');
    if (!labelKey || !valueKey) continue;
    return (v as Record<string, unknown>[]).map((o) => ({ label: String(o[labelKey]).slice(0, 10), value: Number(o[valueKey]) }));
  }
  return null;
}

/**
 * An emerging-hotspot answer's incidents per period (oldest first) summed over its cells: each cell's `counts`
 * ("3 5 8 …"), labelled by the period's first day from the answer's window and periodDays.
 */
export function periodSeries(r: AnalysisResult): { label: string; value: number }[] | null {
  const periods = Number(r.parameters.periods);
  const days = Number(r.parameters.periodDays);
  const from = Date.parse(String((r.parameters.window as { from?: string } | undefined)?.from ?? ''));
  if (!(periods > 0) || !(days > 0) || !Number.isFinite(from)) return null;
  const sums = new Array<number>(periods).fill(0);
  for (const f of r.features.features) {
    String(f.properties?.counts ?? '')
      .split(' ')
      .forEach((v, i) => {
        if (i < periods && v !== '') sums[i]! += Number(v) || 0;
      });
  }
  return sums.map((value, i) => ({ label: new Date(from + i * days * 86_400_000).toISOString().slice(5, 10), value }));
}
