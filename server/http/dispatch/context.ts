/**
 * GET /api/incidents/{id}/context — what surrounds the scene (issue 11 contract; radii in dispatch-config.ts).
 *   200 { cameras: [{ id, name, distanceMeters, bearingDeg, sees, reason: SEES | FACING_AWAY | OUT_OF_RANGE |
 *                     OFFLINE, rangeMeters, ptz_type, ptz_type_label, point_class, status, direction_deg, fov_deg,
 *                     lon, lat }]   — those that see the point first (nearest first), then the ones that merely
 *                     stand nearby (nearest first); `seeing` counts the first group
 *         checkpoints: [{ id, name, type, type_label, functions, function_labels, staffed, status, distanceMeters,
 *                         bearingDeg, onRing, lon, lat }]  — out to the interception ring's outer radius; onRing: at
 *                         least its inner radius away
 *         hazards (open fire hazards), rentals (rental housing, no personal data), keyPlaces,
 *         depots: [{ …, stock: [{ category, label, items, quantity }] }],
 *         radii: { cameras, checkpointRing: { innerMeters, outerMeters }, hazards, rentals, keyPlaces, depots } }
 *       Every list lies inside the caller's jurisdiction.
 *   404 NOT_FOUND (no such incident, or outside your jurisdiction) · needs incidents:read and layers:read
 */
import { Router } from 'express';
import type { Database } from '../../db/core/database.ts';
import { incidentForDispatch } from '../../db/dispatch/recommendation-repository.ts';
import { nearbyCameras, nearbyCheckpoints, nearbyDepots, nearbyHazards, nearbyKeyPlaces, nearbyRentals } from '../../db/dispatch/context-repository.ts';
import { LAYER_SOURCES, scopeCodesOf } from '../../db/features/layer-sources.ts';
import { cameraSight } from '../../domain/dispatch/camera-sight.ts';
import { DISPATCH_CONFIG } from '../../domain/dispatch/dispatch-config.ts';
import { bearingDeg, type LngLat } from '../../domain/dispatch/geodesy.ts';
import { inJurisdiction } from '../../auth/jurisdiction.ts';
import { notFound } from '../../errors.ts';
import { readScope } from '../auth/auth-scope.ts';
import { requirePermission } from '../auth/auth-require.ts';
import { incidentIdOf, sendJson } from './dispatch-http.ts';

export const CONTEXT_PATH = '/api/incidents/:id/context';

const round = (n: number) => Math.round(n * 10) / 10;

async function contextOf(db: Database, point: LngLat, scope: string) {
  const c = DISPATCH_CONFIG.context;
  const [cameras, checkpoints, hazards, rentals, keyPlaces, depots] = await Promise.all([
    nearbyCameras(db, point, c.camerasWithinMeters, scope, 200),
    nearbyCheckpoints(db, point, c.checkpointRing.outerMeters, scope, c.maxPerList),
    nearbyHazards(db, point, c.hazardsWithinMeters, scope, c.maxPerList),
    nearbyRentals(db, point, c.rentalsWithinMeters, scope, c.maxPerList),
    nearbyKeyPlaces(db, point, c.keyPlacesWithinMeters, scope, c.maxPerList),
    nearbyDepots(db, point, c.depotsWithinMeters, scope, 10),
  ]);
  const seen = cameras.map((cam) => {
    const s = cameraSight({ position: [cam.lon, cam.lat], ptzType: cam.ptz_type, directionDeg: cam.direction_deg, fovDeg: cam.fov_deg, online: cam.status === 'ON' }, point);
    return { ...cam, distanceMeters: round(cam.distanceMeters), bearingDeg: round(s.bearingDeg), sees: s.sees, reason: s.reason, rangeMeters: s.rangeMeters };
  });
  const seeing = seen.filter((x) => x.sees);
  const withBearing = <T extends { lon: number; lat: number; distanceMeters: number }>(x: T) => ({ ...x, distanceMeters: round(x.distanceMeters), bearingDeg: round(bearingDeg(point, [x.lon, x.lat])) });
  return {
    cameras: [...seeing, ...seen.filter((x) => !x.sees)].slice(0, c.maxPerList * 2),
    seeing: seeing.length,
    checkpoints: checkpoints.map((x) => ({ ...withBearing(x), onRing: x.distanceMeters >= c.checkpointRing.innerMeters })),
    hazards: hazards.map(withBearing),
    rentals: rentals.map(withBearing),
    keyPlaces: keyPlaces.map(withBearing),
    depots: depots.map(withBearing),
    radii: {
      cameras: c.camerasWithinMeters, checkpointRing: c.checkpointRing, hazards: c.hazardsWithinMeters, rentals: c.rentalsWithinMeters,
      keyPlaces: c.keyPlacesWithinMeters, depots: c.depotsWithinMeters,
    },
  };
}

export function contextRouter(deps: { db: Database }): Router {
  const router = Router();
  router.get(CONTEXT_PATH, async (req, res, next) => {
    try {
      requirePermission(req, 'incidents:read');
      requirePermission(req, 'layers:read');
      const id = incidentIdOf(req);
      const scope = readScope(req);
      const inc = await incidentForDispatch(deps.db, id);
      if (!inc || !inJurisdiction(scope, scopeCodesOf(LAYER_SOURCES.incidents, inc))) throw notFound('NOT_FOUND', `No incident ${id}`);
      sendJson(res, 200, await contextOf(deps.db, [inc.lon, inc.lat], scope));
    } catch (err) {
      next(err);
    }
  });
  return router;
}
