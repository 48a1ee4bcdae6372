/**
 * Response units from columnar memory (map/point-columns.ts: binary attributes, no accessor runs per unit),
 * so a city's worth of units (300,000 in the bench) redraws a tick of moves without a pass over all of them.
 * A unit jumps from fix to fix: deck.gl's GPU position transitions left the layer drawing nothing in Chromium's
 * software WebGL after a burst of other changes (units neither seen nor clickable until a reload; reproduced on a
 * fresh embedded start, whose first grading rewrites every grid), and a unit that is not drawn where it is cannot
 * be dispatched with a click.
 * Busy units (dispatched, en route, on scene) carry a white ring; filtered-out units have radius 0.
 */
import { ScatterplotLayer } from '@deck.gl/layers';
import type { PickingInfo } from '@deck.gl/core';
import type { LiveFeature } from '../../../../server/protocol/live.ts';
import { pointFillColour, pointLineColour, POINT_RADIUS } from '../feature-colour.ts';
import type { ColumnarData, PointStyle, Properties } from '../point-columns.ts';

export interface UnitsLayerInput {
  data: ColumnarData;
  visible: boolean;
  beforeId?: string;
}

export function positionOf(f: LiveFeature): [number, number] {
  const g = f.geometry;
  return g && g.type === 'Point' ? [g.coordinates[0]!, g.coordinates[1]!] : [0, 0];
}

/** A unit's style, one shared object per (type, status): the colours are the feature-colour rules. */
export function createUnitStyle(): (p: Properties) => PointStyle {
  const cache = new Map<string, PointStyle>();
  return (p) => {
    const key = `${String(p.type ?? '')}|${String(p.status ?? '')}`;
    let style = cache.get(key);
    if (!style) {
      style = { fill: pointFillColour('units', p), line: pointLineColour('units', p, 0), radius: POINT_RADIUS.units ?? 5 };
      cache.set(key, style);
    }
    return style;
  };
}

/** Picking on binary data: deck.gl gives the index; the object is the unit in that slot of this data. */
class UnitsScatterplotLayer extends ScatterplotLayer {
  static override layerName = 'UnitsScatterplotLayer';
  override getPickingInfo(params: Parameters<ScatterplotLayer['getPickingInfo']>[0]): PickingInfo {
    const info = super.getPickingInfo(params);
    const point = info.index >= 0 ? (this.props.data as unknown as ColumnarData).pointAt(info.index) : undefined;
    if (point) info.object = { type: 'Feature', id: point.id, geometry: { type: 'Point', coordinates: [point.lng, point.lat] }, properties: point.properties };
    return info;
  }
}

export function buildUnitsLayer(input: UnitsLayerInput) {
  return new UnitsScatterplotLayer({
    id: 'units',
    data: input.data as never,
    visible: input.visible,
    pickable: true,
    stroked: true,
    radiusUnits: 'pixels',
    lineWidthUnits: 'pixels',
    getLineWidth: 1.5,
    ...(input.beforeId ? { beforeId: input.beforeId } : {}),
  });
}
