/**
 * createApp(deps): the HTTP side of the server — wiring only, no logic. server/compose.ts (createServer) is
 * the composition root that builds the one auth context handed in here and to the live feed.
 * Routers get their dependencies passed in; nothing here reads the environment.
 */
import { createServer, type Server as HttpServer } from 'node:http';
import path from 'node:path';
import { existsSync } from 'node:fs';
import express from 'express';
import { Server as SocketServer } from 'socket.io';
import type { Registry } from 'prom-client';
import type { Config } from './config.ts';
import type { Database } from './db/core/database.ts';
import type { Logger } from './logger.ts';
import type { Readiness } from './readiness.ts';
import { healthRouter } from './http/platform/health.ts';
import { countsRouter } from './http/platform/counts.ts';
import type { FeedFigures } from './realtime/feed-stats.ts';
import { apiNotFound, errorHandler, requireReady } from './http/platform/errors.ts';
import { ogcRouter } from './http/ogc/ogc.ts';
import { ogcWriteRouter } from './http/ogc/ogc-write.ts';
import { metricsRouter } from './http/platform/metrics.ts';
import { tilesRouter } from './http/tiles/tiles.ts';
import { warmTileLane, type Lane } from './http/tiles/warm-tile-lane.ts';
import { createTileEncoder } from './db/tiles/tiles-repository.ts';
import { cachedTileEncoder } from './db/tiles/tiles-cache.ts';
import { searchRouter } from './http/directory/search.ts';
import { adminUnitsRouter } from './http/directory/admin-units.ts';
import { clientConfigRouter } from './http/platform/client-config.ts';
import { authRouter } from './http/auth/auth.ts';
import { basemapRouter } from './http/platform/basemap.ts';
import { personalRouter } from './http/auth/personal.ts';
import { incidentTransitionsRouter } from './http/incidents/incident-transitions.ts';
import { dispatchRouter } from './http/dispatch/dispatch.ts';
import type { Router as EtaRouter } from './domain/dispatch/router.ts';
import { freshAfterWrites } from './http/platform/fresh-after-writes.ts';
import type { UnitIndex } from './db/dispatch/units/unit-index.ts';
import { analysisRouter } from './http/analysis/analysis.ts';
import { createJobs, type Jobs } from './http/analysis/jobs.ts';
import { createComputePool, type ComputePool } from './http/analysis/compute-pool.ts';
import { kpisRouter } from './http/kpis/kpis.ts';
import type { AuthContext } from './auth/services/auth-context.ts';
import { authenticate, csrfProtect, enforceRoutes } from './http/auth/auth-middleware.ts';
import { auditWrites } from './http/auth/auth-audit.ts';
import { securityHeaders, writeRateLimit } from './http/platform/security.ts';
import { canonicalRequests } from './http/platform/canonical-path.ts';
import { publicOrigin } from './http/platform/public-origin.ts';
import { staticAssetsRouter } from './http/platform/static-assets.ts';
import type { CollectionVersions } from './db/features/collection-versions.ts';

export interface AppDeps {
  config: Config;
  db: Database;
  log: Logger;
  readiness: Readiness;
  /** Built client to serve at /, if present. */
  clientDir?: string;
  /** The live feed's figures, when this process runs one (/api/health's live.running, its details, the counts cache). */
  liveFigures?: () => FeedFigures | null;
  /** Prometheus registry served at /metrics. */
  metrics?: Registry;
  /** The one auth context of the process (the live feed's handshakes use the same). */
  auth: AuthContext;
  /** Road ETAs for dispatch recommendations (ROUTER_URL, else the estimate). */
  etaRouter: EtaRouter;
  /** The response units in memory for recommendations (the composition root owns it); absent: asked of the database. */
  unitIndex?: UnitIndex;
  /** Long analysis jobs (shared with the grading schedule); default: a registry of this app's own. */
  analysisJobs?: Jobs;
  /** The analyses' worker thread (the composition root owns it: warms it at start, closes it at stop). */
  compute?: ComputePool;
  /** Collection data versions (OGC ETags, 304s, the items page cache); absent: every answer is built. */
  versions?: CollectionVersions;
  /** Bytes of encoded tiles kept in memory (default 64 MiB; 0: every tile is encoded — the bench's cold tiles). */
  tileCacheBytes?: number;
}

export interface App {
  app: express.Express;
  httpServer: HttpServer;
  /** socket.io on the same port (the live feed uses namespace /live). */
  io: SocketServer;
  /** The warm-tile lane in front of Express (how many tiles it answered). */
  warmTiles: Lane;
}

