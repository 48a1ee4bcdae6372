/**
 * Recommendations for an incident (GET /api/incidents/{id}/recommendations): the capable unit types
 * (dispatch-config.ts), the candidates the caller may send (inside a district jurisdiction; for a city dispatcher the
 * incident's district and those bordering it, 跨区增援), their legs from the Router (road network or estimate), the
 * ETA ranking, the coverage cost of each one's departure and the reasons. Null when the incident does not exist or
 * lies outside the caller's jurisdiction.
 *
 * With a units index (units/unit-index.ts: the server's) the candidates and their peers come from memory, as of the change
 * log's head read with the incident: one round trip. Without one (the simulator, scripts) the database answers them
 * (recommendation-repository.ts): three round trips, the same answer. With the index, a unit's coverage cost is
 * remembered while the unit, its type's available units and the grid centres stay as they are (coverage-memo.ts).
 */
import { inJurisdiction, scopePrefix } from '../../auth/jurisdiction.ts';
import { capableTypes, DISPATCH_CONFIG, type UnitType } from '../../domain/dispatch/dispatch-config.ts';
import { coverageCost, type CoverageCost } from '../../domain/dispatch/coverage.ts';
import { rankByEta } from '../../domain/dispatch/ranking.ts';
import { recommendationReasons, type Reason } from '../../domain/dispatch/reasons.ts';
import type { Router } from '../../domain/dispatch/router.ts';
import type { LngLat } from '../../domain/dispatch/geodesy.ts';
import type { Queryable } from '../core/database.ts';
import { LAYER_SOURCES, scopeCodesOf } from '../features/layer-sources.ts';
import { districtNames, districtNeighbours } from './districts-repository.ts';
import { gridCentresAt } from './grid-centres.ts';
import { candidateUnits, coverageGrids, coveragePeers, incidentForDispatch, type CandidateRow, type UnitArea } from './recommendation-repository.ts';
import { candidatesFromIndex } from './units/unit-candidates.ts';
import { rememberedCoverageCost } from './units/coverage-memo.ts';
import type { UnitIndex } from './units/unit-index.ts';

export interface Recommendation {
  unitId: string;
  unitType: UnitType;
  unitName: string;
  callsign: string | null;
  status: string;
  unitVersion: number;
  districtCode: string;
  reinforcement: boolean;
  lon: number;
  lat: number;
  /** Straight-line distance (metres). */
  distanceMeters: number;
  /** Road distance (router) or straight line × circuity (estimate). */
  roadMeters: number;
  etaSeconds: number;
  etaSource: 'estimate' | 'router';
  reasons: Reason[];
  coverageCost: CoverageCost;
}

export async function recommendUnits(db: Queryable, router: Router, incidentId: string, scope: string, limit: number, units?: UnitIndex): Promise<Recommendation[] | null> {
  const inc = await incidentForDispatch(db, incidentId);
  if (!inc || !inJurisdiction(scope, scopeCodesOf(LAYER_SOURCES.incidents, inc))) return null;
  const isCity = scopePrefix(scope).length < 6;
  const neighbours = isCity ? ((await districtNeighbours(db)).get(inc.district_code) ?? []) : [];
  const area: UnitArea = isCity ? { kind: 'districts', districts: [inc.district_code, ...neighbours] } : { kind: 'scope', scope };
  const point: LngLat = [inc.lon, inc.lat];
  const centres = gridCentresAt(db, inc.grid_centres_version ?? '0'); // from memory, or loading beside the KNN
  centres.catch(() => undefined); // awaited below; a failure then is the caller's, not an unhandled rejection
  const set = units ? await units.at(Number(inc.head_seq)) : null;
  const types = capableTypes(inc.category);
  const candidates = set ? candidatesFromIndex(set, point, types, limit, area, router) : await candidateUnits(db, point, types, limit, area);
  const legs = await router.legs(candidates.map((c) => ({ position: [c.lon, c.lat], unitType: c.type, straightMeters: c.meters })), point);
  const ranked = rankByEta(candidates, legs, limit);
  const chosen = ranked.map((r) => r.item);
  const others = set ?? (await coveragePeers(db, chosen)); // the index answers each grid from its cells
  const grids = await centres;
  const costOf = (c: CandidateRow) => coverageCost({ id: c.id, type: c.type, position: [c.lon, c.lat] }, coverageGrids(c, grids), others, DISPATCH_CONFIG);
  const crosses = (c: CandidateRow) => isCity && c.district_code !== inc.district_code;
  const districts = chosen.some(crosses) ? await districtNames(db) : null;
  return ranked.map(({ item: c, leg }) => {
    // remembered while the unit, its type's available units and the grids stay as they are
    const cost = set ? rememberedCoverageCost(set, c, grids, () => costOf(c)) : costOf(c);
    const reinforcement = crosses(c);
    const reinforcementFrom = reinforcement ? { code: c.district_code, name: districts?.get(c.district_code) ?? null } : null;
    return {
      unitId: c.id, unitType: c.type, unitName: c.name, callsign: c.callsign, status: c.status, unitVersion: c.version, districtCode: c.district_code,
      reinforcement, lon: c.lon, lat: c.lat, distanceMeters: Math.round(c.meters * 10) / 10, roadMeters: Math.round(leg.distanceMeters),
      etaSeconds: Math.round(leg.etaSeconds * 10) / 10, etaSource: leg.source,
      reasons: recommendationReasons({ category: inc.category, unitType: c.type, status: c.status, straightMeters: c.meters, leg, reinforcementFrom, coverage: cost }),
      coverageCost: cost,
    };
  });
}
