/**
 * Incident transitions: the ONLY way to change an incident's status or assignment (docs/api.md "Incident
 * transitions"; the rules are server/domain/incidents/lifecycle.ts, the SQL server/db/incidents/).
 *
 *   POST /api/incidents/{id}/transitions
 *     body { "action": "ACCEPT", "version": 3, "opinion"?: "...", "unitId"?: "U000123", "hours"?: 24 }
 *       action   one of the lifecycle actions: ACCEPT REJECT VOID SELF_RESOLVE DISPATCH RETURN ARRIVE DISPOSE
 *                CHECK CHECK_FAIL CLOSE EVALUATE POSTPONE SUSPEND RESUME SUPERVISE ESCALATE
 *       version  the incident's `version` property as the caller last saw it
 *       opinion  办理意见 (≤ 2000 characters); required by REJECT VOID RETURN DISPOSE CHECK_FAIL EVALUATE POSTPONE
 *                SUSPEND RESUME ESCALATE
 *       unitId   the unit to send: required by DISPATCH, optional on CHECK_FAIL
 *       hours    POSTPONE only: hours added to the deadline (1..720)
 *     200 the updated incident as a GeoJSON Feature (status, closed_at, assigned_unit_id, version + 1, ...);
 *         written with its flow-log row (who, when, from, to, opinion, unit), its audit row and the unit's new status
 *         in one transaction, and pushed on the live feed like any write.
 *     400 INVALID_BODY (shape), INVALID_COMMAND (unknown action, or a field missing or not allowed: details list
 *         them)
 *     403 FORBIDDEN when the role lacks the action's permission (incidents:write, or dispatch:write for DISPATCH
 *         POSTPONE SUSPEND RESUME SUPERVISE); the route itself needs incidents:write
 *     403 OUT_OF_JURISDICTION: the unit is not yours to send (details.reason; a city dispatcher may send a
 *         bordering district's unit: 跨区增援, recorded in the assignment and the flow log)
 *     404 NOT_FOUND: no such incident, or it lies outside your jurisdiction; UNKNOWN_UNIT: no such unit
 *     409 INVALID_TRANSITION (details: from, to, allowed — the actions allowed now), VERSION_CONFLICT (details:
 *         version — the current one, allowed), UNIT_UNAVAILABLE (details: unitId, status, incidentId)
 *     (server/http/incidents/command-errors.ts)
 */
import { Router, type Request } from 'express';
import { z } from 'zod';
import type { Database } from '../../db/core/database.ts';
import { applyTransition, type TransitionInput } from '../../db/incidents/incident-transitions-repository.ts';
import { commandHttpError } from './command-errors.ts';
import { ACTIONS, fieldProblems, INCIDENT_ACTIONS, isIncidentAction } from '../../domain/incidents/lifecycle.ts';
import { can } from '../../auth/principal.ts';
import { badRequest, notFound } from '../../errors.ts';
import { auditEntry, parseBody } from '../auth/auth-common.ts';
import { markAudited } from '../auth/auth-audit.ts';
import { forbidden } from '../auth/auth-middleware.ts';
import { readScope } from '../auth/auth-scope.ts';
import { requirePermission } from '../auth/auth-require.ts';
import { isFeatureId } from '../../protocol/feature-id.ts';

export const TRANSITIONS_PATH = '/api/incidents/:id/transitions';

const Body = z.strictObject({
  action: z.string().max(40),
  version: z.number().int().min(1).max(2_147_483_647),
  opinion: z.string().trim().max(2000).optional(),
  unitId: z.string().min(1).max(200).regex(/^[^\u0000-\u001f]+$/).optional(),
  hours: z.number().int().min(1).max(720).optional(),
});

function inputOf(req: Request): TransitionInput {
  const body = parseBody(Body, req.body);
  if (!isIncidentAction(body.action)) {
    throw badRequest('INVALID_COMMAND', `Unknown action ${body.action.slice(0, 40)}`, { allowedActions: INCIDENT_ACTIONS });
  }
  const { missing, unexpected } = fieldProblems(body.action, body);
  if (missing.length || unexpected.length) {
    const says = [missing.length ? `needs ${missing.join(', ')}` : '', unexpected.length ? `does not take ${unexpected.join(', ')}` : ''].filter(Boolean);
    throw badRequest('INVALID_COMMAND', `${body.action} ${says.join(' and ')}`, { missing, unexpected });
  }
  return { ...body, action: body.action, opinion: body.opinion || undefined };
}

export function incidentTransitionsRouter(deps: { db: Database }): Router {
  const router = Router();
  router.post(TRANSITIONS_PATH, async (req, res, next) => {
    try {
      const id = String(req.params.id);
      requirePermission(req, 'incidents:write'); // the route's own permission, asserted here too (defence in depth)
      if (!isFeatureId(id)) throw notFound('NOT_FOUND', 'No such incident');
      const input = inputOf(req);
      if (!can(req.principal, ACTIONS[input.action].permission)) {
        throw forbidden(`${input.action} needs the permission ${ACTIONS[input.action].permission}`);
      }
      const principal = req.principal;
      const feature = await applyTransition(deps.db, id, input, {
        id: principal?.id ?? null,
        name: principal ? `${principal.name} (${principal.role})` : 'anonymous',
        scope: readScope(req),
        audit: (details) => auditEntry(req, `incident.${input.action.toLowerCase()}`, { type: 'incidents', id }, 'ok', details),
      });
      markAudited(res);
      res.set('Cache-Control', 'no-store').type('application/geo+json').send(JSON.stringify(feature));
    } catch (err) {
      next(commandHttpError(err));
    }
  });
  return router;
}