export function createApp(deps: AppDeps): App {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', deps.config.TRUST_PROXY);
  app.set('query parser', 'simple');
  const basemapOrigin = deps.config.BASEMAP_STYLE_URL ? [new URL(deps.config.BASEMAP_STYLE_URL).origin] : [];
  app.use(canonicalRequests()); // one spelling of every path for the routers, the route table and the audit
  const security = securityHeaders({ connectOrigins: basemapOrigin });
  app.use(security);
  // Every request below passes the route table (server/auth/route-permissions.ts): deny by default.
  const auth = deps.auth;
  app.use(authRouter(auth)); // before the 1 MB parser: auth parses its own 16 kB bodies
  app.use(express.json({ limit: '1mb' }));
  app.use(authenticate(auth), auditWrites(auth), csrfProtect(), enforceRoutes(auth), writeRateLimit(auth.options.writeLimit));
  app.use(freshAfterWrites(deps.versions));

  // Tiles and OGC first: other systems and the map ask for them most, and no other router shares /tiles or
  // /ogc, so they need not walk past the root-mounted routers below (the route table above has already decided
  // who may read them).
  const origin = publicOrigin(deps.config.PUBLIC_URL);
  const tileEncoder = cachedTileEncoder(createTileEncoder(deps.db), deps.tileCacheBytes === undefined ? {} : { maxBytes: deps.tileCacheBytes });
  app.use('/tiles', requireReady(deps.readiness), tilesRouter({ db: deps.db, origin, encoder: tileEncoder }));
  app.use(healthRouter({ db: deps.db, readiness: deps.readiness, liveFigures: deps.liveFigures }));
  app.use('/ogc', requireReady(deps.readiness));
  app.use('/ogc', ogcWriteRouter({ db: deps.db }));
  app.use('/ogc', ogcRouter({ db: deps.db, origin, versions: deps.versions }));
  app.use('/api/incidents', requireReady(deps.readiness));
  app.use(incidentTransitionsRouter({ db: deps.db }));
  app.use(['/api/dispatch', '/api/units'], requireReady(deps.readiness));
  app.use(dispatchRouter({ db: deps.db, router: deps.etaRouter, units: deps.unitIndex }));
  app.use(clientConfigRouter({ config: deps.config, clientDir: deps.clientDir }));
  app.use(basemapRouter({ glyphDirs: [path.join(deps.clientDir ?? 'dist/client', 'glyphs'), path.resolve('client/public/glyphs')] }));
  app.use(['/api/search', '/api/admin-units', '/api/counts'], requireReady(deps.readiness));
  app.use(countsRouter({ db: deps.db, publicPermissions: deps.config.PUBLIC_PERMISSIONS, liveSeq: () => deps.liveFigures?.()?.seq }));
  app.use(searchRouter({ db: deps.db }));
  app.use(adminUnitsRouter({ db: deps.db }));
  app.use(['/api/analysis', '/api/warnings'], requireReady(deps.readiness));
  app.use(analysisRouter({ db: deps.db, jobs: deps.analysisJobs ?? createJobs(deps.log), compute: deps.compute ?? createComputePool() }));
  app.use('/api/personal', requireReady(deps.readiness));
  app.use(personalRouter({ db: deps.db }));
  app.use('/api/kpis', requireReady(deps.readiness));
  app.use(kpisRouter({ db: deps.db, liveSeq: () => deps.liveFigures?.()?.seq, onError: (err) => deps.log.warn({ err }, 'KPI refresh failed') }));
  if (deps.metrics) app.use(metricsRouter({ registry: deps.metrics }));
  app.use(['/api', '/ogc', '/tiles'], apiNotFound);

  if (deps.clientDir && existsSync(path.join(deps.clientDir, 'index.html'))) {
    app.use(staticAssetsRouter(deps.clientDir));
  }

  app.use(errorHandler(deps.log));
  // Warm tiles are answered before Express when nothing is in doubt (warm-tile-lane.ts); everything else is Express's.
  const lane = warmTileLane({ auth, readiness: deps.readiness, tiles: tileEncoder, securityHeaders: security });
  const httpServer = createServer((req, res) => {
    const answered = lane(req, res);
    if (answered === false) app(req, res);
    else void answered.then((done) => done || app(req, res));
  });
  const io = new SocketServer(httpServer, { serveClient: false });
  return { app, httpServer, io, warmTiles: lane };
}
