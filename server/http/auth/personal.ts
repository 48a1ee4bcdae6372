/**
 * GET /api/personal/{collection}/{id}[?full=true] — the personal data of one feature (Art. 10).
 *   collection: `rental-housing` (the lessor and the tenants) or `incidents` (reporters and parties).
 *   200 { collection, id, view: 'masked' | 'full', records: [{ kind, name, phone, idNumber }] }
 *       kind: lessor | tenant, or REPORTER | PARTY.
 *   Masked by default (张*, 138****5678, 410502********1234) for roles with personal:masked (admin, dispatcher,
 *   planner, grid worker). `?full=true` answers in full only for roles with personal:read (admin, dispatcher,
 *   grid worker), and appends `personal.read` to the audit log BEFORE the data leaves (no audit, no data).
 *   401 UNAUTHENTICATED; 403 FORBIDDEN (viewer, wall, or full without personal:read);
 *   404 NOT_FOUND (collection, or a feature that does not exist, breaks the id rule or lies outside the
 *   reader's jurisdiction — the three are not told apart); 400 INVALID_PARAMETER.
 */
import { Router } from 'express';
import type { Database } from '../../db/core/database.ts';
import { PERSONAL_COLLECTIONS, readPersonal, type PersonalCollection } from '../../db/features/personal-repository.ts';
import { badRequest, notFound } from '../../errors.ts';
import { personalView } from '../../auth/personal-view.ts';
import { revealPersonal } from './auth-personal.ts';
import { readScope } from './auth-scope.ts';
import { forbidden } from './auth-middleware.ts';
import { withinScope } from '../../auth/jurisdiction.ts';
import { isFeatureId, quotedId } from '../../protocol/feature-id.ts';

function parseFull(query: Record<string, unknown>): boolean {
  const unknown = Object.keys(query).filter((k) => k !== 'full');
  if (unknown.length) throw badRequest('INVALID_PARAMETER', `Unknown parameter: ${unknown[0]!.slice(0, 40)}`, { allowed: ['full'] });
  if (query.full === undefined || query.full === 'false') return false;
  if (query.full === 'true') return true;
  throw badRequest('INVALID_PARAMETER', 'full must be true or false');
}

export function personalRouter(deps: { db: Database }): Router {
  const router = Router();
  router.get('/api/personal/:collection/:id', async (req, res, next) => {
    try {
      const collection = String(req.params.collection);
      const id = String(req.params.id);
      if (!(PERSONAL_COLLECTIONS as readonly string[]).includes(collection)) {
        throw notFound('NOT_FOUND', `No personal data is kept for "${collection.slice(0, 40)}"`, { collections: PERSONAL_COLLECTIONS });
      }
      const full = parseFull(req.query as Record<string, unknown>);
      const may = personalView(req.principal);
      if (may === 'none') throw forbidden('Your role may not see personal data');
      if (full && may !== 'full') throw forbidden('Your role may only see personal data masked');
      const data = isFeatureId(id) ? await readPersonal(deps.db, collection as PersonalCollection, id) : null;
      if (!data || !withinScope(readScope(req), data.codes)) throw notFound('NOT_FOUND', `No feature "${quotedId(id)}" in "${collection}"`);
      const view = full ? 'full' : 'masked';
      const records = await revealPersonal(deps, req, { type: collection, id }, data.records, view);
      res.set('Cache-Control', 'no-store').json({ collection, id, view, records });
    } catch (err) {
      next(err);
    }
  });
  return router;
}
