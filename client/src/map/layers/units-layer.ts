/**
 * Response units from memory (snapshot + live deltas). Positions transition, so a unit moves smoothly
 * from fix to fix; busy units (dispatched, en route, on scene) carry a white ring.
 */
import { ScatterplotLayer } from '@deck.gl/layers';
import type { LiveFeature } from '../../../../server/protocol/live.ts';
import { pointFillColour, pointLineColour, POINT_RADIUS } from '../feature-colour.ts';

export interface UnitsLayerInput {
  units: readonly LiveFeature[];
  visible: boolean;
  beforeId?: string;
}

export function positionOf(f: LiveFeature): [number, number] {
  const g = f.geometry;
  return g && g.type === 'Point' ? [g.coordinates[0]!, g.coordinates[1]!] : [0, 0];
}

export function buildUnitsLayer(input: UnitsLayerInput) {
  return new ScatterplotLayer<LiveFeature>({
    id: 'units',
    data: input.units,
    visible: input.visible,
    pickable: true,
    stroked: true,
    radiusUnits: 'pixels',
    lineWidthUnits: 'pixels',
    getRadius: POINT_RADIUS.units ?? 5,
    getLineWidth: 1.5,
    getPosition: positionOf,
    getFillColor: (f) => pointFillColour('units', f.properties),
    getLineColor: (f) => pointLineColour('units', f.properties, 0),
    transitions: { getPosition: { duration: 1500, type: 'interpolation' } },
    ...(input.beforeId ? { beforeId: input.beforeId } : {}),
  });
}
