/**
 * The in-memory twins of recommendation-repository.ts's candidateUnits and coveragePeers, answered from the units
 * index (unit-set.ts) with the same rules: per capable type its nearest units that may be sent from the caller's area
 * (as many as ranking.ts exactCandidatesPerType says: the nearest are exact here, so the estimate needs no spares),
 * and each candidate's available peers inside its peerBox. Pure.
 */
import { inJurisdiction } from '../../../auth/jurisdiction.ts';
import type { UnitType } from '../../../domain/dispatch/dispatch-config.ts';
import type { UnitPoint } from '../../../domain/dispatch/coverage.ts';
import type { LngLat } from '../../../domain/dispatch/geodesy.ts';
import { LAYER_SOURCES, scopeCodesOf } from '../../features/layer-sources.ts';
import { peerBox, type CandidateRow, type UnitArea } from '../recommendation-repository.ts';
import type { IndexedUnit, UnitSet } from './unit-set.ts';

/** The area rule of recommendation-repository.ts (areaSql) for one unit. */
export function inUnitArea(area: UnitArea): (u: IndexedUnit) => boolean {
  if (area.kind === 'districts') {
    const districts = new Set(area.districts);
    return (u) => districts.has(u.district_code);
  }
  return (u) => inJurisdiction(area.scope, scopeCodesOf(LAYER_SOURCES.units, u as unknown as Record<string, unknown>));
}

/** Per capable type its `perType` nearest units that may be sent from the area (ranking.ts exactCandidatesPerType). */
export function candidatesFromIndex(set: UnitSet, point: LngLat, types: readonly UnitType[], perType: number, area: UnitArea): CandidateRow[] {
  const accept = inUnitArea(area);
  return types.flatMap((type) =>
    set.nearest(point, type, perType, accept).map(({ unit: u, meters }) => ({
      id: u.id, name: u.name, callsign: u.callsign, type, status: u.status, version: u.version, district_code: u.district_code,
      lon: u.lon, lat: u.lat, planar_deg: Math.hypot(u.lon - point[0], u.lat - point[1]), meters,
    })),
  );
}

export function peersFromIndex(set: UnitSet, candidates: readonly CandidateRow[]): UnitPoint[] {
  const peers = new Map<string, UnitPoint>();
  for (const c of candidates) {
    for (const u of set.around(c.type, peerBox(c))) peers.set(u.id, { id: u.id, type: u.type as UnitType, position: [u.lon, u.lat] as const });
  }
  return [...peers.values()];
}
