/**
 * What the lattice analyses answer (docs/api.md "Analysis"): the result collections of hotspots, emerging hotspots
 * and kernel density, built from the SQL's counts, and encoded (GeoJSON or CSV bytes). Pure, and free of Express,
 * so that the analysis worker thread (compute-worker.ts) runs all of it: the statistic, the feature collection of
 * ~10,000 hexagons and its serialisation (together > 100 ms of CPU for the city) never hold up the event loop.
 * The routes (hotspots.ts, emerging.ts) read the counts, hand them over and send the bytes.
 */
import type { IncidentSelection } from '../../db/analysis/hotspots-sql.ts';
import { emergingHotspots, EMERGING_TRENDS, type EmergingCell } from '../../domain/analysis/emerging.ts';
import { hotspotWarningCells, type HotspotWarningInput } from '../../domain/analysis/hotspot-warnings.ts';
import { HOTSPOT_CLASSES } from '../../domain/analysis/gi-star.ts';
import { cellArea, cellKey, cellRing, cellRingText, PROJECTION_DESCRIPTION, round7, round7Text, unproject, type Axial } from '../../domain/analysis/hex-lattice.ts';
import { hotspots, type CellCount, type HotspotCell, type HotspotResult } from '../../domain/analysis/hotspots.ts';
import { kernelDensity, type DensityCell, type SquareCount } from '../../domain/analysis/kernel-density.ts';
import { MODEL_VERSION } from '../../domain/analysis/model-config.ts';
import { encodeResult, Utf8Writer, type EncodedResult, type ResultCollection, type ResultFeature } from './analysis-output.ts';
import type { Format } from './analysis-params.ts';

export const NEIGHBOURHOOD = {
  kind: 'first-order hexagonal contiguity',
  description: 'each cell with the (up to) 6 cells sharing an edge with it, and itself (Gi*); binary weights',
  selfIncluded: true,
  weights: 'binary',
} as const;

export const round = (v: number, d: number): number => Math.round(v * 10 ** d) / 10 ** d;
/** p-values keep 4 significant digits (tiny ones stay distinguishable). */
export const sig = (p: number): number => (p === 0 ? 0 : Number(p.toPrecision(4)));

export type LatticeSelection = IncidentSelection & { cellMeters: number };

/*
 * Cells and counts cross to the worker packed in Int32Arrays (one copy of a block of memory) rather than as
 * ~10,000 small objects each (whose structured clone alone would hold the event loop for milliseconds).
 */
export function packCells(cells: readonly Axial[]): Int32Array {
  const out = new Int32Array(cells.length * 2);
  cells.forEach(([q, r], i) => ((out[2 * i] = q), (out[2 * i + 1] = r)));
  return out;
}

