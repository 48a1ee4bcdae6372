/** The whole server (createServer: app, auth, live feed) in this process, on a port (for live-feed integration tests). */
import type { Database } from '../../server/db/core/database.ts';
import { loadConfig } from '../../server/config.ts';
import { createMetricsRegistry } from '../../server/http/platform/metrics.ts';
import { createServer, type PinganServer, type ServerDeps } from '../../server/compose.ts';
import { testLog } from './test-database.ts';
import { bearer, issueTestToken } from './test-tokens.ts';

export interface LiveApp {
  url: string;
  /** A city-wide dispatcher's API token (HTTP: Authorization: Bearer; socket: auth: { token }). */
  token: string;
  headers: Record<string, string>;
  live: PinganServer['live'];
  server: PinganServer;
  close(): Promise<void>;
}

export async function startLiveApp(
  db: Database,
  port: number,
  env: Record<string, string> = {},
  extra: Pick<ServerDeps, 'auth' | 'socketRecheckMs'> = {},
): Promise<LiveApp> {
  // The timer lights and the scheduled grading are writers of their own (lights turn with the clock; grading rewrites
  // grids): tests that count the feed's changes must own every writer, so both are off unless a test switches them on.
  const config = loadConfig({ PORT: String(port), LIVE_TICK_MS: '100', TIMER_LIGHT_TICK_MS: '0', RISK_RECOMPUTE_MINUTES: '0', ...env });
  // Tests write in bursts: no write rate limit here (the limit itself is tested in auth-security).
  const server = await createServer({
    config,
    db,
    log: testLog,
    metrics: createMetricsRegistry(),
    socketRecheckMs: extra.socketRecheckMs,
    auth: { writeLimit: { windowMs: 60_000, max: 1_000_000 }, ...extra.auth },
  });
  await server.start({ port, host: '127.0.0.1' });
  const token = await issueTestToken(db);
  return {
    url: `http://127.0.0.1:${port}`,
    token,
    headers: bearer(token),
    live: server.live,
    server,
    close: () => server.stop(),
  };
}
