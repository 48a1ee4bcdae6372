/**
 * The in-memory twin of recommendation-repository.ts's candidateUnits, answered from the units index (unit-set.ts)
 * with the same rules: per capable type its nearest units that may be sent from the caller's area. The nearest are
 * exact here, so a road router gets candidatesPerType(limit) of each type to choose from and the estimate no spares:
 * each type's `limit` nearest hold its best `limit`, and of those only the units whose ETA may still be among the
 * best `limit` of all types are measured on the ellipsoid (GeographicLib, ~2 µs each: most of the search's cost).
 * The ranking (ranking.ts rankByEta) then gives exactly what it gives over every unit. The coverage cost's peers need
 * no twin: the unit set answers them itself (UnitSet.coverFor). Pure.
 */
import { inJurisdiction } from '../../../auth/jurisdiction.ts';
import type { UnitType } from '../../../domain/dispatch/dispatch-config.ts';
import { EARTH_RADIUS_M, type LngLat } from '../../../domain/dispatch/geodesy.ts';
import { candidatesPerType } from '../../../domain/dispatch/ranking.ts';
import type { Router } from '../../../domain/dispatch/router.ts';
import { LAYER_SOURCES, scopeCodesOf } from '../../features/layer-sources.ts';
import type { CandidateRow, UnitArea } from '../recommendation-repository.ts';
import { byMetersThenId, ellipsoidMeters, sphereBoundsIn, type IndexedUnit, type NearUnit, type UnitSet } from './unit-set.ts';

/** The area rule of recommendation-repository.ts (areaSql) for one unit. */
export function inUnitArea(area: UnitArea): (u: IndexedUnit) => boolean {
  if (area.kind === 'districts') {
    const districts = new Set(area.districts);
    return (u) => districts.has(u.district_code);
  }
  return (u) => inJurisdiction(area.scope, scopeCodesOf(LAYER_SOURCES.units, u as unknown as Record<string, unknown>));
}

const RAD = Math.PI / 180;

function candidateRow(point: LngLat, type: UnitType, { unit: u, meters }: NearUnit): CandidateRow {
  return {
    id: u.id, name: u.name, callsign: u.callsign, type, status: u.status, version: u.version, district_code: u.district_code,
    lon: u.lon, lat: u.lat, planar_deg: Math.hypot(u.lon - point[0], u.lat - point[1]), meters,
  };
}

/**
 * The candidates for the best `limit` units of the capable types that may be sent from the area: with a road router
 * each type's candidatesPerType(limit) nearest; with the estimate (secondsPerStraightMetre) each type's `limit`
 * nearest, less those whose ETA is provably worse than `limit` others' (by the sphere's distance and the band's
 * bounds of the ellipsoid's, sphereBoundsIn), which are never measured.
 */
export function candidatesFromIndex(set: UnitSet, point: LngLat, types: readonly UnitType[], limit: number, area: UnitArea, router: Pick<Router, 'secondsPerStraightMetre'>): CandidateRow[] {
  const accept = inUnitArea(area);
  const perMetre = router.secondsPerStraightMetre;
  if (!perMetre) return types.flatMap((type) => set.nearest(point, type, candidatesPerType(limit), accept).map((n) => candidateRow(point, type, n)));
  const listed = types.flatMap((type) => {
    const w = perMetre(type);
    return set.shortlist(point, type, limit, accept).map(({ unit, sphereMeters }) => ({ type, unit, sphereMeters, w }));
  });
  let farthest = 0;
  for (const l of listed) farthest = Math.max(farthest, l.sphereMeters);
  const { lo, hi } = sphereBoundsIn(point[1] * RAD, (farthest * 1.001) / EARTH_RADIUS_M);
  // every unit's ETA lies within [sphere × lo, sphere × hi] × its type's factor: past the limit-th smallest upper
  // bound, `limit` units are surely quicker
  const uppers = listed.map((l) => l.sphereMeters * hi * l.w).sort((a, b) => a - b);
  const cut = uppers.length >= limit && limit > 0 ? uppers[limit - 1]! * (1 + 1e-9) : Number.POSITIVE_INFINITY;
  const measured = listed
    .filter((l) => l.sphereMeters * lo * l.w * (1 - 1e-9) <= cut)
    .map((l) => ({ type: l.type, near: { unit: l.unit, meters: ellipsoidMeters(point, [l.unit.lon, l.unit.lat]) } }));
  return types.flatMap((type) =>
    measured.filter((m) => m.type === type).map((m) => m.near).sort(byMetersThenId).slice(0, limit).map((n) => candidateRow(point, type, n)),
  );
}
