/**
 * The live side of one server process, for server/index.ts: the Redis adapter (when REDIS_URL is set),
 * the change feed, its /metrics figures and, with `--simulate`, the simulator once the database is ready.
 */
import type { Server } from 'socket.io';
import type { Registry } from 'prom-client';
import type { Config } from '../config.ts';
import type { Database } from '../db/core/database.ts';
import type { Logger } from '../logger.ts';
import { registerLiveMetrics } from '../http/platform/metrics.ts';
import { Simulator } from '../simulator/simulator.ts';
import { parseSpeed } from '../simulator/cli.ts';
import type { FeedFigures } from './feed-stats.ts';
import { createLiveFeed } from './live-server.ts';
import { useRedisAdapter } from './redis-adapter.ts';

export interface LiveRuntime {
  figures(): FeedFigures;
  /** Starts the feed (and the simulator) once migrations are applied. */
  onReady(): Promise<void>;
  stop(): Promise<void>;
}

/** `--simulate` (and optionally `--speed N`) on the server's command line. */
export function simulateOption(argv: readonly string[]): { speed: number } | undefined {
  return argv.includes('--simulate') ? { speed: parseSpeed(argv) } : undefined;
}

export async function startLiveRuntime(deps: {
  io: Server;
  db: Database;
  log: Logger;
  config: Config;
  metrics: Registry;
  simulate?: { speed: number };
}): Promise<LiveRuntime> {
  const closeRedis = deps.config.REDIS_URL ? await useRedisAdapter(deps.io, deps.config.REDIS_URL, deps.log) : undefined;
  const feed = createLiveFeed({
    io: deps.io,
    db: deps.db,
    log: deps.log,
    tickMs: deps.config.LIVE_TICK_MS,
    retentionHours: deps.config.CHANGE_RETENTION_HOURS,
  });
  registerLiveMetrics(deps.metrics, () => feed.figures());
  let simulator: Simulator | undefined;
  return {
    figures: () => feed.figures(),
    async onReady() {
      await feed.start();
      if (deps.simulate) {
        simulator = new Simulator({ db: deps.db, log: deps.log, speed: deps.simulate.speed });
        await simulator.load();
        simulator.start();
      }
    },
    async stop() {
      simulator?.stop();
      await feed.stop();
      deps.io.close();
      await closeRedis?.();
    },
  };
}
