/**
 * `npm run simulate [-- --speed 10]`: runs the simulator against the configured database (DATABASE_URL,
 * else the embedded store under DATA_DIR) until Ctrl-C. `npm start -- --simulate` runs it inside the server.
 */
import { loadConfig } from '../config.ts';
import { createLogger } from '../logger.ts';
import { openDatabase } from '../db/core/open.ts';
import { migrate } from '../db/core/migrate.ts';
import { Simulator } from './simulator.ts';

/** Parses `--speed N` (default 1); throws on a bad value. */
export function parseSpeed(argv: readonly string[]): number {
  const i = argv.findIndex((a) => a === '--speed' || a.startsWith('--speed='));
  if (i < 0) return 1;
  const raw = argv[i]!.includes('=') ? argv[i]!.split('=')[1] : argv[i + 1];
  const speed = Number(raw);
  if (!Number.isFinite(speed) || speed <= 0 || speed > 3600) throw new Error(`--speed must be a number in (0, 3600], got ${raw}`);
  return speed;
}

async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLogger(config.LOG_LEVEL);
  const speed = parseSpeed(process.argv.slice(2));
  const db = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR }, log);
  await migrate(db);
  const sim = new Simulator({ db, log, speed });
  await sim.load();
  sim.start();
  log.info({ speed }, 'simulator running');
  const report = setInterval(() => log.info(sim.counts, 'simulator'), 10_000);
  const stop = async () => {
    clearInterval(report);
    sim.stop();
    await db.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
