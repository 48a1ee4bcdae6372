/**
 * The deck.gl layers of the current analysis result, for the map (app/MapStage.tsx hands them to
 * map/DeckLayers.tsx). Shown only where the workspace is (`active`); a click on a grid opens its breakdown.
 */
import { useMemo } from 'react';
import type { Layer } from '@deck.gl/core';
import { useServices } from '../../app/services.ts';
import { buildResultLayer, buildSelectedLayer, gridCodeOf } from './analysis-layers.ts';
import type { FeatureLike } from './model/result-values.ts';
import { useAnalysis, useResultStyle } from './use-analysis.ts';

export function useAnalysisLayers(active: boolean, beforeId?: string): readonly Layer[] {
  const { store } = useServices();
  const { run, breakdownGrid } = useAnalysis();
  const style = useResultStyle();
  const result = active && run?.status === 'done' ? run.result : null;
  const layer = useMemo(() => {
    if (!result || !style) return null;
    const onPick = (f: FeatureLike) => {
      const code = gridCodeOf(f);
      if (code) store.dispatch({ type: 'analysis/openBreakdown', grid: code });
      else store.dispatch({ type: 'analysis/pickFeature', properties: f.properties ?? {} });
    };
    return buildResultLayer({ result, style, onPick, beforeId });
  }, [result, style, store, beforeId]);
  const selected = useMemo(() => {
    const f = result && breakdownGrid ? ((result.features.features as FeatureLike[]).find((x) => gridCodeOf(x) === breakdownGrid) ?? null) : null;
    return buildSelectedLayer(f, beforeId);
  }, [result, breakdownGrid, beforeId]);
  return useMemo(() => (layer ? [layer, selected] : []), [layer, selected]);
}
