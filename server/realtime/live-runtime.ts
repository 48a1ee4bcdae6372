/**
 * The live side of one server process: the Redis adapter (when REDIS_URL is set) and the change feed with
 * its socket guard. The composition root (server/compose.ts) hands in who a handshake is (the HTTP resolver)
 * and reads figures() for /metrics and /api/health; nothing here knows HTTP or the simulator.
 */
import type { Server } from 'socket.io';
import type { Config } from '../config.ts';
import type { Database } from '../db/core/database.ts';
import type { Logger } from '../logger.ts';
import type { FeedFigures } from './feed-stats.ts';
import { createLiveFeed } from './live-server.ts';
import { useRedisAdapter } from './redis-adapter.ts';
import type { IdentifySocket } from './socket-auth.ts';

export interface LiveRuntime {
  figures(): FeedFigures;
  /** Starts the feed once migrations are applied. */
  onReady(): Promise<void>;
  /** Stops the feed and closes socket.io (and the Redis adapter). */
  stop(): Promise<void>;
}

export async function startLiveRuntime(deps: {
  io: Server;
  db: Database;
  log: Logger;
  config: Config;
  identify: IdentifySocket;
  /** Backstop re-check of open sockets (default one minute). */
  recheckMs?: number;
}): Promise<LiveRuntime> {
  const closeRedis = deps.config.REDIS_URL ? await useRedisAdapter(deps.io, deps.config.REDIS_URL, deps.log) : undefined;
  const feed = createLiveFeed({
    io: deps.io,
    db: deps.db,
    log: deps.log,
    tickMs: deps.config.LIVE_TICK_MS,
    retentionHours: deps.config.CHANGE_RETENTION_HOURS,
    identify: deps.identify,
    recheckMs: deps.recheckMs,
  });
  return {
    figures: () => feed.figures(),
    onReady: () => feed.start(),
    async stop() {
      await feed.stop();
      deps.io.close();
      await closeRedis?.();
    },
  };
}
