/**
 * The in-memory twin of recommendation-repository.ts's candidateUnits, answered from the units index (unit-set.ts)
 * with the same rules: per capable type its nearest units that may be sent from the caller's area (as many as
 * ranking.ts exactCandidatesPerType says: the nearest are exact here, so the estimate needs no spares). The coverage
 * cost's peers need no twin: the unit set answers them itself (UnitSet.coverFor). Pure.
 */
import { inJurisdiction } from '../../../auth/jurisdiction.ts';
import type { UnitType } from '../../../domain/dispatch/dispatch-config.ts';
import type { LngLat } from '../../../domain/dispatch/geodesy.ts';
import { LAYER_SOURCES, scopeCodesOf } from '../../features/layer-sources.ts';
import type { CandidateRow, UnitArea } from '../recommendation-repository.ts';
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
