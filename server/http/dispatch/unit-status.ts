/**
 * POST /api/units/{id}/status — a unit (its crew's app, a vehicle terminal, the simulator) reports its progress.
 *   body { "status": "EN_ROUTE" | "ON_SCENE" | "OFF_DUTY" | "AVAILABLE", "version"?: <the unit's version> }
 *        steps: DISPATCHED → EN_ROUTE → ON_SCENE; AVAILABLE ⇄ OFF_DUTY while free. A unit becomes AVAILABLE again
 *        when the incident releases it (DISPOSE, RETURN, SUSPEND, unassign), never by its own report.
 *   200 { unit: <Feature, version + 1>, incident: <Feature> | null } — the first unit ON_SCENE of a 已派遣 incident
 *       is that incident's ARRIVE (→ 处置中), in the same transaction, flow-logged.
 *   400 INVALID_BODY · 403 OUT_OF_JURISDICTION (the unit lies outside yours) · 404 UNKNOWN_UNIT ·
 *   409 INVALID_TRANSITION (details: from, to, allowed) · VERSION_CONFLICT (details.unitVersion) · needs incidents:write
 */
import { Router } from 'express';
import { z } from 'zod';
import type { Database } from '../../db/core/database.ts';
import { reportUnitStatus } from '../../db/dispatch/unit-status-repository.ts';
import { UNIT_STATUS } from '../../protocol/codes.ts';
import { isFeatureId, quotedId } from '../../protocol/feature-id.ts';
import { notFound } from '../../errors.ts';
import { parseBody } from '../auth/auth-common.ts';
import { markAudited } from '../auth/auth-audit.ts';
import { requirePermission } from '../auth/auth-require.ts';
import { commandHttpError } from '../incidents/command-errors.ts';
import type { UnitStatus } from '../../domain/dispatch/assignment-rules.ts';
import { actorOf, sendJson } from './dispatch-http.ts';

export const UNIT_STATUS_PATH = '/api/units/:id/status';

const Body = z.strictObject({
  status: z.enum(Object.keys(UNIT_STATUS) as [UnitStatus, ...UnitStatus[]]),
  version: z.number().int().min(1).max(2_147_483_647).optional(),
});

export function unitStatusRouter(deps: { db: Database }): Router {
  const router = Router();
  router.post(UNIT_STATUS_PATH, async (req, res, next) => {
    try {
      requirePermission(req, 'incidents:write');
      const id = String(req.params.id);
      if (!isFeatureId(id)) throw notFound('UNKNOWN_UNIT', `No unit ${quotedId(id)}`);
      const body = parseBody(Body, req.body);
      const result = await reportUnitStatus(deps.db, id, body, actorOf(req, 'unit.status', id, 'units'));
      markAudited(res);
      sendJson(res, 200, result);
    } catch (err) {
      next(commandHttpError(err));
    }
  });
  return router;
}
