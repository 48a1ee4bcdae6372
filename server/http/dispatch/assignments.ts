/**
 * Assignments (issue 11 contract; docs/api.md "Dispatch"). Both need dispatch:write.
 *
 *   POST /api/incidents/{id}/assignments  { "unitId": "U000123", "version": 3, "unitVersion"?: 7,
 *                                            "replaces"?: "U000045", "opinion"?: "..." }
 *     version      the incident's version as you saw it; unitVersion the unit's (optional)
 *     replaces     reassign: a unit on the incident that this one replaces (released in the same transaction)
 *     201 { incident: <Feature, version + 1>, assignment: { unitId, unitType, reinforcement, fromDistrict,
 *           assignedAt }, released: <unit id> | null }
 *         The first unit of a 待派遣 (ACCEPTED) incident is its DISPATCH (→ DISPATCHED); more units on an incident in
 *         hand (DISPATCHED, PROCESSING) are ASSIGN steps. The unit becomes DISPATCHED; a city dispatcher may send
 *         a unit of a bordering district (跨区增援: reinforcement true in the assignment and the flow log).
 *     409 UNIT_UNAVAILABLE (taken: details unitId, status, incidentId) · VERSION_CONFLICT (details.version or
 *         unitVersion) · INVALID_TRANSITION (the incident takes no units now: details.allowed) · NOT_ASSIGNED
 *         (replaces names a unit not on it)
 *
 *   DELETE /api/incidents/{id}/assignments/{unitId}?version=3
 *     200 { incident: <Feature> } — the assignment is released (kept in the history), the unit AVAILABLE; the
 *         last unit leaving a DISPATCHED incident sends it back to ACCEPTED (待派遣)
 *     409 NOT_ASSIGNED · VERSION_CONFLICT
 *
 *   Both: 400 INVALID_BODY / INVALID_QUERY · 403 FORBIDDEN, OUT_OF_JURISDICTION (a unit you may not send) ·
 *   404 NOT_FOUND (incident), UNKNOWN_UNIT. Every change is pushed on the live feed (incident and unit rows).
 */
import { Router } from 'express';
import { z } from 'zod';
import type { Database } from '../../db/core/database.ts';
import { assignUnit, unassignUnit } from '../../db/dispatch/assignments-repository.ts';
import { badRequest, notFound } from '../../errors.ts';
import { isFeatureId, quotedId } from '../../protocol/feature-id.ts';
import { parseBody } from '../auth/auth-common.ts';
import { markAudited } from '../auth/auth-audit.ts';
import { requirePermission } from '../auth/auth-require.ts';
import { commandHttpError } from '../incidents/command-errors.ts';
import { actorOf, incidentIdOf, sendJson } from './dispatch-http.ts';

export const ASSIGNMENTS_PATH = '/api/incidents/:id/assignments';
export const ASSIGNMENT_PATH = '/api/incidents/:id/assignments/:unitId';

const unitId = z.string().refine(isFeatureId, 'a unit id');
const version = z.number().int().min(1).max(2_147_483_647);
const Body = z.strictObject({
  unitId,
  version,
  unitVersion: version.optional(),
  replaces: unitId.optional(),
  opinion: z.string().trim().max(2000).optional(),
});
const DeleteQuery = z.strictObject({ version: z.coerce.number().int().min(1).max(2_147_483_647).optional() });

export function assignmentsRouter(deps: { db: Database }): Router {
  const router = Router();
  router.post(ASSIGNMENTS_PATH, async (req, res, next) => {
    try {
      requirePermission(req, 'dispatch:write');
      const id = incidentIdOf(req);
      const body = parseBody(Body, req.body);
      if (body.replaces === body.unitId) throw badRequest('INVALID_BODY', 'A unit cannot replace itself', [{ path: 'replaces', message: 'equals unitId' }]);
      const result = await assignUnit(deps.db, id, { ...body, opinion: body.opinion || undefined }, actorOf(req, 'incident.assign', id));
      markAudited(res);
      sendJson(res, 201, result);
    } catch (err) {
      next(commandHttpError(err));
    }
  });
  router.delete(ASSIGNMENT_PATH, async (req, res, next) => {
    try {
      requirePermission(req, 'dispatch:write');
      const id = incidentIdOf(req);
      const unit = String(req.params.unitId);
      if (!isFeatureId(unit)) throw notFound('UNKNOWN_UNIT', `No unit ${quotedId(unit)}`);
      const q = DeleteQuery.safeParse(req.query);
      if (!q.success) throw badRequest('INVALID_QUERY', 'version must be a positive integer', q.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
      const incident = await unassignUnit(deps.db, id, unit, { version: q.data.version }, actorOf(req, 'incident.unassign', id));
      markAudited(res);
      sendJson(res, 200, { incident });
    } catch (err) {
      next(commandHttpError(err));
    }
  });
  return router;
}
