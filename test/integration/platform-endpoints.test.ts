/**
 * What anonymous callers and operators see of the platform endpoints (issues 9 §5, 10 "Public endpoints that say
 * too much"): /api/health is liveness/readiness only — no counts, no change sequence — for everyone; layer counts
 * are GET /api/counts, signed in and scoped to the jurisdiction; /metrics and /api/health/details need
 * metrics:read (admin, monitor tokens) or the separate METRICS_PORT address.
 */
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, testLog, type TestDatabase } from '../support/test-database.ts';
import { startLiveApp, type LiveApp } from '../support/live-app.ts';
import { bearer, issueTestToken } from '../support/test-tokens.ts';
import { headSeq } from '../../server/db/live/changes-repository.ts';
import { createApp } from '../../server/app.ts';
import { loadConfig } from '../../server/config.ts';
import { Readiness } from '../../server/readiness.ts';
import { createMetricsRegistry } from '../../server/http/platform/metrics.ts';
import { startMetricsListener } from '../../server/http/platform/metrics-listener.ts';
import { COLLECTION_IDS } from '../../server/protocol/collections.ts';
import type { LayerCountsBody } from '../../server/protocol/platform.ts';

const PORT = 4381;
const PUBLIC_PORT = 4382;
const METRICS_PORT = 4383;
let t: TestDatabase;
let app: LiveApp;
const tokens = {} as Record<'cityDispatcher' | 'wenfengViewer' | 'beiguanViewer' | 'monitor' | 'cityViewer', string>;

beforeAll(async () => {
  t = await openTestDatabase();
  app = await startLiveApp(t.db, PORT);
  tokens.cityDispatcher = app.token;
  tokens.cityViewer = await issueTestToken(t.db, 'viewer', '410500');
  tokens.wenfengViewer = await issueTestToken(t.db, 'viewer', '410502'); // 文峰区
  tokens.beiguanViewer = await issueTestToken(t.db, 'viewer', '410503'); // 北关区
  tokens.monitor = await issueTestToken(t.db, 'monitor', '410500');
}, 300_000);
afterAll(async () => {
  await app?.close();
  await t?.dispose();
});

const get = (path: string, token?: string) => fetch(`${app.url}${path}`, { headers: token ? bearer(token) : {} });
const counts = async (token: string) => {
  const res = await get('/api/counts', token);
  expect(res.status).toBe(200);
  return (await res.json()) as LayerCountsBody;
};

describe('GET /api/health', () => {
  it('tells an anonymous caller only that the server is up: no counts, no change sequence', async () => {
    const res = await get('/api/health');
    expect(res.status).toBe(200);
    const text = await res.text();
    const body = JSON.parse(text) as Record<string, unknown>;
    expect(body).toEqual({ status: 'ok', startedAt: expect.any(String), readyAt: expect.any(String), live: { running: true } });
    expect(text).not.toMatch(/counts|seq|clients|postgis/i);
  });

  it('answers a signed-in caller the same (the figures are elsewhere)', async () => {
    const body = (await (await get('/api/health', tokens.cityDispatcher)).json()) as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual(['live', 'readyAt', 'startedAt', 'status']);
  });

  it('keeps the live figures and the database identity for operators (metrics:read)', async () => {
    expect((await get('/api/health/details')).status).toBe(401);
    expect((await get('/api/health/details', tokens.cityDispatcher)).status).toBe(403);
    const res = await get('/api/health/details', tokens.monitor);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { status: string; database: { kind: string; postgis: string; reachable: boolean }; live: { seq: number; running: boolean } };
    expect(body.status).toBe('ok');
    expect(body.database).toMatchObject({ kind: t.kind, reachable: true });
    expect(body.database.postgis).toMatch(/^3\./);
    expect(body.live.running).toBe(true);
    expect(body.live.seq).toBeLessThanOrEqual(await headSeq(t.db));
  });
});

