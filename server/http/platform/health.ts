/**
 * GET /api/health — liveness and readiness, public, the same answer for every caller, constant cost (no counts,
 * no change sequence; at most one cached `SELECT 1` every few seconds however many clients poll):
 *   503 while starting:   { status: "starting" | "migrating" | "loading" | "failed", progress: 0..1, step?, startedAt }
 *                         (why a start failed is for operators: the log and /api/health/details, never anonymous callers)
 *   503 database down:    { status: "unavailable", progress: 1, startedAt }
 *   200 when ready:       { status: "ok", startedAt, readyAt, live?: { running } }
 * GET /api/health/details — operators only (metrics:read, route table): the database's identity and the live
 * feed's figures (clients, seq, changes per second, lag).
 *   200 { status, error?, database: { kind: "embedded" | "postgis", postgis, reachable }, startedAt, readyAt, live: FeedFigures | null }
 * Layer counts are at GET /api/counts (authenticated, jurisdiction-scoped, cached).
 */
import { requirePermission } from '../auth/auth-require.ts';
import { Router } from 'express';
import type { Database } from '../../db/core/database.ts';
import { pingDatabase, postgisVersion } from '../../db/platform/health-repository.ts';
import type { HealthNotReady, HealthReady } from '../../protocol/platform.ts';
import type { FeedFigures } from '../../realtime/feed-stats.ts';
import type { Readiness } from '../../readiness.ts';
import { cachedProbe } from './db-probe.ts';

/** How long one database probe answers for every /api/health caller. */
export const HEALTH_PROBE_MS = 5_000;

export interface HealthDeps {
  db: Database;
  readiness: Readiness;
  /** The live feed's figures, when this process runs one. */
  liveFigures?: () => FeedFigures | null;
  probeEveryMs?: number;
}

export function healthRouter(deps: HealthDeps): Router {
  const probe = cachedProbe(() => pingDatabase(deps.db), deps.probeEveryMs ?? HEALTH_PROBE_MS);
  // The PostGIS version never changes while the process runs: asked once (again only after a failure).
  let postgis: Promise<string> | undefined;
  const version = async (): Promise<string> => {
    postgis ??= postgisVersion(deps.db);
    try {
      return await postgis;
    } catch (err) {
      postgis = undefined;
      throw err;
    }
  };
  const router = Router();
  router.get('/api/health', async (_req, res, next) => {
    try {
      res.set('Cache-Control', 'no-store');
      const state = deps.readiness.snapshot();
      if (state.phase !== 'ready') {
        const body: HealthNotReady = {
          status: state.phase,
          progress: Math.round(state.progress * 1000) / 1000,
          step: state.step,
          startedAt: state.startedAt,
        };
        res.status(503).set('Retry-After', '2').json(body);
        return;
      }
      if (!(await probe()).ok) {
        const body: HealthNotReady = { status: 'unavailable', progress: 1, startedAt: state.startedAt };
        res.status(503).set('Retry-After', '5').json(body);
        return;
      }
      const body: HealthReady = { status: 'ok', startedAt: state.startedAt, readyAt: state.readyAt };
      if (deps.liveFigures) body.live = { running: deps.liveFigures()?.running ?? false };
      res.json(body);
    } catch (err) {
      next(err);
    }
  });
  router.get('/api/health/details', async (req, res, next) => {
    try {
      requirePermission(req, 'metrics:read'); // also the route table's rule (defence in depth)
      const state = deps.readiness.snapshot();
      const reachable = (await probe()).ok;
      const ready = state.phase === 'ready';
      res.set('Cache-Control', 'no-store').json({
        status: ready ? (reachable ? 'ok' : 'unavailable') : state.phase,
        error: state.error,
        database: { kind: deps.db.kind, postgis: ready && reachable ? await version() : null, reachable },
        startedAt: state.startedAt,
        readyAt: state.readyAt,
        live: deps.liveFigures?.() ?? null,
      });
    } catch (err) {
      next(err);
    }
  });
  return router;
}
