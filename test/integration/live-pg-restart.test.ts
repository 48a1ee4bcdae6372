/**
 * PostgreSQL restarted under a running server: the server reconnects by itself and nothing is lost.
 * Restarts the machine's PostgreSQL cluster (other engineers' tests may blip): kept short, in its own file,
 * and only in PostGIS mode (TEST_DATABASE_URL).
 */
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { headSeq, readChanges } from '../../server/db/live/changes-repository.ts';
import { createFeature } from '../../server/db/features/features-write-repository.ts';
import type { Database } from '../../server/db/core/database.ts';
import { openTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { startLiveApp, type LiveApp } from '../support/live-app.ts';
import { LiveTestClient, waitFor } from '../support/live-client.ts';
import { FIXTURES } from '../support/live-fixtures.ts';

const PORT = 8134;

/** Retries a write while the database comes back (the pool may hand out a connection that died). */
async function writeWithRetry(db: Database, id: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await createFeature(db, 'incidents', { ...FIXTURES.incidents!, id });
      return;
    } catch (err) {
      if (attempt > 100) throw err;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

describe.runIf(process.env.TEST_DATABASE_URL)('PostgreSQL restart (PostGIS)', () => {
  let t: TestDatabase;
  let app: LiveApp;
  let client: LiveTestClient;
  beforeAll(async () => {
    t = await openTestDatabase();
    app = await startLiveApp(t.db, PORT);
  });
  afterAll(async () => {
    client?.close();
    await app?.close();
    await t?.dispose();
  });

  it('the feed re-listens by itself and delivers what was committed meanwhile', async () => {
    client = new LiveTestClient(app.url, { token: app.token, layers: ['incidents'] });
    await client.ready();
    await createFeature(t.db, 'incidents', { ...FIXTURES.incidents!, id: 'PGR-0' });
    await waitFor(() => client.store.has('incidents/PGR-0'), 5000, 'the first change');
    const since = client.lastSeq!;

    execFileSync('pg_ctlcluster', ['--skip-systemctl-redirect', '15', 'main', 'restart'], { stdio: 'ignore' });
    // Written right after the restart, before the LISTEN connection is back: no NOTIFY reaches this server.
    for (let i = 1; i <= 20; i++) await writeWithRetry(t.db, `PGR-${i}`);

    const head = await headSeq(t.db);
    await waitFor(() => client.lastSeq === head, 20_000, 'the changes after the restart');
    const missed = await readChanges(t.db, since, 100);
    expect(missed.map((m) => m.id)).toEqual(Array.from({ length: 20 }, (_, i) => `PGR-${i + 1}`));
    expect(client.received.filter((c) => c.seq > since).map((c) => c.seq)).toEqual(missed.map((m) => m.seq));
    expect(client.socket.connected).toBe(true);
  });
});
