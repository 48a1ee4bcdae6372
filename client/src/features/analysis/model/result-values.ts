/**
 * Reading the numbers and codes of a result's features, per analysis: the one place that knows which
 * property carries the value the map colours and the charts count. Pure.
 */
import type { Feature, Geometry } from 'geojson';
import type { AnalysisKind } from '../../../state/analysis-slice.ts';

export type FeatureLike = Feature<Geometry | null, Record<string, unknown> | null>;

/** The property holding each numeric analysis's value (the first one present wins). */
export const VALUE_PROPERTIES: Readonly<Partial<Record<AnalysisKind, readonly string[]>>> = {
  density: ['density'],
  'camera-coverage': ['seen_share'],
  'response-coverage': ['minutes'],
  risk: ['risk_score'],
  hotspots: ['gi_z'],
};

/** The numeric value of a feature for an analysis (NaN when absent). */
export function numericValue(kind: AnalysisKind): (f: FeatureLike) => number {
  const names = VALUE_PROPERTIES[kind] ?? [];
  return (f) => {
    const p = f.properties ?? {};
    for (const n of names) {
      const v = p[n];
      if (v !== null && v !== undefined && v !== '') return Number(v);
    }
    return NaN;
  };
}

/** An emerging-hotspot feature's pattern code ('NONE' when it has none). */
export function patternOf(f: FeatureLike): string {
  const p = f.properties ?? {};
  return String(p.pattern ?? p.trend ?? p.category ?? 'NONE') || 'NONE';
}
