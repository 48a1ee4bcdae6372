/**
 * The result's most notable features as a list: the highest-risk grids (risk), the hottest cells (Gi*), the
 * least covered grids (coverage), the slowest grids (response). A row flies the map there; a grid row opens
 * its factor breakdown.
 */
import { useMemo } from 'react';
import { useServices } from '../../../app/services.ts';
import { useI18n } from '../../../app/use-i18n.ts';
import { cssColor } from '../../../lib/colors.ts';
import type { AnalysisResult } from '../../../state/analysis-slice.ts';
import { gridCodeOf } from '../analysis-layers.ts';
import { centreOf } from '../model/export.ts';
import { fmt, type ResultStyle } from '../model/result-style.ts';
import { numericValue, type FeatureLike } from '../model/result-values.ts';

const TOP = 8;

/** The features to list, most notable first (null: the analysis lists none). */
export function topFeatures(r: AnalysisResult, n = TOP): FeatureLike[] | null {
  const fs = r.features.features as FeatureLike[];
  const by = (value: (f: FeatureLike) => number, desc: boolean) =>
    fs
      .filter((f) => Number.isFinite(value(f)))
      .sort((a, b) => (desc ? value(b) - value(a) : value(a) - value(b)))
      .slice(0, n);
  switch (r.kind) {
    case 'risk':
    case 'hotspots':
    case 'response-coverage':
      return by(numericValue(r.kind), true);
    case 'camera-coverage':
      return by(numericValue(r.kind), false);
    default:
      return null;
  }
}

function nameOf(f: FeatureLike): string {
  const p = f.properties ?? {};
  return String(p.name ?? p.grid_name ?? gridCodeOf(f) ?? p.cell ?? f.id ?? '');
}

export function TopFeatures({ result, style }: { result: AnalysisResult; style: ResultStyle }) {
  const { store, map } = useServices();
  const { t, lang } = useI18n();
  const rows = useMemo(() => topFeatures(result), [result]);
  if (!rows?.length) return null;
  const value = numericValue(result.kind);
  const open = (f: FeatureLike) => {
    const code = gridCodeOf(f);
    if (code) store.dispatch({ type: 'analysis/openBreakdown', grid: code });
    else store.dispatch({ type: 'analysis/pickFeature', properties: f.properties ?? {} });
    const c = centreOf(f.geometry);
    if (c) map.flyTo(c, 14);
  };
  return (
    <section className="analysis-top" data-testid="analysis-top">
      <h4>{t(`analysis.top.${result.kind}` as 'analysis.top.risk')}</h4>
      <ol>
        {rows.map((f, i) => (
          <li key={String(f.id ?? gridCodeOf(f) ?? i)} data-grid={gridCodeOf(f) ?? undefined}>
            <button type="button" onClick={() => open(f)}>
              <span className="swatch square" style={{ background: cssColor(style.fill(f)) }} />
              <span className="top-name">{nameOf(f)}</span>
              <span className="num">{fmt(value(f), lang)}</span>
            </button>
          </li>
        ))}
      </ol>
    </section>
  );
}
