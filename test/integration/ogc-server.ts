/**
 * Starts the real server (createServer: readiness gate, JSON 404, error funnel, live feed) on a test database, on one of
 * the ports reserved for these tests (8120-8129), and stops it again.
 */
import { createServer } from '../../server/compose.ts';
import { loadConfig } from '../../server/config.ts';
import type { Database } from '../../server/db/core/database.ts';
import { testLog } from '../support/test-database.ts';
import { bearer, issueTestToken } from '../support/test-tokens.ts';

export interface RunningServer {
  base: string;
  /** A city-wide dispatcher's API token, and its Authorization header (every data route needs one). */
  token: string;
  headers: Record<string, string>;
  close(): Promise<void>;
}

export async function startOgcServer(db: Database, port: number): Promise<RunningServer> {
  const token = await issueTestToken(db);
  const server = await createServer({ config: loadConfig({}), db, log: testLog });
  const { port: actual } = await server.start({ port, host: '127.0.0.1' });
  return {
    base: `http://127.0.0.1:${actual}`,
    token,
    headers: bearer(token),
    close: () => server.stop(),
  };
}
