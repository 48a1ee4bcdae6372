/**
 * Process entry: configuration, database, the app, listen, graceful shutdown.
 * The server listens at once; data routes answer 503 (with progress on /api/health) until ready.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, loadConfig } from './config.ts';
import { createLogger } from './logger.ts';
import { openDatabase } from './db/core/open.ts';
import { Readiness } from './readiness.ts';
import { createApp } from './app.ts';
import { prepareDatabase } from './bootstrap.ts';
import { createMetricsRegistry } from './http/platform/metrics.ts';
import { startMetricsListener } from './http/platform/metrics-listener.ts';
import { simulateOption, startLiveRuntime, type LiveRuntime } from './realtime/live-runtime.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
  const log = createLogger(config.LOG_LEVEL);
  const readiness = new Readiness();
  const db = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR }, log);
  const metrics = createMetricsRegistry();
  let live: LiveRuntime | undefined;
  const liveFigures = () => live?.figures() ?? null;
  const { httpServer, io } = createApp({ config, db, log, readiness, metrics, liveFigures, clientDir: path.join(root, 'dist', 'client') });
  live = await startLiveRuntime({ io, db, log, config, metrics, simulate: simulateOption(process.argv.slice(2)) });

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(config.PORT, () => resolve());
  });
  log.info({ port: config.PORT, database: db.kind }, `平安安阳 listening on http://localhost:${config.PORT}`);
  const metricsServer = config.METRICS_PORT
    ? await startMetricsListener({ registry: metrics, host: config.METRICS_HOST, port: config.METRICS_PORT, log })
    : undefined;
  if (metricsServer) log.info({ host: config.METRICS_HOST, port: config.METRICS_PORT }, 'metrics listening (GET /metrics)');

  prepareDatabase(db, { seed: config.DATA_SEED, scale: config.DATA_SCALE, adminPassword: config.ADMIN_PASSWORD }, readiness, log).then(
    async () => {
      log.info('ready');
      await live.onReady().catch((err: Error) => log.error({ err }, 'live feed failed to start'));
    },
    (err: Error) => {
      readiness.fail(err.message);
      log.error({ err }, 'database preparation failed');
    },
  );

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    log.info({ signal }, 'shutting down');
    await live.stop().catch(() => undefined);
    httpServer.close();
    metricsServer?.close();
    httpServer.closeAllConnections();
    await db.close().catch(() => undefined);
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
