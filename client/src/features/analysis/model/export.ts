/**
 * Export of a result, built in the browser from the result itself (what is drawn is what is saved):
 *   GeoJSON  the FeatureCollection with the analysis's parameters as a foreign member
 *   CSV      one row per feature: its properties (nested values as JSON) and the feature's centre lng/lat,
 *            RFC 4180 quoting, CRLF, a UTF-8 byte-order mark so spreadsheet software reads the Chinese
 * Pure; ./download.ts hands the text to the browser.
 */
import type { Feature, Geometry, Position } from 'geojson';
import type { AnalysisResult } from '../../../state/analysis-slice.ts';

export const CSV_BOM = '\uFEFF';

/** One CSV field: quoted when it holds a comma, a quote, a line break or leading/trailing space. */
export function csvField(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = typeof v === 'object' ? JSON.stringify(v) : String(v);
  // A leading = + - @ would be run as a formula by spreadsheet software: keep such text literal.
  const safe = typeof v === 'string' && /^[=+\-@\t\r]/.test(s) && !/^-?\d/.test(s) ? `'${s}` : s;
  return /[",\r\n]|^\s|\s$/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** A CSV document (header + rows), CRLF line ends, no BOM. */
export function toCsv(columns: readonly string[], rows: readonly (readonly unknown[])[]): string {
  return [columns, ...rows].map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
}

function positions(g: Geometry | null): Position[] {
  if (!g) return [];
  switch (g.type) {
    case 'Point':
      return [g.coordinates];
    case 'MultiPoint':
    case 'LineString':
      return g.coordinates;
    case 'Polygon':
      return g.coordinates[0] ?? [];
    case 'MultiLineString':
      return g.coordinates.flat();
    case 'MultiPolygon':
      return g.coordinates.flatMap((p) => p[0] ?? []);
    case 'GeometryCollection':
      return g.geometries.flatMap(positions);
  }
}

/** The centre of a feature's extent, rounded to 6 decimals (≈ 0.1 m); null without a geometry. */
export function centreOf(g: Geometry | null): [number, number] | null {
  const pts = positions(g);
  if (!pts.length) return null;
  let [w, s, e, n] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const [x, y] of pts) {
    w = Math.min(w, x!);
    e = Math.max(e, x!);
    s = Math.min(s, y!);
    n = Math.max(n, y!);
  }
  const r = (v: number) => Math.round(v * 1e6) / 1e6;
  return [r((w + e) / 2), r((s + n) / 2)];
}

/** The property names of the features, in first-seen order, the preferred ones first. */
export function columnsOf(features: readonly Feature<Geometry | null, Record<string, unknown> | null>[], preferred: readonly string[] = []): string[] {
  const seen = new Set<string>();
  for (const f of features) for (const k of Object.keys(f.properties ?? {})) seen.add(k);
  return [...preferred.filter((k) => seen.has(k)), ...[...seen].filter((k) => !preferred.includes(k))];
}

/** Features as CSV: an `id` column when features carry ids, the properties, then the centre lng/lat. */
export function featuresToCsv(features: readonly Feature<Geometry | null, Record<string, unknown> | null>[], preferred: readonly string[] = []): string {
  const props = columnsOf(features, preferred);
  const withId = features.some((f) => f.id !== undefined && !props.includes('id'));
  const columns = [...(withId ? ['id'] : []), ...props, 'lng', 'lat'];
  const rows = features.map((f) => {
    const p = f.properties ?? {};
    const c = centreOf(f.geometry);
    return [...(withId ? [f.id] : []), ...props.map((k) => p[k]), c?.[0], c?.[1]];
  });
  return CSV_BOM + toCsv(columns, rows);
}

/** The columns each analysis puts first in its CSV. */
export const PREFERRED_COLUMNS: Readonly<Record<AnalysisResult['kind'], readonly string[]>> = {
  risk: ['code', 'name', 'risk_level', 'risk_score', 'risk_model_version'],
  hotspots: ['id', 'count', 'gi_z', 'gi_p', 'class'],
  emerging: ['id', 'pattern', 'trend'],
  density: ['id', 'density'],
  'camera-coverage': ['grid_code', 'name', 'seen_share', 'area_m2', 'seen_m2', 'cameras'],
  'response-coverage': ['grid_code', 'name', 'minutes', 'beyond', 'population', 'nearest_unit_id'],
  warnings: ['id', 'level', 'kind', 'status', 'title', 'reason', 'raised_at'],
};

/** The result as a GeoJSON document: the features, and how they were made (parameters, the request). */
export function resultToGeoJson(r: AnalysisResult): string {
  return JSON.stringify({ type: 'FeatureCollection', analysis: r.kind, request: r.params, parameters: r.parameters, features: r.features.features });
}

export function resultToCsv(r: AnalysisResult): string {
  return featuresToCsv(r.features.features, PREFERRED_COLUMNS[r.kind]);
}

/** A file name naming the analysis and its window, e.g. 研判-hotspots-2026-11-05_2026-12-04.csv. */
export function exportFileName(r: AnalysisResult, ext: 'geojson' | 'csv'): string {
  return `analysis-${r.kind}-${r.params.from}_${r.params.to}.${ext}`;
}