export function unpackCells(packed: Int32Array): Axial[] {
  const out: Axial[] = new Array(packed.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = [packed[2 * i]!, packed[2 * i + 1]!];
  return out;
}

export function packCounts(counts: readonly CellCount[]): Int32Array {
  const out = new Int32Array(counts.length * 3);
  counts.forEach((c, i) => ((out[3 * i] = c.q), (out[3 * i + 1] = c.r), (out[3 * i + 2] = c.count)));
  return out;
}

/**
 * [period, q, r, count] rows (hotspots-sql.ts cellCountsByPeriodPacked) as one packCounts array per period 0..periods−1,
 * in the rows' order; rows of other periods are left out.
 */
export function splitByPeriod(rows: Int32Array, periods: number): Int32Array[] {
  const sizes = new Array<number>(periods).fill(0);
  for (let i = 0; i < rows.length; i += 4) if (rows[i]! >= 0 && rows[i]! < periods) sizes[rows[i]!]! += 3;
  const out = sizes.map((n) => new Int32Array(n));
  const at = new Array<number>(periods).fill(0);
  for (let i = 0; i < rows.length; i += 4) {
    const k = rows[i]!;
    if (k < 0 || k >= periods) continue;
    out[k]!.set(rows.subarray(i + 1, i + 4), at[k]!);
    at[k]! += 3;
  }
  return out;
}

export function unpackCounts(packed: Int32Array): CellCount[] {
  const out: CellCount[] = new Array(packed.length / 3);
  for (let i = 0; i < out.length; i++) out[i] = { q: packed[3 * i]!, r: packed[3 * i + 1]!, count: packed[3 * i + 2]! };
  return out;
}

/** Everything of a hotspot answer but its features (the study area's n is the result's cell count). */
function hotspotHead(sel: LatticeSelection, fdr: boolean, result: HotspotResult): Pick<ResultCollection, 'type' | 'kind' | 'parameters'> & { summary: Record<string, number> } {
  const summary = Object.fromEntries(HOTSPOT_CLASSES.map((k) => [k, 0])) as Record<string, number>;
  for (const c of result.cells) summary[c.class]! += 1;
  return {
    type: 'FeatureCollection',
    kind: 'hotspots',
    parameters: {
      statistic: 'Getis-Ord Gi* (z-score), two-sided p-values',
      modelVersion: MODEL_VERSION,
      cellMeters: sel.cellMeters,
      cellAreaSquareMetres: Math.round(cellArea(sel.cellMeters)),
      projection: PROJECTION_DESCRIPTION,
      neighbourhood: NEIGHBOURHOOD,
      studyArea: { scope: sel.scope, rule: 'cells whose centre lies inside the scope\'s admin polygon, plus every cell holding one of its incidents', cells: result.cells.length },
      fdr: { applied: fdr, method: fdr ? 'Benjamini-Hochberg' : 'none', criticalP: result.critical },
      window: { from: sel.from.toISOString(), to: sel.to.toISOString(), field: 'reported_at' },
      categories: sel.categories.length ? sel.categories : 'all',
      mean: round(result.mean, 6),
      sd: round(result.sd, 6),
      incidents: result.total,
    },
    summary,
  };
}

/** The cells a hotspot answer lists: those with an incident or a class other than NONE. */
const listed = (c: HotspotCell) => c.count > 0 || c.class !== 'NONE';

export function hotspotCollection(sel: LatticeSelection, fdr: boolean, result: HotspotResult): ResultCollection {
  const features: ResultFeature[] = result.cells.filter(listed).map((c) => ({
    type: 'Feature',
    id: cellKey(c.q, c.r),
    geometry: { type: 'Polygon', coordinates: [cellRing(c.q, c.r, sel.cellMeters)] },
    properties: { cell: cellKey(c.q, c.r), q: c.q, r: c.r, count: c.count, gi_z: round(c.z, 4), gi_p: sig(c.p), class: c.class },
  }));
  return { ...hotspotHead(sel, fdr, result), features };
}

/**
 * The GeoJSON of hotspotCollection as bytes, its features written straight to text and the text straight to bytes
 * (Utf8Writer): a city's ~10,000 hexagons are ~3.7 MB; building them as objects first and serialising those took
 * twice as long, and keeping their texts until one join most of the rest, in the collector. Byte for byte
 * JSON.stringify(hotspotCollection(…)) (test/unit/analysis-lattice-index.test.ts).
 */
export function hotspotGeoJson(sel: LatticeSelection, fdr: boolean, result: HotspotResult): Uint8Array {
  const head = JSON.stringify({ ...hotspotHead(sel, fdr, result), features: [] });
  const out = new Utf8Writer(1024 * 1024);
  out.write(head.slice(0, -']}'.length));
  let first = true;
  for (const c of result.cells) {
    if (!listed(c)) continue;
    const key = cellKey(c.q, c.r);
    out.write(
      `${first ? '' : ','}{"type":"Feature","id":"${key}","geometry":{"type":"Polygon","coordinates":[[${cellRingText(c.q, c.r, sel.cellMeters)}]]},` +
        `"properties":{"cell":"${key}","q":${c.q},"r":${c.r},"count":${c.count},"gi_z":${round(c.z, 4)},"gi_p":${sig(c.p)},"class":"${c.class}"}}`,
    );
    first = false;
  }
  out.write(']}');
  return out.bytes();
}

export interface HotspotInput {
  sel: LatticeSelection;
  fdr: boolean;
  /** packCells of the study area. */
  area: Int32Array;
  /** packCounts of the counts per cell (a cell may appear more than once: its counts are added up). */
  counts: Int32Array;
  format: Format;
}

/** Gi* over the study area and the encoded answer of GET /api/analysis/hotspots. */
export function hotspotAnswer(input: HotspotInput): EncodedResult {
  const result = hotspots(unpackCells(input.area), unpackCounts(input.counts), { fdr: input.fdr });
  if (input.format === 'csv') return encodeResult('csv', hotspotCollection(input.sel, input.fdr, result));
  return { bytes: hotspotGeoJson(input.sel, input.fdr, result), format: 'geojson' };
}

export interface EmergingInput {
  sel: LatticeSelection;
  fdr: boolean;
  /** packCells of the study area. */
  area: Int32Array;
  /** packCounts of the counts per period, the latest first (period 0). */
  byPeriod: readonly Int32Array[];
  periodDays: number;
  periods: number;
  format: Format;
}

/** Gi* per period, the trend of each cell and the encoded answer of GET /api/analysis/hotspots/emerging. */
export function emergingAnswer(input: EmergingInput): EncodedResult {
  const { sel, fdr, periodDays, periods } = input;
  const cells = emergingHotspots(unpackCells(input.area), input.byPeriod.map(unpackCounts), { fdr });
  const summary = Object.fromEntries(EMERGING_TRENDS.map((t) => [t, 0])) as Record<string, number>;
  for (const c of cells) summary[c.trend]! += 1;
  return encodeResult(input.format, {
    type: 'FeatureCollection',
    kind: 'emerging-hotspots',
    parameters: {
      modelVersion: MODEL_VERSION, statistic: 'Getis-Ord Gi* per period; Mann-Kendall trend of z (two-sided, α 0.05)', cellMeters: sel.cellMeters,
      projection: PROJECTION_DESCRIPTION, neighbourhood: NEIGHBOURHOOD, fdr: { applied: fdr, method: fdr ? 'Benjamini-Hochberg' : 'none', hotAt: 'HOT_90 or above' },
      periodDays, periods, window: { from: sel.from.toISOString(), to: sel.to.toISOString(), field: 'reported_at' },
      categories: sel.categories.length ? sel.categories : 'all', studyArea: { scope: sel.scope, cells: cells.length },
    },
    summary,
    features: cells.filter((c) => c.trend !== 'NONE').map((c) => ({
      type: 'Feature', id: cellKey(c.q, c.r),
      geometry: { type: 'Polygon', coordinates: [cellRing(c.q, c.r, sel.cellMeters)] },
      properties: { cell: cellKey(c.q, c.r), q: c.q, r: c.r, trend: c.trend, counts: c.counts.join(' '), z: c.z.map((z) => round(z, 2)).join(' '), hot: c.hot.map((h) => (h ? 1 : 0)).join(''), mk_z: round(c.mkZ, 3), mk_p: sig(c.mkP) },
    })),
  });
}

export interface DensityInput {
  scope: string;
  categories: readonly string[];
  from: Date;
  to: Date;
  cellMeters: number;
  bandwidthMeters: number;
  /** The incident counts per square, packed as (i, j, count) triples. */
  counts: Int32Array;
  format: Format;
}

function unpackSquares(packed: Int32Array): SquareCount[] {
  const out: SquareCount[] = new Array(packed.length / 3);
  for (let k = 0; k < out.length; k++) out[k] = { i: packed[3 * k]!, j: packed[3 * k + 1]!, count: packed[3 * k + 2]! };
  return out;
}

/** The kernel density surface and the encoded answer of GET /api/analysis/density. */
export function densityAnswer(input: DensityInput): EncodedResult {
  const { cellMeters: cell, bandwidthMeters: bandwidth, categories } = input;
  const counts = unpackSquares(input.counts);
  const raw = kernelDensity(counts, cell, bandwidth, 0);
  const peak = raw.reduce((m, c) => Math.max(m, c.density), 0);
  const shown = raw.filter((c) => c.density >= peak * 0.01);
  const head = {
    type: 'FeatureCollection' as const,
    kind: 'density',
    label: { zh: '核密度（事件密度，非统计显著性）', en: 'Kernel density (incident density, not statistical significance)' },
    parameters: {
      modelVersion: MODEL_VERSION, kernel: 'quartic (biweight): 3/(π h²)·(1 − d²/h²)²', bandwidthMeters: bandwidth, cellMeters: cell, unit: 'incidents per km²',
      projection: PROJECTION_DESCRIPTION, lattice: 'squares i = floor(x / cellMeters), j = floor(y / cellMeters); density at the square centres',
      shown: 'squares with ≥ 1 % of the peak density', window: { from: input.from.toISOString(), to: input.to.toISOString(), field: 'reported_at' },
      categories: categories.length ? categories : 'all', scope: input.scope,
    },
    summary: { incidents: counts.reduce((s, c) => s + c.count, 0), peakDensity: round(peak, 2), squares: shown.length },
  };
  if (input.format === 'geojson') return { bytes: densityGeoJson(head, shown, cell), format: 'geojson' };
  const corner = (i: number, j: number) => unproject(i * cell, j * cell).map(round7) as [number, number];
  return encodeResult(input.format, {
    ...head,
    features: shown.map((c) => ({
      type: 'Feature', id: `${c.i}:${c.j}`,
      geometry: { type: 'Polygon', coordinates: [[corner(c.i, c.j), corner(c.i + 1, c.j), corner(c.i + 1, c.j + 1), corner(c.i, c.j + 1), corner(c.i, c.j)]] },
      properties: { i: c.i, j: c.j, density: round(c.density, 3) },
    })),
  });
}

/**
 * The density GeoJSON written straight to bytes as hotspotGeoJson is (a city at 250 m is ~27,000 squares, 7 MB):
 * byte for byte JSON.stringify of the collection densityAnswer builds for CSV (test/unit/analysis-model.test.ts).
 */
function densityGeoJson(head: Omit<ResultCollection, 'features'>, shown: readonly DensityCell[], cell: number): Uint8Array {
  const corner = (i: number, j: number) => {
    const [lng, lat] = unproject(i * cell, j * cell);
    return `[${round7Text(lng)},${round7Text(lat)}]`;
  };
  const out = new Utf8Writer(1024 * 1024);
  out.write(JSON.stringify({ ...head, features: [] }).slice(0, -']}'.length));
  shown.forEach((c, k) => {
    const first = corner(c.i, c.j);
    out.write(
      `${k ? ',' : ''}{"type":"Feature","id":"${c.i}:${c.j}","geometry":{"type":"Polygon","coordinates":[[${first},${corner(c.i + 1, c.j)},${corner(c.i + 1, c.j + 1)},${corner(c.i, c.j + 1)},${first}]]},` +
        `"properties":{"i":${c.i},"j":${c.j},"density":${round(c.density, 3)}}}`,
    );
  });
  out.write(']}');
  return out.bytes();
}

/** The cells the hotspot warning scan raises warnings for (hotspot-warnings.ts), not an answer: a few cells. */
export function hotspotWarningCellsOf(input: HotspotWarningInput): EmergingCell[] {
  return hotspotWarningCells(unpackCells(input.area), splitByPeriod(input.counts, input.periods).map(unpackCounts), input);
}

/**
 * The worker's operations (compute-worker.ts runs them, compute-pool.ts calls them): the three answers, encoded,
 * and the warning scan's cells.
 */
export const ANALYSIS_OPS = { hotspots: hotspotAnswer, emerging: emergingAnswer, density: densityAnswer, hotspotWarningCells: hotspotWarningCellsOf } as const;
export type AnalysisOps = typeof ANALYSIS_OPS;
