/**
 * createServer(deps): the composition root of one server process, shared by server/index.ts, the tests and
 * the benches. It builds the one auth context (session policy, limits, public permissions) and hands it to
 * both the HTTP app and the live feed's handshakes, the live runtime with its /metrics figures, and, with
 * `simulate`, the simulator. Wiring only; nothing here reads the environment.
 *
 *   const server = await createServer({ config, db, log, prepare: {...} });
 *   await server.start({ port });   // listens; prepares the database in the background, then starts the feed
 *   await server.stop();            // the caller closes the database afterwards
 */
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import type { Config } from './config.ts';
import type { Database } from './db/core/database.ts';
import type { Logger } from './logger.ts';
import { Readiness } from './readiness.ts';
import { createApp, type App } from './app.ts';
import { createComputePool } from './http/analysis/compute-pool.ts';
import { startVacuumSchedule, type VacuumSchedule } from './services/maintenance/vacuum-schedule.ts';
import { prepareDatabase } from './bootstrap.ts';
import { authContext, type AuthContext, type AuthOptions } from './auth/services/auth-context.ts';
import { principalResolver, type Resolved } from './auth/services/principal-resolver.ts';
import { CredentialCache } from './auth/services/credential-cache.ts';
import { listenCredentialsEnded } from './db/auth/credential-events-repository.ts';
import { socketIdentity } from './auth/services/socket-credentials.ts';
import { registerLiveMetrics } from './http/platform/metrics.ts';
import { startMetricsListener } from './http/platform/metrics-listener.ts';
import { startLiveRuntime, type LiveRuntime } from './realtime/live-runtime.ts';
import { Simulator } from './simulator/simulator.ts';
import { estimateRouter, type Router as EtaRouter } from './domain/dispatch/router.ts';
import { osrmRouter } from './services/dispatch/osrm-router.ts';
import { startTimerLightScheduler, type TimerLightScheduler } from './services/dispatch/timer-light-scheduler.ts';
import { createJobs } from './http/analysis/jobs.ts';
import { startAnalysisSchedule, type AnalysisSchedule } from './http/analysis/analysis-schedule.ts';
import { startCollectionVersions } from './db/features/collection-versions.ts';
import { createUnitIndex } from './db/dispatch/units/unit-index.ts';

export interface ServerDeps {
  config: Config;
  db: Database;
  log: Logger;
  /**
   * Shared with the caller, who then sets it (a test that checks the 503s before the database is ready);
   * default: a new one, set to ready at once unless `prepare` is given.
   */
  readiness?: Readiness;
  /** Built client to serve at /, if present. */
  clientDir?: string;
  /** Prometheus registry served at /metrics; the live feed's figures are registered on it. */
  metrics?: Registry;
  /** Auth tunables (tests pass cheaper scrypt and looser limits); publicPermissions come from config. */
  auth?: Partial<Omit<AuthOptions, 'publicPermissions'>>;
  /**
   * Prepare the database after listening (migrations, first admin, the dataset; progress on /api/health).
   * Without it the database must be ready already (tests, benches) and readiness is set to ready.
   */
  prepare?: { seed: number; scale: number; adminPassword?: string };
  /** Run the simulator once the database is ready (`npm start -- --simulate`). */
  simulate?: { speed: number };
  /** Bytes of encoded tiles kept in memory (default 64 MiB; 0 for none: the OGC bench's cold tiles). */
  tileCacheBytes?: number;
  /** Backstop re-check of open sockets' credentials (default one minute). */
  socketRecheckMs?: number;
}

export interface PinganServer extends App {
  auth: AuthContext;
  readiness: Readiness;
  live: Pick<LiveRuntime, 'figures'>;
  /** Listens (default: config.PORT on all interfaces); resolves with the address once listening. */
  start(listen?: { port?: number; host?: string }): Promise<AddressInfo>;
  /** Resolves once the database is prepared and the live feed runs (rejects when preparation failed). */
  ready(): Promise<void>;
  /** Stops the simulator, the live feed, socket.io and the HTTP server (not the database). */
  stop(): Promise<void>;
}