describe('GET /api/counts', () => {
  it('refuses anonymous callers and roles without layers:read', async () => {
    const anon = await get('/api/counts');
    expect(anon.status).toBe(401);
    expect(((await anon.json()) as { error: { code: string } }).error.code).toBe('UNAUTHENTICATED');
    expect((await get('/api/counts', tokens.monitor)).status).toBe(403);
  });

  it('counts every layer city-wide for a city principal, exactly as the OGC API matches them', async () => {
    const city = await counts(tokens.cityDispatcher);
    expect(Object.keys(city.counts).sort()).toEqual([...COLLECTION_IDS].sort());
    expect(city).toMatchObject({ exact: true, scope: '410500' });
    expect(Date.parse(city.at)).not.toBeNaN();
    for (const id of ['incidents', 'cameras', 'districts'] as const) {
      const page = (await (await get(`/ogc/collections/${id}/items?limit=1`, tokens.cityDispatcher)).json()) as { numberMatched: number };
      expect(city.counts[id], id).toBe(page.numberMatched);
      expect(city.counts[id], id).toBeGreaterThan(0);
    }
  });

  it('scopes the counts to the jurisdiction: a 文峰区 viewer sees fewer than the city, and only 文峰区', async () => {
    const city = await counts(tokens.cityViewer);
    const wenfeng = await counts(tokens.wenfengViewer);
    const beiguan = await counts(tokens.beiguanViewer);
    expect(wenfeng.scope).toBe('410502');
    for (const id of ['incidents', 'cameras', 'rental-housing', 'streets'] as const) {
      expect(wenfeng.counts[id], id).toBeGreaterThan(0);
      expect(wenfeng.counts[id]!, id).toBeLessThan(city.counts[id]!);
      expect(wenfeng.counts[id]! + beiguan.counts[id]!, id).toBeLessThanOrEqual(city.counts[id]!);
      const page = (await (await get(`/ogc/collections/${id}/items?limit=1`, tokens.wenfengViewer)).json()) as { numberMatched: number };
      expect(wenfeng.counts[id], id).toBe(page.numberMatched);
    }
    expect(wenfeng.counts.districts).toBe(1);
  });

  it('is refused with the map while the server is loading (health then says why only to operators), and open to anonymous callers only where reads are public (incidents only with incidents:read)', async () => {
    const readiness = new Readiness();
    const { httpServer } = createApp({ config: loadConfig({ PUBLIC_PERMISSIONS: 'layers:read' }), db: t.db, log: testLog, readiness });
    await new Promise<void>((r) => httpServer.listen(PUBLIC_PORT, '127.0.0.1', () => r()));
    try {
      const url = `http://127.0.0.1:${PUBLIC_PORT}`;
      expect((await fetch(`${url}/api/counts`)).status).toBe(503);
      const loading = (await (await fetch(`${url}/api/health`)).json()) as Record<string, unknown>;
      expect(loading).toMatchObject({ status: 'starting', progress: 0 });
      // Why a start failed (database error text, hosts, users) is for the log and the operators' details only.
      readiness.fail('password authentication failed for user "pingan" at 10.0.0.5');
      const failed = await fetch(`${url}/api/health`);
      expect(failed.status).toBe(503);
      const failedText = await failed.text();
      expect(JSON.parse(failedText)).toMatchObject({ status: 'failed' });
      expect(failedText).not.toMatch(/password|pingan|10\.0\.0\.5/);
      readiness.set('ready');
      const res = await fetch(`${url}/api/counts`);
      expect(res.status).toBe(200);
      const body = (await res.json()) as LayerCountsBody;
      expect(body.scope).toBe('410500');
      expect(body.counts.incidents).toBeUndefined();
      expect(body.counts.cameras).toBeGreaterThan(0);
    } finally {
      httpServer.closeAllConnections();
      await new Promise<void>((r) => httpServer.close(() => r()));
    }
  });
});

describe('/metrics', () => {
  it('is refused anonymously and to roles without metrics:read, in Prometheus format for a monitor token', async () => {
    const anon = await get('/metrics');
    expect(anon.status).toBe(401);
    expect((await get('/metrics', tokens.cityDispatcher)).status).toBe(403);
    const res = await get('/metrics', tokens.monitor);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await res.text()).toMatch(/^pingan_live_clients \d/m);
  });

  it('answers without credentials on the separate METRICS_PORT address, and nothing else there', async () => {
    const config = loadConfig({ METRICS_PORT: String(METRICS_PORT) });
    expect(config).toMatchObject({ METRICS_PORT, METRICS_HOST: '127.0.0.1' });
    const registry = createMetricsRegistry();
    const server: Server = await startMetricsListener({ registry, host: config.METRICS_HOST, port: METRICS_PORT, log: testLog });
    try {
      const res = await fetch(`http://127.0.0.1:${METRICS_PORT}/metrics`);
      expect(res.status).toBe(200);
      expect(await res.text()).toMatch(/^pingan_process_cpu_seconds_total /m);
      expect((await fetch(`http://127.0.0.1:${METRICS_PORT}/api/health`)).status).toBe(404);
      expect((await fetch(`http://127.0.0.1:${METRICS_PORT}/metrics`, { method: 'POST' })).status).toBe(404);
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
    expect(() => loadConfig({ METRICS_PORT: 'nine' })).toThrow(/METRICS_PORT/);
  });
});
