/**
 * GET /api/client-config
 *   200 { basemapStyleUrl: string | null }: the external MapLibre style set by BASEMAP_STYLE_URL
 *   (Tianditu, the city's own tiles), or null for the offline basemap built from our own data.
 */
import { Router } from 'express';
import type { Config } from '../../config.ts';

export function clientConfigRouter(deps: { config: Pick<Config, 'BASEMAP_STYLE_URL'> }): Router {
  const router = Router();
  router.get('/api/client-config', (_req, res) => {
    res.set('Cache-Control', 'no-store').json({ basemapStyleUrl: deps.config.BASEMAP_STYLE_URL ?? null });
  });
  return router;
}
