/**
 * What the console draws on the map, as GeoJSON, pure: the selected and the open incident (rings), the units on
 * the open incident with a line from each to the scene (following the units' live positions), and the
 * recommended units with their rank. DispatchMapLayers.tsx hands these to MapLibre.
 */
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import type { LiveFeature } from '../../../../server/protocol/live.ts';
import type { CardUnits } from '../../state/dispatch/dispatch-slice.ts';

export type Role = 'selected' | 'open' | 'assigned' | 'recommended' | 'picked';
type Props = { role: Role; id: string; rank?: number };

const point = (coordinates: [number, number], p: Props): Feature<Geometry, Props> => ({ type: 'Feature', geometry: { type: 'Point', coordinates }, properties: p });

export interface FocusInput {
  selected: { id: string; position: [number, number] | null } | null;
  open: CardUnits | null;
  picked: string | null;
  units: ReadonlyMap<string, LiveFeature> | undefined;
}

function unitAt(units: FocusInput['units'], id: string): [number, number] | null {
  const g = units?.get(id)?.geometry;
  return g?.type === 'Point' ? (g.coordinates.slice(0, 2) as [number, number]) : null;
}

/** Rings and unit marks. */
export function focusPoints(input: FocusInput): FeatureCollection<Geometry, Props> {
  const out: Feature<Geometry, Props>[] = [];
  const { selected, open, picked, units } = input;
  if (selected?.position && selected.id !== open?.incidentId) out.push(point(selected.position, { role: 'selected', id: selected.id }));
  if (open?.scene) out.push(point(open.scene, { role: 'open', id: open.incidentId }));
  if (open) {
    open.recommended.forEach((id, i) => {
      const at = unitAt(units, id);
      if (at && !open.assigned.includes(id)) out.push(point(at, { role: 'recommended', id, rank: i + 1 }));
    });
    for (const id of open.assigned) {
      const at = unitAt(units, id);
      if (at) out.push(point(at, { role: 'assigned', id }));
    }
  }
  const pickedAt = picked ? unitAt(units, picked) : null;
  if (picked && pickedAt) out.push(point(pickedAt, { role: 'picked', id: picked }));
  return { type: 'FeatureCollection', features: out };
}

/** A line from each unit on the open incident to the scene. */
export function unitLines(open: CardUnits | null, units: FocusInput['units']): FeatureCollection<Geometry, Props> {
  const out: Feature<Geometry, Props>[] = [];
  if (open?.scene) {
    for (const id of open.assigned) {
      const at = unitAt(units, id);
      if (at) out.push({ type: 'Feature', geometry: { type: 'LineString', coordinates: [at, open.scene] }, properties: { role: 'assigned', id } });
    }
  }
  return { type: 'FeatureCollection', features: out };
}
