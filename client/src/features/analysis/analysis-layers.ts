/**
 * The result on the map: one deck.gl GeoJsonLayer filled by the result's style (./result-style.ts, the
 * same scale as the legend), and a bright outline around the grid whose factor breakdown is open. Pure
 * builders; ./use-analysis-layers.ts feeds them from the store.
 */
import { GeoJsonLayer } from '@deck.gl/layers';
import type { Feature } from 'geojson';
import type { RGBA } from '../../lib/colors.ts';
import type { AnalysisResult } from '../../state/analysis-slice.ts';
import type { ResultStyle } from './model/result-style.ts';
import type { FeatureLike } from './model/result-values.ts';

export interface ResultLayerInput {
  result: AnalysisResult;
  style: ResultStyle;
  /** Clicked feature (its properties), e.g. to open a grid's breakdown. */
  onPick?: (f: FeatureLike) => void;
  beforeId?: string;
}

const TRANSPARENT: RGBA = [0, 0, 0, 0];

const OUTLINE: Readonly<Record<AnalysisResult['kind'], RGBA>> = {
  risk: [255, 255, 255, 70],
  hotspots: [255, 255, 255, 90],
  emerging: [255, 255, 255, 90],
  density: [0, 0, 0, 0],
  'camera-coverage': [255, 255, 255, 60],
  'response-coverage': [255, 255, 255, 50],
  warnings: [255, 255, 255, 230],
};

export function buildResultLayer({ result, style, onPick, beforeId }: ResultLayerInput) {
  return new GeoJsonLayer({
    id: `analysis-${result.kind}`,
    data: result.features.features as Feature[],
    filled: true,
    stroked: true,
    pickable: Boolean(onPick),
    getFillColor: (f: Feature) => style.fill(f as FeatureLike),
    // Cells that are not significant (or have no value) get no outline: only what the legend colours stands out.
    getLineColor: (f: Feature) => (style.fill(f as FeatureLike)[3] < 60 ? TRANSPARENT : OUTLINE[result.kind]),
    lineWidthUnits: 'pixels',
    getLineWidth: result.kind === 'warnings' ? 2 : 1,
    pointType: 'circle',
    getPointRadius: 9,
    pointRadiusUnits: 'pixels',
    updateTriggers: { getFillColor: [style], getLineColor: [style] },
    onClick: onPick ? (info: { object?: Feature }) => (info.object ? (onPick(info.object as FeatureLike), true) : false) : undefined,
    ...(beforeId ? { beforeId } : {}),
  });
}

/** The outline of the grid whose breakdown is open (drawn above the result). */
export function buildSelectedLayer(feature: FeatureLike | null, beforeId?: string) {
  return new GeoJsonLayer({
    id: 'analysis-selected',
    data: feature ? [feature as Feature] : [],
    filled: false,
    stroked: true,
    getLineColor: [255, 255, 255, 255],
    getLineWidth: 3,
    lineWidthUnits: 'pixels',
    pickable: false,
    ...(beforeId ? { beforeId } : {}),
  });
}

/** The grid code a feature names (a graded grid's `code`, a coverage row's `grid_code`). */
export function gridCodeOf(f: FeatureLike): string | null {
  const p = f.properties ?? {};
  const code = p.grid_code ?? (typeof p.code === 'string' && /^\d{15}$/.test(p.code) ? p.code : null);
  return typeof code === 'string' && code ? code : null;
}
