/**
 * GET /api/search?q=<text>&limit=<1..50, default 10>
 *   200 { results: [{ collection, id, label, sublabel, group: place|event|asset, area?, bbox?: [minLng, minLat,
 *         maxLng, maxLat], point?: [lng, lat] }] }
 *   Order: an exact code; places (district, street, community, grid, key place) by pinyin/initials (`wenfeng`,
 *   `wf`) and by text; then events and assets; at most a third of the limit (≥ 5) of one kind.
 *   400 BAD_QUERY when q is missing, blank, longer than 64 characters or holds a control character (a NUL byte
 *   cannot even reach PostgreSQL text), or limit is not 1..50.
 * Matches admin units (name/code), grids (code/name), cameras (GB id/name), incidents (event number/title),
 * key places (name/address), depots and units; exact code matches first. Only what lies inside the reader's
 * jurisdiction (401 without credentials, 403 without layers:read). Personal layer properties (masking.ts
 * LAYER_PERSONAL: grid workers' unit names) are shown and matched masked unless the reader has personal:read.
 */
import { Router } from 'express';
import { z } from 'zod';
import type { Database } from '../../db/core/database.ts';
import { searchAll } from '../../db/directory/search-repository.ts';
import { createPinyinIndex, type PinyinIndex } from '../../db/directory/place-pinyin.ts';
import { badRequest } from '../../errors.ts';
import { readLayerView, readScope } from '../auth/auth-scope.ts';

const query = z.object({
  q: z.string().trim().min(1, 'q must not be blank').max(64, 'q is at most 64 characters')
    .refine((q) => !/[\u0000-\u001f\u007f]/.test(q), 'q must not contain control characters'),
  limit: z.coerce.number().int().min(1).max(50).default(10),
});

export function searchRouter(deps: { db: Database; pinyin?: PinyinIndex }): Router {
  // Place names with their pinyin, read once (lazily, at the first search) and again every few minutes.
  const pinyin = deps.pinyin ?? createPinyinIndex();
  const router = Router();
  router.get('/api/search', async (req, res, next) => {
    try {
      const parsed = query.safeParse(req.query);
      if (!parsed.success) throw badRequest('BAD_QUERY', 'Invalid search query', parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
      const results = await searchAll(deps.db, parsed.data.q, parsed.data.limit, readScope(req), readLayerView(req), pinyin);
      res.set('Cache-Control', 'no-store').json({ results });
    } catch (err) {
      next(err);
    }
  });
  return router;
}
