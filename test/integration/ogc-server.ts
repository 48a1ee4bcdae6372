/**
 * Starts the real app (createApp: readiness gate, JSON 404, error funnel) on a test database, on one of
 * the ports reserved for these tests (8120-8129), and stops it again.
 */
import type { AddressInfo } from 'node:net';
import { createApp } from '../../server/app.ts';
import { loadConfig } from '../../server/config.ts';
import type { Database } from '../../server/db/core/database.ts';
import { Readiness } from '../../server/readiness.ts';
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
  const readiness = new Readiness();
  readiness.set('ready');
  const { httpServer } = createApp({ config: loadConfig({}), db, log: testLog, readiness });
  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(port, '127.0.0.1', () => resolve());
  });
  const { port: actual } = httpServer.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${actual}`,
    token,
    headers: bearer(token),
    close: () =>
      new Promise<void>((resolve) => {
        httpServer.closeAllConnections();
        httpServer.close(() => resolve());
      }),
  };
}
