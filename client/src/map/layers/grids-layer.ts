/** Grids as polygons: outline by type; fill by type or by a chosen KPI (population, households, workers). */
import { MVTLayer } from '@deck.gl/geo-layers';
import { COLLECTIONS } from '../../../../server/protocol/collections.ts';
import type { GridFill } from '../../state/app-state.ts';
import { gridFillColour, gridLineColour } from '../feature-colour.ts';
import { mvtCommon, type TileSource } from './mvt-common.ts';

export interface GridsLayerInput extends TileSource {
  visible: boolean;
  fill: GridFill;
  beforeId?: string;
}

export function buildGridsLayer(input: GridsLayerInput) {
  return new MVTLayer({
    ...mvtCommon('grids', input),
    visible: input.visible,
    minZoom: COLLECTIONS.grids.minZoom,
    uniqueIdProperty: 'code',
    filled: true,
    stroked: true,
    getFillColor: (f: { properties: Record<string, unknown> }) => gridFillColour(f.properties, input.fill),
    getLineColor: (f: { properties: Record<string, unknown> }) => gridLineColour(f.properties),
    lineWidthUnits: 'pixels',
    getLineWidth: 1,
    updateTriggers: { getFillColor: [input.fill] },
    ...(input.beforeId ? { beforeId: input.beforeId } : {}),
  });
}
