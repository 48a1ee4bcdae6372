/**
 * The offline basemap: no internet needed. A plain background, the admin boundaries (districts, streets,
 * communities) from our own vector tiles and their names as labels. Glyphs for Latin and punctuation are
 * served from /glyphs; Chinese ideographs are drawn by the browser's local CJK font (localIdeographFontFamily).
 * District and street names are drawn once per area, at a point inside it (`AreaLabels`, from the org tree's
 * ST_PointOnSurface): a label source cut into tiles labels a polygon once per tile piece (林州市 two to four times
 * on a 4K screen). Without them (before they arrive) no district or street names are drawn. Communities (thousands)
 * are still labelled from a coarse copy of their tiles.
 * Pure: returns a MapLibre style object for a theme.
 */
import type { ExpressionSpecification, StyleSpecification } from 'maplibre-gl';
import type { FeatureCollection, Point } from 'geojson';
import type { Theme } from '../state/app-state.ts';

export const GLYPH_FONT = 'Noto Sans Regular';
/** The first label layer: deck.gl layers are inserted before it, so names stay on top. */
export const LABELS_ANCHOR = 'label-districts';

const PALETTE: Record<Theme, Record<'bg' | 'district' | 'street' | 'community' | 'fill' | 'text' | 'halo', string>> = {
  dark: { bg: '#0b1623', district: '#4fc3f7', street: '#2f6f8f', community: '#1f3f55', fill: '#10243a', text: '#e3f2fd', halo: '#0b1623' },
  light: { bg: '#eef1f4', district: '#3d5a80', street: '#7d93ad', community: '#b8c4d2', fill: '#ffffff', text: '#1b2a3a', halo: '#ffffff' },
};

/** One point per district with its name (the label source). */
export type DistrictLabels = FeatureCollection<Point, { name: string; code: string }>;

export const NO_LABELS: DistrictLabels = { type: 'FeatureCollection', features: [] };

/** The label points of org-tree nodes that have one. Pure. */
export function districtLabels(nodes: readonly { code: string; name: string; label: [number, number] | null }[]): DistrictLabels {
  return {
    type: 'FeatureCollection',
    features: nodes.flatMap((n) => (n.label ? [{ type: 'Feature' as const, geometry: { type: 'Point' as const, coordinates: n.label }, properties: { name: n.name, code: n.code } }] : [])),
  };
}

/** Label points of the districts and of their streets. */
export interface AreaLabels {
  districts: DistrictLabels;
  streets: DistrictLabels;
}

export const NO_AREA_LABELS: AreaLabels = { districts: NO_LABELS, streets: NO_LABELS };

export function buildOfflineStyle(theme: Theme, origin: string, labels: AreaLabels = NO_AREA_LABELS): StyleSpecification {
  const c = PALETTE[theme];
  const src = (id: string, maxzoom: number) => ({ type: 'vector' as const, tiles: [`${origin}/tiles/${id}/{z}/{x}/{y}.mvt`], minzoom: 0, maxzoom });
  const label = (id: string, layer: string, minzoom: number, maxzoom: number, size: number) => ({
    id,
    type: 'symbol' as const,
    // Districts: one point each. Streets and communities read a coarser copy of their tiles: a polygon cut by
    // fewer tile edges is labelled fewer times.
    source: `${layer}-labels`,
    ...(layer === 'communities' ? { 'source-layer': layer } : {}),
    minzoom,
    maxzoom,
    layout: {
      'text-field': ['get', 'name'] as ExpressionSpecification,
      'text-font': [GLYPH_FONT],
      'text-size': size,
      'symbol-placement': 'point' as const,
      'text-max-width': 8,
      'text-padding': 4,
    },
    paint: { 'text-color': c.text, 'text-halo-color': c.halo, 'text-halo-width': 1.5 },
  });
  return {
    version: 8,
    name: `pingan-offline-${theme}`,
    glyphs: `${origin}/glyphs/{fontstack}/{range}.pbf`,
    sources: {
      districts: src('districts', 12),
      streets: src('streets', 14),
      communities: src('communities', 16),
      'districts-labels': { type: 'geojson', data: labels.districts },
      'streets-labels': { type: 'geojson', data: labels.streets },
      'communities-labels': src('communities', 12),
    },
    layers: [
      { id: 'background', type: 'background', paint: { 'background-color': c.bg } },
      { id: 'fill-districts', type: 'fill', source: 'districts', 'source-layer': 'districts', paint: { 'fill-color': c.fill, 'fill-opacity': 0.6 } },
      { id: 'line-communities', type: 'line', source: 'communities', 'source-layer': 'communities', minzoom: 11, paint: { 'line-color': c.community, 'line-width': 0.6 } },
      { id: 'line-streets', type: 'line', source: 'streets', 'source-layer': 'streets', minzoom: 7, paint: { 'line-color': c.street, 'line-width': 1, 'line-dasharray': [3, 2] } },
      { id: 'line-districts', type: 'line', source: 'districts', 'source-layer': 'districts', paint: { 'line-color': c.district, 'line-width': 2 } },
      label(LABELS_ANCHOR, 'districts', 0, 10, 15),
      label('label-streets', 'streets', 10, 13, 12),
      label('label-communities', 'communities', 13, 24, 11),
    ],
  };
}
