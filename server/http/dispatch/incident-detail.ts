/**
 * GET /api/incidents/{id} — one incident for the dispatcher's card (docs/api.md "Dispatch").
 *   200 { incident: <GeoJSON Feature, as the OGC API shows it: version, timer_light, …>,
 *         flow: [{ at, actor, action, from, to, opinion, unitId, reinforcement }]   (oldest first),
 *         assignments: [{ unitId, unitType, unitName, callsign, unitStatus, unitVersion, assignedAt, assignedBy,
 *                         reinforcement, fromDistrict, releasedAt, releaseReason, open, lon, lat }],
 *         allowed: [lifecycle actions the caller may do now (the state allows them and the role has their
 *                   permission)], assignable: whether the caller may assign units now }
 *   404 NOT_FOUND (no such incident, or outside your jurisdiction);  needs incidents:read
 */
import { Router } from 'express';
import type { Database } from '../../db/core/database.ts';
import { incidentDetail } from '../../db/dispatch/incident-detail-repository.ts';
import { ACTIONS, allowedActions } from '../../domain/incidents/lifecycle.ts';
import { isAssignable } from '../../domain/dispatch/assignment-rules.ts';
import { can } from '../../auth/principal.ts';
import { notFound } from '../../errors.ts';
import { readScope } from '../auth/auth-scope.ts';
import { requirePermission } from '../auth/auth-require.ts';
import { incidentIdOf, sendJson } from './dispatch-http.ts';

export const INCIDENT_PATH = '/api/incidents/:id';

export function incidentDetailRouter(deps: { db: Database }): Router {
  const router = Router();
  router.get(INCIDENT_PATH, async (req, res, next) => {
    try {
      requirePermission(req, 'incidents:read');
      const id = incidentIdOf(req);
      const detail = await incidentDetail(deps.db, id, readScope(req));
      if (!detail) throw notFound('NOT_FOUND', `No incident ${id}`);
      const p = detail.incident.properties;
      const state = { status: String(p.status), supervised: p.supervised === true, escalated: p.escalated === true };
      const allowed = allowedActions(state).filter((a) => can(req.principal, ACTIONS[a].permission));
      const assignable = isAssignable(state.status) && can(req.principal, 'dispatch:write');
      sendJson(res, 200, { ...detail, allowed, assignable });
    } catch (err) {
      next(err);
    }
  });
  return router;
}
