/**
 * GET /api/admin-units/{code}/children
 *   200 { node, path, children }: the org-tree node (安阳市 › 区县 › 乡镇街道 › 村社区 › 网格), its ancestors from the
 *       city down, and its children (admin units; below a community, its grids). Each entry is
 *       { code, name, level (1..5), levelLabel, parentCode, bbox: [minLng, minLat, maxLng, maxLat] | null, childCount }.
 *   400 BAD_CODE unless code is 6, 9, 12 or 15 digits; 404 NOT_FOUND for an unknown code.
 *   Jurisdiction: a node inside the reader's admin unit answers in full; a node above it (the city, for a
 *   district user) answers with only the children on the way down to it; any other node answers 404 NOT_FOUND,
 *   as an unknown code does (the two are not told apart).
 */
import { Router } from 'express';
import type { Database } from '../../db/core/database.ts';
import { orgBranch } from '../../db/directory/admin-units-repository.ts';
import { badRequest, notFound } from '../../errors.ts';
import { scopeContains, withinScope } from '../../auth/jurisdiction.ts';
import { readScope } from '../auth/auth-scope.ts';

const CODE = /^[0-9]{6}([0-9]{3}([0-9]{3}([0-9]{3})?)?)?$/;

export function adminUnitsRouter(deps: { db: Database }): Router {
  const router = Router();
  router.get('/api/admin-units/:code/children', async (req, res, next) => {
    try {
      const code = String(req.params.code);
      if (!CODE.test(code)) throw badRequest('BAD_CODE', 'An admin code has 6, 9 or 12 digits; a grid code 15', { code });
      const scope = readScope(req);
      const inside = withinScope(scope, [code]);
      const above = !inside && code.length <= 12 && scopeContains(code, scope);
      const branch = inside || above ? await orgBranch(deps.db, code) : null;
      if (!branch) throw notFound('NOT_FOUND', `No admin unit or grid ${code}`);
      if (above) branch.children = branch.children.filter((c) => scopeContains(c.code, scope));
      res.set('Cache-Control', 'private, max-age=60').vary('Cookie').vary('Authorization').json(branch);
    } catch (err) {
      next(err);
    }
  });
  return router;
}