export async function createServer(deps: ServerDeps): Promise<PinganServer> {
  const { config, db, log } = deps;
  const readiness = deps.readiness ?? new Readiness();
  if (!deps.readiness && !deps.prepare) readiness.set('ready');
  // Resolved credentials are kept for seconds; every process drops them on the credentials_ended events.
  const credentials = new CredentialCache<Resolved>();
  const stopCredentialEvents = await listenCredentialsEnded(db, (e) => credentials.ended(e), () => credentials.clear()).catch((err: Error) => {
    log.warn({ err: err.message }, 'credential events unavailable: credentials are not cached');
    return undefined;
  });
  const auth = authContext({ db, log, readiness, credentials: stopCredentialEvents ? credentials : undefined, options: { ...deps.auth, publicPermissions: config.PUBLIC_PERMISSIONS } });
  // Sockets re-check credentials against the database itself (that is the point of a re-check): no cache.
  const resolver = principalResolver({ ...auth, credentials: undefined });
  let live: LiveRuntime | undefined;
  const liveFigures = () => live?.figures() ?? null;
  const etaRouter: EtaRouter = config.ROUTER_URL ? osrmRouter({ url: config.ROUTER_URL, timeoutMs: config.ROUTER_TIMEOUT_MS, log }) : estimateRouter();
  // The response units in memory for recommendations: loaded by the first one, then kept current from the change log.
  const unitIndex = createUnitIndex(db);
  const analysisJobs = createJobs(log);
  const compute = createComputePool();
  let analysis: AnalysisSchedule | undefined;
  // Collection data versions (ETags, 304s and the items page cache without a database round trip).
  const versions = await startCollectionVersions(db, (err) => log.warn({ err: (err as Error).message }, 'collection versions unknown for now'));
  const app = createApp({
    config, db, log, readiness, auth, metrics: deps.metrics, liveFigures, clientDir: deps.clientDir,
    etaRouter, unitIndex, analysisJobs, compute, versions, tileCacheBytes: deps.tileCacheBytes,
  });
  const runtime = await startLiveRuntime({
    io: app.io,
    db,
    log,
    config,
    identify: (handshake) => socketIdentity(handshake, resolver),
    recheckMs: deps.socketRecheckMs,
  });
  live = runtime;
  if (deps.metrics) registerLiveMetrics(deps.metrics, () => runtime.figures());

  let simulator: Simulator | undefined;
  let lights: TimerLightScheduler | undefined;
  let vacuum: VacuumSchedule | undefined;
  const startLive = async () => {
    await runtime.onReady();
    if (config.TIMER_LIGHT_TICK_MS > 0) lights = startTimerLightScheduler({ db, log, everyMs: config.TIMER_LIGHT_TICK_MS });
    // Risk grading on a schedule; a prepared (real) server also grades once at start when nothing is graded yet.
    analysis = startAnalysisSchedule({ db, log, jobs: analysisJobs, compute, minutes: config.RISK_RECOMPUTE_MINUTES, gradeIfUngraded: Boolean(deps.prepare) });
    compute.warm(); // the analysis worker starts and compiles its statistics now, not on a planner's first request
    vacuum = startVacuumSchedule({ db, log, minutes: config.VACUUM_MINUTES });
    if (deps.simulate) {
      simulator = new Simulator({ db, log, speed: deps.simulate.speed, router: etaRouter });
      await simulator.load();
      simulator.start();
    }
  };
  /** Preparation failing marks the server failed (/api/health); the live feed failing only logs (HTTP still serves). */
  const prepareThenLive = async () => {
    try {
      await prepareDatabase(db, deps.prepare!, readiness, log);
    } catch (err) {
      readiness.fail((err as Error).message);
      log.error({ err }, 'database preparation failed');
      throw err;
    }
    log.info('ready');
    await startLive().catch((err: Error) => {
      log.error({ err }, 'live feed failed to start');
      throw err;
    });
  };
  let readyPromise: Promise<void> | undefined;
  let metricsServer: import('node:http').Server | undefined;
  /** METRICS_PORT: /metrics on its own address, without credentials (docs/operations.md). */
  const startMetrics = async () => {
    if (!config.METRICS_PORT || !deps.metrics) return;
    metricsServer = await startMetricsListener({ registry: deps.metrics, host: config.METRICS_HOST, port: config.METRICS_PORT, log });
    log.info({ host: config.METRICS_HOST, port: config.METRICS_PORT }, 'metrics listening (GET /metrics)');
  };

  const listen = (port: number, host?: string) =>
    new Promise<AddressInfo>((resolve, reject) => {
      app.httpServer.once('error', reject);
      app.httpServer.listen(port, host, () => resolve(app.httpServer.address() as AddressInfo));
    });

  return {
    ...app,
    auth,
    readiness,
    live: runtime,
    async start(at = {}) {
      await startMetrics();
      if (deps.prepare) {
        // Listen at once: data routes answer 503 with progress on /api/health until the database is ready.
        const address = await listen(at.port ?? config.PORT, at.host);
        readyPromise = prepareThenLive();
        readyPromise.catch(() => undefined); // logged above; ready() still rejects for a caller that waits
        return address;
      }
      readyPromise = startLive();
      await readyPromise;
      return listen(at.port ?? config.PORT, at.host);
    },
    ready: () => readyPromise ?? Promise.reject(new Error('createServer: start() was not called')),
    async stop() {
      simulator?.stop();
      lights?.stop();
      vacuum?.stop();
      await analysis?.stop().catch((err: Error) => log.warn({ err: err.message }, 'stopping the analysis schedule failed'));
      await compute.close().catch(() => undefined);
      await runtime.stop().catch((err: Error) => log.warn({ err: err.message }, 'stopping the live feed failed'));
      metricsServer?.close();
      await versions.stop().catch(() => undefined);
      await unitIndex.stop().catch(() => undefined);
      await stopCredentialEvents?.().catch(() => undefined);
      app.httpServer.closeAllConnections();
      if (app.httpServer.listening) await new Promise<void>((r) => app.httpServer.close(() => r()));
    },
  };
}
