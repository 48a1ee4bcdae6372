/**
 * Early warnings (风险预警) from vector tiles at every zoom (the collection's minZoom is 0), drawn over the grids and
 * below the point layers: each warning's area as the data has it — a polygon (a grid, the union of a street's grids,
 * a hotspot cell), or a point ringed in pixels — in its level's colour by status (map/feature-colour.ts). Their tiles
 * reload soon after a warning is raised, acknowledged or lifted (app/live-sync.ts SOON_TILE_LAYERS).
 */
import { MVTLayer } from '@deck.gl/geo-layers';
import { COLLECTIONS } from '../../../../server/protocol/collections.ts';
import { warningFillColour, warningLineColour, warningLineWidth } from '../feature-colour.ts';
import { mvtCommon, type TileSource } from './mvt-common.ts';

export interface WarningsLayerInput extends TileSource {
  visible: boolean;
  beforeId?: string;
}

type F = { properties: Record<string, unknown> };

/** A warning placed as a point: its pixel radius. */
export const WARNING_POINT_RADIUS = 7;

export function buildWarningsLayer(input: WarningsLayerInput) {
  return new MVTLayer({
    ...mvtCommon('warnings', input),
    visible: input.visible,
    minZoom: COLLECTIONS.warnings.minZoom,
    uniqueIdProperty: COLLECTIONS.warnings.idProperty,
    filled: true,
    stroked: true,
    getFillColor: (f: F) => warningFillColour(f.properties),
    getLineColor: (f: F) => warningLineColour(f.properties),
    lineWidthUnits: 'pixels',
    getLineWidth: (f: F) => warningLineWidth(f.properties),
    pointType: 'circle',
    pointRadiusUnits: 'pixels',
    getPointRadius: WARNING_POINT_RADIUS,
    ...(input.beforeId ? { beforeId: input.beforeId } : {}),
  });
}
