/** The whole app with its live feed, in this process, on a port (for live-feed integration tests). */
import type { Database } from '../../server/db/core/database.ts';
import { createApp } from '../../server/app.ts';
import { loadConfig } from '../../server/config.ts';
import { createMetricsRegistry } from '../../server/http/platform/metrics.ts';
import { Readiness } from '../../server/readiness.ts';
import { startLiveRuntime, type LiveRuntime } from '../../server/realtime/live-runtime.ts';
import { testLog } from './test-database.ts';
import { bearer, issueTestToken } from './test-tokens.ts';

export interface LiveApp {
  url: string;
  /** A city-wide dispatcher's API token (HTTP: Authorization: Bearer; socket: auth: { token }). */
  token: string;
  headers: Record<string, string>;
  live: LiveRuntime;
  close(): Promise<void>;
}

export async function startLiveApp(db: Database, port: number, env: Record<string, string> = {}): Promise<LiveApp> {
  const config = loadConfig({ PORT: String(port), LIVE_TICK_MS: '100', ...env });
  // Tests write in bursts: no write rate limit here (the limit itself is tested in auth-security).
  const readiness = new Readiness();
  readiness.set('ready');
  const metrics = createMetricsRegistry();
  let live: LiveRuntime | undefined;
  const { httpServer, io } = createApp({ config, db, log: testLog, readiness, metrics, auth: { writeLimit: { windowMs: 60_000, max: 1_000_000 } }, liveFigures: () => live?.figures() ?? null });
  live = await startLiveRuntime({ io, db, log: testLog, config, metrics });
  await live.onReady();
  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(port, '127.0.0.1', () => resolve());
  });
  const running = live;
  const token = await issueTestToken(db);
  return {
    url: `http://127.0.0.1:${port}`,
    token,
    headers: bearer(token),
    live: running,
    async close() {
      await running.stop();
      httpServer.closeAllConnections();
      await new Promise<void>((r) => httpServer.close(() => r()));
    },
  };
}
