/**
 * The OSRM-compatible Router (ROUTER_URL) against a small local HTTP service that speaks the table API: road
 * distances at the unit type's speed; the estimate when the service is down, answers an error, or is slower than
 * the timeout; no second try during the back-off.
 */
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { osrmRouter } from '../../server/services/dispatch/osrm-router.ts';
import { estimateLeg } from '../../server/domain/dispatch/router.ts';
import { createLogger } from '../../server/logger.ts';

const PORT = 9120;
const log = createLogger('silent');
let server: Server;
let mode: 'ok' | 'error' | 'slow' | 'no-route' = 'ok';
const seen: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push(req.url ?? '');
    const url = new URL(req.url ?? '/', 'http://x');
    const coords = url.pathname.split('/').pop()!.split(';');
    const n = coords.length - 1;
    if (mode === 'error') return void res.writeHead(500).end('down');
    const answer = () => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({
        code: 'Ok',
        distances: Array.from({ length: n }, (_, i) => [mode === 'no-route' && i === 0 ? null : 1000 * (i + 1)]),
        durations: Array.from({ length: n }, (_, i) => [60 * (i + 1)]),
      }));
    };
    if (mode === 'slow') setTimeout(answer, 500);
    else answer();
  });
  await new Promise<void>((r) => server.listen(PORT, '127.0.0.1', r));
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const origins = [
  { position: [114.39, 36.1] as const, unitType: 'POLICE_PATROL' as const, straightMeters: 500 },
  { position: [114.4, 36.1] as const, unitType: 'GRID_WORKER' as const, straightMeters: 900 },
];
const scene = [114.3925, 36.0975] as const;

describe('OSRM router', () => {
  it('asks the table service once for all candidates and takes its road distances at each type\'s speed', async () => {
    mode = 'ok';
    seen.length = 0;
    const r = osrmRouter({ url: `http://127.0.0.1:${PORT}/`, timeoutMs: 5000, log });
    const legs = await r.legs(origins, scene);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toBe('/table/v1/driving/114.392500,36.097500;114.390000,36.100000;114.400000,36.100000?sources=1;2&destinations=0&annotations=distance,duration');
    expect(legs).toEqual([
      { distanceMeters: 1000, etaSeconds: 1000 / (40 / 3.6), source: 'router' },
      { distanceMeters: 2000, etaSeconds: 2000 / (15 / 3.6), source: 'router' },
    ]);
  });

  it('falls back to the estimate for a leg it cannot route', async () => {
    mode = 'no-route';
    const legs = await osrmRouter({ url: `http://127.0.0.1:${PORT}`, timeoutMs: 5000, log }).legs(origins, scene);
    expect(legs[0]).toEqual(estimateLeg(500, 'POLICE_PATROL'));
    expect(legs[1]!.source).toBe('router');
  });

  for (const m of ['error', 'slow'] as const) {
    it(`answers the estimate when the service ${m === 'error' ? 'fails' : 'is slower than the timeout'}, and leaves it alone for the back-off`, async () => {
      mode = m;
      const r = osrmRouter({ url: `http://127.0.0.1:${PORT}`, timeoutMs: 100, backoffMs: 60_000, log });
      expect(await r.legs(origins, scene)).toEqual(origins.map((o) => estimateLeg(o.straightMeters, o.unitType)));
      seen.length = 0;
      mode = 'ok';
      expect(await r.legs(origins, scene)).toEqual(origins.map((o) => estimateLeg(o.straightMeters, o.unitType)));
      expect(seen).toHaveLength(0);
      expect(r.failures).toBe(1);
    });
  }

  it('answers the estimate when nothing listens at ROUTER_URL', async () => {
    const r = osrmRouter({ url: 'http://127.0.0.1:9121', timeoutMs: 5000, log });
    expect((await r.legs(origins, scene)).every((l) => l.source === 'estimate')).toBe(true);
  });
});
