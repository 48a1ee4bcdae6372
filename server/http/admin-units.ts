/**
 * GET /api/admin-units/{code}/children
 *   200 { node, path, children }: the org-tree node (安阳市 › 区县 › 乡镇街道 › 村社区 › 网格), its ancestors from the
 *       city down, and its children (admin units; below a community, its grids). Each entry is
 *       { code, name, level (1..5), levelLabel, parentCode, bbox: [minLng, minLat, maxLng, maxLat] | null, childCount }.
 *   400 BAD_CODE unless code is 6, 9, 12 or 15 digits; 404 NOT_FOUND for an unknown code.
 */
import { Router } from 'express';
import type { Database } from '../db/database.ts';
import { orgBranch } from '../db/admin-units-repository.ts';
import { badRequest, notFound } from '../errors.ts';

const CODE = /^[0-9]{6}([0-9]{3}([0-9]{3}([0-9]{3})?)?)?$/;

export function adminUnitsRouter(deps: { db: Database }): Router {
  const router = Router();
  router.get('/api/admin-units/:code/children', async (req, res, next) => {
    try {
      const code = String(req.params.code);
      if (!CODE.test(code)) throw badRequest('BAD_CODE', 'An admin code has 6, 9 or 12 digits; a grid code 15', { code });
      const branch = await orgBranch(deps.db, code);
      if (!branch) throw notFound('NOT_FOUND', `No admin unit or grid ${code}`);
      res.set('Cache-Control', 'max-age=60').json(branch);
    } catch (err) {
      next(err);
    }
  });
  return router;
}
