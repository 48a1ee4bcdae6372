/**
 * Viewport workload: OGC items on `cameras` for a city-centre view and for the whole city, at scale 1 and 10,
 * through the real HTTP app (autocannon, keep-alive) beside the same SQL run directly on the pool.
 * The figure is the ratio HTTP p50 / SQL p50 (what the API adds on top of PostGIS).
 */
import autocannon from 'autocannon';
import { createServer } from '../server/compose.ts';
import { loadConfig } from '../server/config.ts';
import type { Database } from '../server/db/core/database.ts';
import { pageQuery } from '../server/db/features/features-repository.ts';
import { issueBenchToken } from './support/bench-token.ts';
import { COLLECTIONS } from '../server/protocol/collections.ts';
import type { Bbox } from '../server/domain/geo/bbox.ts';
import { benchLog, openBenchDatabase } from './support/bench-database.ts';
import type { BenchRow } from './support/report.ts';
import { round, summarise } from './support/stats.ts';

const VIEWS: Record<string, Bbox> = {
  'city-centre': [114.3, 36.06, 114.42, 36.14],
  'whole-city': [113.6, 35.2, 115.5, 36.4],
};
const SCALES = (process.env.BENCH_SCALES ?? '1,10').split(',').map(Number);
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 8);
const LIMIT = 1000;

async function http(url: string, token: string): Promise<{ p50: number; p99: number; rps: number; errors: number }> {
  const r = await autocannon({ url, connections: CONNECTIONS, duration: DURATION_S, pipelining: 1, headers: { authorization: `Bearer ${token}` } });
  return { p50: r.latency.p50, p99: r.latency.p99, rps: r.requests.average, errors: r.errors + r.non2xx };
}

/** The page query of server/db/features/features-repository.ts (pageQuery), run on the pool with the same concurrency. */
async function rawSql(db: Database, bbox: Bbox): Promise<{ p50: number; p99: number; rps: number }> {
  const { sql, params } = pageQuery(COLLECTIONS.cameras, { bbox, filters: [], limit: LIMIT, offset: 0, scope: '410500' });
  const samples: number[] = [];
  const until = performance.now() + DURATION_S * 1000;
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (performance.now() < until) {
        const t0 = performance.now();
        await db.query(sql, params.values);
        samples.push(performance.now() - t0);
      }
    }),
  );
  const s = summarise(samples);
  return { p50: s.p50, p99: s.p99, rps: samples.length / DURATION_S };
}

export async function runViewportBench(): Promise<{ rows: BenchRow[]; meta: Record<string, unknown> }> {
  const rows: BenchRow[] = [];
  for (const scale of SCALES) {
    const { db } = await openBenchDatabase(scale);
    const server = await createServer({ config: loadConfig({}), db, log: benchLog });
    const { port } = await server.start({ port: 0, host: '127.0.0.1' });
    const token = await issueBenchToken(db);
    const { rows: c } = await db.query<{ n: number }>('SELECT count(*)::integer AS n FROM cameras');
    for (const [view, bbox] of Object.entries(VIEWS)) {
      const url = `http://127.0.0.1:${port}/ogc/collections/cameras/items?bbox=${bbox.join(',')}&limit=${LIMIT}`;
      const h = await http(url, token);
      const s = await rawSql(db, bbox);
      rows.push({
        scale,
        cameras: c[0]!.n,
        view,
        'http p50 ms': round(h.p50, 1),
        'http p99 ms': round(h.p99, 1),
        'http req/s': round(h.rps, 1),
        'sql p50 ms': round(s.p50, 1),
        'sql p99 ms': round(s.p99, 1),
        'sql q/s': round(s.rps, 1),
        'p50 ratio http/sql': round(h.p50 / s.p50, 2),
        errors: h.errors,
      });
    }
    await server.stop();
    await db.close();
  }
  return { rows, meta: { durationS: DURATION_S, connections: CONNECTIONS, limit: LIMIT, views: VIEWS } };
}
