/**
 * Process entry: configuration, database, the app, listen, graceful shutdown.
 * The server listens at once; data routes answer 503 (with progress on /api/health) until ready.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, loadConfig } from './config.ts';
import { createLogger } from './logger.ts';
import { openDatabase } from './db/core/open.ts';
import { createServer } from './compose.ts';
import { createMetricsRegistry } from './http/platform/metrics.ts';
import { parseSpeed } from './simulator/cli.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** `--simulate` (and optionally `--speed N`) on the server's command line. */
function simulateOption(argv: readonly string[]): { speed: number } | undefined {
  return argv.includes('--simulate') ? { speed: parseSpeed(argv) } : undefined;
}

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
  const db = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR }, log);
  const server = await createServer({
    config,
    db,
    log,
    metrics: createMetricsRegistry(),
    clientDir: path.join(root, 'dist', 'client'),
    prepare: { seed: config.DATA_SEED, scale: config.DATA_SCALE, adminPassword: config.ADMIN_PASSWORD },
    simulate: simulateOption(process.argv.slice(2)),
  });
  await server.start({ port: config.PORT });
  log.info({ port: config.PORT, database: db.kind }, `平安安阳 listening on http://localhost:${config.PORT}`);

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    log.info({ signal }, 'shutting down');
    await server.stop().catch(() => undefined);
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
