import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { headSeq, readChanges } from '../../server/db/live/changes-repository.ts';
import { createFeature, deleteFeature, updateFeature } from '../../server/db/features/features-write-repository.ts';
import { createFeaturesRepository } from '../../server/db/features/features-repository.ts';
import { COLLECTIONS } from '../../server/protocol/collections.ts';
import type { LiveFeature } from '../../server/protocol/live.ts';
import { openTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { startLiveApp, type LiveApp } from '../support/live-app.ts';
import { LiveTestClient, waitFor } from '../support/live-client.ts';
import { FIXTURES } from '../support/live-fixtures.ts';
import { bearer, issueTestToken } from '../support/test-tokens.ts';

const PORT = 8130;
let t: TestDatabase;
let app: LiveApp;
const clients: LiveTestClient[] = [];
const client = (opts: Omit<ConstructorParameters<typeof LiveTestClient>[1], 'token'>) => {
  const c = new LiveTestClient(app.url, { token: app.token, ...opts });
  clients.push(c);
  return c;
};

beforeAll(async () => {
  t = await openTestDatabase();
  app = await startLiveApp(t.db, PORT);
});
afterEach(() => {
  for (const c of clients.splice(0)) c.close();
});
afterAll(async () => {
  await app?.close();
  await t?.dispose();
});

const incident = (id: string, coordinates = [114.3925, 36.0975]) => ({ ...FIXTURES.incidents!, id, geometry: { type: 'Point', coordinates } });

/** The server's current features of a layer, keyed like the client store. */
async function serverState(layer: 'incidents' | 'cameras', prefix: string): Promise<Map<string, unknown>> {
  const repo = createFeaturesRepository(t.db);
  const page = await repo.page(COLLECTIONS[layer], { limit: 10_000, offset: 0, filters: [] } as never);
  return new Map(page.features.filter((f) => String(f.id).startsWith(prefix)).map((f) => [`${layer}/${f.id}`, { geometry: JSON.parse(f.geometryJson!), properties: f.properties }]));
}
const clientState = (c: LiveTestClient, prefix: string) =>
  new Map([...c.store].filter(([k]) => k.split('/')[1]!.startsWith(prefix)).map(([k, f]) => [k, { geometry: f.geometry, properties: f.properties }]));

describe('live feed (socket.io /live)', () => {
  it('acks the current seq, then streams a change written through the OGC API', async () => {
    const c = client({ layers: ['incidents'] });
    const ack = await c.ready();
    expect(ack).toEqual({ seq: await headSeq(t.db), scope: '410500' });
    const res = await fetch(`${app.url}/ogc/collections/incidents/items`, {
      method: 'POST',
      headers: { ...app.headers, 'Content-Type': 'application/geo+json' },
      body: JSON.stringify({ type: 'Feature', ...incident('LF-1') }),
    });
    expect(res.status).toBe(201);
    const stored = (await res.json()) as LiveFeature;
    await waitFor(() => c.received.length === 1, 5000, 'the change');
    expect(c.received[0]).toMatchObject({ layer: 'incidents', op: 'upsert', id: 'LF-1', seq: ack && 'seq' in ack ? ack.seq + 1 : -1 });
    expect(c.received[0]!.feature).toEqual(stored);
  });

  it('answers a bad subscribe with a BAD_REQUEST ack', async () => {
    const c = client({ layers: ['districts'] });
    const ack = await c.ready();
    expect(ack).toMatchObject({ error: { code: 'BAD_REQUEST' } });
  });

  it('a client offline while 1,000 changes are written gets each missed change once, in order, and ends with the server state', async () => {
    const c = client({ layers: ['incidents', 'cameras'] });
    await c.ready();
    for (let i = 0; i < 20; i++) await createFeature(t.db, 'incidents', incident(`OFF-${i}`));
    await waitFor(() => c.store.size >= 20, 5000, 'the first 20 incidents');
    c.socket.disconnect();
    const since = c.lastSeq!;
    const receivedBefore = c.received.length;
    // 1,000 changes over ~5 s, in small transactions: creates, updates, moves and deletes.
    for (let batch = 0; batch < 50; batch++) {
      await t.db.transaction(async (tx) => {
        for (let j = 0; j < 20; j++) {
          const n = batch * 20 + j;
          const id = `OFF-${n % 60}`;
          const k = n % 4;
          if (k === 0) await createFeature(tx, 'incidents', incident(`OFF-N${n}`, [114.3 + (n % 100) / 1000, 36.05]));
          else if (k === 1) await updateFeature(tx, 'incidents', `OFF-${n % 20}`, { properties: { title: `标题 ${n}` } });
          else if (k === 2) await updateFeature(tx, 'incidents', `OFF-${n % 20}`, { geometry: { type: 'Point', coordinates: [114.35 + n / 1e5, 36.1] } });
          else if (!(await deleteFeature(tx, 'incidents', `OFF-N${n - 3}`))) throw new Error(`missing ${id}`);
        }
      });
      await new Promise((r) => setTimeout(r, 100));
    }
    const missed = await readChanges(t.db, since, 5000);
    expect(missed).toHaveLength(1000);
    c.socket.connect();
    await waitFor(() => c.lastSeq === missed[missed.length - 1]!.seq, 15_000, 'the catch-up');
    const got = c.received.slice(receivedBefore);
    expect(got.map((x) => x.seq)).toEqual(missed.map((m) => m.seq));
    expect(got.map((x) => x.feature)).toEqual(missed.map((m) => m.feature));
    expect(clientState(c, 'OFF-')).toEqual(await serverState('incidents', 'OFF-'));
  });

  it('tells a client further behind than the retained log to resync', async () => {
    await createFeature(t.db, 'incidents', incident('RS-1'));
    const head = await headSeq(t.db);
    await t.db.query('UPDATE change_log_state SET pruned_through = $1', [head - 1]);
    const c = client({ layers: ['incidents'], since: head - 5 });
    expect(await c.ready()).toEqual({ resync: true, seq: head, scope: '410500' });
    await t.db.query('UPDATE change_log_state SET pruned_through = 0');
  });

  it('coalesces bursts of unit positions to the latest per unit per tick', async () => {
    await createFeature(t.db, 'units', { ...FIXTURES.units!, id: 'CO-1' });
    const c = client({ layers: ['units'] });
    await c.ready();
    const writes = 40;
    await Promise.all(
      Array.from({ length: writes }, (_, i) =>
        updateFeature(t.db, 'units', 'CO-1', { geometry: { type: 'Point', coordinates: [114.3 + i / 1000, 36.1] } }),
      ),
    );
    const last = await headSeq(t.db);
    await waitFor(() => c.lastSeq === last, 5000, 'the last position');
    expect(c.received.length).toBeLessThan(writes);
    expect(c.store.get('units/CO-1')?.geometry).toEqual((await createFeaturesRepository(t.db).get(COLLECTIONS.units, 'CO-1'))!.feature.geometry);
  });

  it('filters by bbox and sends a delete when a feature leaves the area', async () => {
    const c = client({ layers: ['incidents'], bbox: [114.38, 36.09, 114.40, 36.11] });
    await c.ready();
    await createFeature(t.db, 'incidents', incident('BB-OUT', [114.2, 36.0]));
    await createFeature(t.db, 'incidents', incident('BB-IN', [114.39, 36.1]));
    await updateFeature(t.db, 'incidents', 'BB-IN', { geometry: { type: 'Point', coordinates: [114.5, 36.2] } });
    const last = await headSeq(t.db);
    await createFeature(t.db, 'incidents', incident('BB-END', [114.39, 36.1]));
    await waitFor(() => c.received.some((x) => x.id === 'BB-END'), 5000, 'the end marker');
    expect(c.received.filter((x) => x.seq <= last).map((x) => `${x.op}:${x.id}`)).toEqual(['upsert:BB-IN', 'delete:BB-IN']);
  });

  it('reports feed figures to operators on /api/health/details and /metrics', async () => {
    const c = client({ layers: ['incidents'] });
    await c.ready();
    const monitor = bearer(await issueTestToken(t.db, 'monitor'));
    const health = (await (await fetch(`${app.url}/api/health/details`, { headers: monitor })).json()) as { live: { clients: number; seq: number } };
    expect(health.live.clients).toBeGreaterThanOrEqual(1);
    expect(health.live.seq).toBe(await headSeq(t.db));
    const metrics = await (await fetch(`${app.url}/metrics`, { headers: monitor })).text();
    expect(metrics).toMatch(/^pingan_live_clients [1-9]/m);
    expect(metrics).toMatch(/^pingan_live_changes_total [1-9]/m);
  });
});
