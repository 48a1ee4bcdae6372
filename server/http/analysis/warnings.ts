/**
 * Early warnings: the layer is /ogc/collections/warnings/items (and tiles, and the live feed, like every layer);
 * a person moves a warning on here (docs/api.md "Warnings").
 *
 *   POST /api/warnings/{id}/transitions      (warnings:write)
 *     body { "action": "ACKNOWLEDGE" | "LIFT", "version": 3, "note"?: "..." (≤ 2000) }
 *     200 the warning as a GeoJSON Feature (status, acknowledged_at/by or lifted_at/by, note, version + 1), written
 *         with its audit row (warning.acknowledge / warning.lift) in one transaction and pushed on the live feed.
 *     400 INVALID_BODY, INVALID_COMMAND (unknown action); 404 NOT_FOUND (no such warning in your jurisdiction);
 *     409 INVALID_TRANSITION (details: from, to, allowed), VERSION_CONFLICT (details: version, allowed)
 */
import { Router } from 'express';
import { z } from 'zod';
import type { Database } from '../../db/core/database.ts';
import { transitionWarning, WarningError } from '../../db/analysis/warnings-repository.ts';
import { isWarningAction, WARNING_ACTIONS } from '../../domain/risk/warning-lifecycle.ts';
import { AppError, badRequest, notFound } from '../../errors.ts';
import { auditEntry, parseBody } from '../auth/auth-common.ts';
import { markAudited } from '../auth/auth-audit.ts';
import { readScope } from '../auth/auth-scope.ts';
import { requirePermission } from '../auth/auth-require.ts';

const Body = z.strictObject({
  action: z.string().max(40),
  version: z.number().int().min(1).max(2_147_483_647),
  note: z.string().trim().max(2000).optional(),
});

const ID = /^YJ[0-9]{8,20}$/;

function httpError(err: unknown): unknown {
  if (!(err instanceof WarningError)) return err;
  if (err.kind === 'not-found') return notFound('NOT_FOUND', err.message);
  return new AppError(409, err.kind === 'version-conflict' ? 'VERSION_CONFLICT' : 'INVALID_TRANSITION', err.message, err.details);
}

export function warningsRouter(deps: { db: Database }): Router {
  const router = Router();
  router.post('/api/warnings/:id/transitions', async (req, res, next) => {
    try {
      requirePermission(req, 'warnings:write');
      const id = String(req.params.id);
      if (!ID.test(id)) throw notFound('NOT_FOUND', 'No such warning');
      const body = parseBody(Body, req.body);
      if (!isWarningAction(body.action)) throw badRequest('INVALID_COMMAND', `Unknown action ${body.action.slice(0, 40)}`, { allowedActions: WARNING_ACTIONS });
      const principal = req.principal;
      const feature = await transitionWarning(deps.db, id, { action: body.action, version: body.version, note: body.note || undefined }, {
        name: principal ? `${principal.name} (${principal.role})` : 'anonymous',
        scope: readScope(req),
        audit: (details) => auditEntry(req, `warning.${body.action.toLowerCase()}`, { type: 'warnings', id }, 'ok', details),
      });
      markAudited(res);
      res.set('Cache-Control', 'no-store').type('application/geo+json').send(JSON.stringify(feature));
    } catch (err) {
      next(httpError(err));
    }
  });
  return router;
}
