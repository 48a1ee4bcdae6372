/**
 * GET /api/incidents/{id}/recommendations?limit=5 (1..20) — the units to send, best first (issue 11 contract).
 *   200 [{ unitId, unitType, unitName, callsign, status, unitVersion, districtCode, reinforcement, lon, lat,
 *          distanceMeters (straight line), roadMeters, etaSeconds, etaSource ("estimate" | "router"),
 *          reasons: [{ code: CAPABILITY | DISTANCE | ETA | STATUS | REINFORCEMENT | COVERAGE, zh, en, value }],
 *          coverageCost: { unitType, targetMinutes, radiusMeters, gridsUncovered, populationUncovered, gridCodes } }]
 *       sorted by etaSeconds (ties: distance, id). Only AVAILABLE units of the types that handle the incident's
 *       category (dispatch-config.ts), that the caller may send: inside a district dispatcher's jurisdiction; for a
 *       city dispatcher the incident's district and its neighbours (reinforcement true).
 *   400 INVALID_QUERY · 404 NOT_FOUND (no such incident, or outside your jurisdiction) · needs incidents:read and
 *   layers:read (unit positions)
 */
import { Router } from 'express';
import { z } from 'zod';
import type { Database } from '../../db/core/database.ts';
import { recommendUnits } from '../../db/dispatch/recommendations.ts';
import { DISPATCH_CONFIG } from '../../domain/dispatch/dispatch-config.ts';
import type { Router as EtaRouter } from '../../domain/dispatch/router.ts';
import type { UnitIndex } from '../../db/dispatch/units/unit-index.ts';
import { badRequest, notFound } from '../../errors.ts';
import { readScope } from '../auth/auth-scope.ts';
import { requirePermission } from '../auth/auth-require.ts';
import { incidentIdOf, sendJson } from './dispatch-http.ts';

export const RECOMMENDATIONS_PATH = '/api/incidents/:id/recommendations';

const Query = z.strictObject({
  limit: z.coerce.number().int().min(1).max(DISPATCH_CONFIG.recommendation.maxLimit).default(DISPATCH_CONFIG.recommendation.defaultLimit),
});

export function recommendationsRouter(deps: { db: Database; router: EtaRouter; units?: UnitIndex }): Router {
  const router = Router();
  router.get(RECOMMENDATIONS_PATH, async (req, res, next) => {
    try {
      requirePermission(req, 'incidents:read');
      requirePermission(req, 'layers:read');
      const id = incidentIdOf(req);
      const q = Query.safeParse(req.query);
      if (!q.success) throw badRequest('INVALID_QUERY', `limit must be 1..${DISPATCH_CONFIG.recommendation.maxLimit}`, q.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
      const list = await recommendUnits(deps.db, deps.router, id, readScope(req), q.data.limit, deps.units);
      if (!list) throw notFound('NOT_FOUND', `No incident ${id}`);
      sendJson(res, 200, list);
    } catch (err) {
      next(err);
    }
  });
  return router;
}
