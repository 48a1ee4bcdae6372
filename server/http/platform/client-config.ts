/**
 * GET /api/client-config
 *   200 { basemapStyleUrl: string | null, buildId: string | null }
 *     basemapStyleUrl  the external MapLibre style set by BASEMAP_STYLE_URL (Tianditu, the city's own tiles), or
 *                      null for the offline basemap built from our own data
 *     buildId          the deployed client's build: the first 16 hex digits of the SHA-256 of its index.html (which
 *                      names the hashed bundles), null when no built client is served. A wall display compares it
 *                      with the one it loaded and reloads itself when a new version is deployed.
 */
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { Router } from 'express';
import type { Config } from '../../config.ts';

/** The build id of the client in `clientDir`, re-read when its index.html changes (a deploy that swaps dist). */
export function buildIdReader(clientDir: string | undefined): () => string | null {
  let seen: { mtimeMs: number; id: string } | null = null;
  return () => {
    if (!clientDir) return null;
    const file = path.join(clientDir, 'index.html');
    try {
      const { mtimeMs } = statSync(file);
      if (seen?.mtimeMs !== mtimeMs) seen = { mtimeMs, id: createHash('sha256').update(readFileSync(file)).digest('hex').slice(0, 16) };
      return seen.id;
    } catch {
      return null;
    }
  };
}

export function clientConfigRouter(deps: { config: Pick<Config, 'BASEMAP_STYLE_URL'>; clientDir?: string }): Router {
  const router = Router();
  const buildId = buildIdReader(deps.clientDir);
  router.get('/api/client-config', (_req, res) => {
    res.set('Cache-Control', 'no-store').json({ basemapStyleUrl: deps.config.BASEMAP_STYLE_URL ?? null, buildId: buildId() });
  });
  return router;
}
