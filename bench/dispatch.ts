/**
 * Dispatch workload (`npm run bench -- dispatch`): on the scale-1 city (its own database, pingan_dispatch_bench_s1)
 * with the server and the simulator running (speed 10, in its own process as a real feed of positions would be;
 * DISPATCH_BENCH_SIMULATOR=inline runs it inside the server, as `npm start -- --simulate` does):
 *   knn anchor       the bare KNN query (nearest AVAILABLE units of any type, LIMIT 5) on the pool, sent as is and
 *                    prepared (as the recommendation's incident read is; planning costs about as much as the run)
 *   recommendation   recommendUnits as the server answers it: the incident from the database, the units from the
 *                    in-memory index kept current from the change log (db/dispatch/units/unit-index.ts), ETA ranking, coverage cost,
 *                    reasons — server time
 *   recommendation, units from SQL   the same without the index (KNN per type and the peers asked of the database:
 *                    the simulator's way and the fallback)
 *   assignment       assignUnit on a fresh ACCEPTED incident (lock, unit, assignment row, flow log) — server time
 * each path warmed up (BENCH_WARMUP calls, untimed) before its samples;
 * first with the seeded units, then with 10× units (nine jittered copies of each, removed afterwards); the hot tables
 * are vacuumed first (as autovacuum, or the product's own schedule where it is off, keeps them); then 50
 * concurrent dispatchers over HTTP (queue, card, recommendations, assign, unassign) for BENCH_DURATION_S, counting
 * 5xx. Ratios: recommendation p50 / KNN p50, against each anchor. Targets (issue 11): recommendation p50 ≤ 3 ms, p99 ≤ 10 ms, ≤ 2× KNN;
 * assignment p99 ≤ 20 ms; no 5xx.
 */
import pg from 'pg';
import { createServer } from '../server/compose.ts';
import { loadConfig } from '../server/config.ts';
import type { Database } from '../server/db/core/database.ts';
import { openPostgres } from '../server/db/core/postgres.ts';
import { migrate } from '../server/db/core/migrate.ts';
import { loadDataset } from '../server/db/dataset/dataset-loader.ts';
import { recommendUnits } from '../server/db/dispatch/recommendations.ts';
import { assignUnit, unassignUnit } from '../server/db/dispatch/assignments-repository.ts';
import { estimateRouter } from '../server/domain/dispatch/router.ts';
import { createUnitIndex, type UnitIndex } from '../server/db/dispatch/units/unit-index.ts';
import { issueBenchToken } from './support/bench-token.ts';
import { startBenchSimulator } from './support/bench-simulator.ts';
import { benchLog, urlFor } from './support/bench-database.ts';
import type { BenchRow } from './support/report.ts';
import { round, summarise } from './support/stats.ts';

const N = Number(process.env.BENCH_SAMPLES ?? 400);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 200);
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 10);
const DISPATCHERS = 50;
const PORT = 9150;
const ACTOR = { id: null, name: 'bench dispatcher', scope: '410500' };

const DATABASE = 'pingan_dispatch_bench_s1';
const SPEED = 10;
/** DISPATCH_BENCH_SIMULATOR=inline runs the simulator inside the measured server (as `npm start -- --simulate`). */
const SIMULATOR_INLINE = process.env.DISPATCH_BENCH_SIMULATOR === 'inline';

async function openDatabase(): Promise<Database> {
  const name = DATABASE;
  const admin = new pg.Client({ connectionString: urlFor('postgres') });
  await admin.connect();
  if (!(await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount) await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const db = await openPostgres(urlFor(name), benchLog, 24);
  await db.query('CREATE EXTENSION IF NOT EXISTS postgis');
  await migrate(db);
  await loadDataset(db, { seed: 410500, scale: 1 }, () => undefined);
  return db;
}

async function timed(n: number, fn: (i: number) => Promise<unknown>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await fn(i);
    out.push(performance.now() - t0);
  }
  return out;
}

async function scenes(db: Database): Promise<{ id: string; lng: number; lat: number }[]> {
  const { rows } = await db.query<{ id: string; lng: number; lat: number }>(
    `SELECT id, ST_X(geom) AS lng, ST_Y(geom) AS lat FROM incidents WHERE status IN ('REPORTED', 'ACCEPTED', 'DISPATCHED', 'PROCESSING') ORDER BY md5(id) LIMIT 200`,
  );
  return rows;
}

/** Fresh ACCEPTED incidents at the given scenes (for assignments), ids BENCH-<tag>-<i>. */
async function acceptedIncidents(db: Database, tag: string, at: { lng: number; lat: number }[], n: number): Promise<string[]> {
  const ids = Array.from({ length: n }, (_, i) => `BENCH-${tag}-${i}`);
  await db.query(
    `INSERT INTO incidents (id, event_no, title, source, source_label, category, category_label, urgency, urgency_label, scale, scale_label,
       status, status_label, reported_at, deadline, district_code, street_code, community_code, geom, generated)
     SELECT i.id, i.id, '压测', 'HOTLINE_12345', '12345热线', '02', '治安隐患', 'URGENT', '紧急', 'GENERAL', '一般', 'ACCEPTED', '已受理', now(), now() + interval '1 day',
       a.district_code, a.street_code, a.code, ST_SetSRID(ST_MakePoint(i.lng, i.lat), 4326), true
     FROM unnest($1::text[], $2::float8[], $3::float8[]) AS i(id, lng, lat)
     JOIN LATERAL (SELECT code, district_code, street_code FROM admin_units WHERE level = 4 AND ST_Intersects(geom, ST_SetSRID(ST_MakePoint(i.lng, i.lat), 4326)) LIMIT 1) a ON true
     ON CONFLICT (id) DO NOTHING`,
    [ids, ids.map((_, i) => at[i % at.length]!.lng), ids.map((_, i) => at[i % at.length]!.lat)],
  );
  return (await db.query<{ id: string }>(`SELECT id FROM incidents WHERE id = ANY($1::text[]) AND status = 'ACCEPTED'`, [ids])).rows.map((r) => r.id);
}

async function measure(db: Database, index: UnitIndex, label: string): Promise<BenchRow[]> {
  const at = await scenes(db);
  const router = estimateRouter();
  const units = (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM units`)).rows[0]!.n;
  const knnAt = (i: number) => db.query(
    `SELECT id FROM units WHERE status = 'AVAILABLE' ORDER BY geom <-> ST_SetSRID(ST_MakePoint($1, $2), 4326) LIMIT 5`, [at[i % at.length]!.lng, at[i % at.length]!.lat]);
  // The anchor as a server would send it too: prepared once per connection (the recommendation's own read is).
  const knnPreparedAt = (i: number) => db.query(
    `SELECT id FROM units WHERE status = 'AVAILABLE' ORDER BY geom <-> ST_SetSRID(ST_MakePoint($1, $2), 4326) LIMIT 5`, [at[i % at.length]!.lng, at[i % at.length]!.lat],
    { prepare: 'bench-knn-anchor' });
  const recAt = (i: number) => recommendUnits(db, router, at[i % at.length]!.id, '410500', 5, index);
  const recSqlAt = (i: number) => recommendUnits(db, router, at[i % at.length]!.id, '410500', 5);
  // Warm-up (as wrk's): every path runs WARMUP times untimed first, so the samples are of the compiled code and warm
  // connections, as a running server's are, not of the interpreter's first calls. The first call also loads the
  // index (or catches it up with the 10× units).
  for (const run of [knnAt, knnPreparedAt, recAt, recSqlAt]) await timed(WARMUP, run);
  const knn = summarise(await timed(N, knnAt));
  const knnPrepared = summarise(await timed(N, knnPreparedAt));
  const rec = summarise(await timed(N, recAt));
  const recSql = summarise(await timed(N, recSqlAt));
  const incidents = await acceptedIncidents(db, label, at, Math.min(N, 200));
  const picks: { incident: string; unit: string }[] = [];
  const assign = summarise(await timed(incidents.length, async (i) => {
    const best = (await recommendUnits(db, router, incidents[i]!, '410500', 1, index)) ?? [];
    if (!best[0]) return;
    const t0 = performance.now();
    await assignUnit(db, incidents[i]!, { unitId: best[0].unitId }, ACTOR).catch(() => undefined);
    picks.push({ incident: incidents[i]!, unit: best[0].unitId });
    return performance.now() - t0;
  }).then(async () => {
    // time the assignment alone: release and assign again, on the same pairs
    const samples: number[] = [];
    for (const p of picks) {
      await unassignUnit(db, p.incident, p.unit, {}, ACTOR).catch(() => undefined);
      const t0 = performance.now();
      await assignUnit(db, p.incident, { unitId: p.unit }, ACTOR).catch(() => undefined);
      samples.push(performance.now() - t0);
    }
    return samples;
  }));
  for (const p of picks) await unassignUnit(db, p.incident, p.unit, {}, ACTOR).catch(() => undefined);
  const row = (what: string, s: ReturnType<typeof summarise>, extra: BenchRow = {}): BenchRow => ({ units: label, unitRows: units, what, samples: s.count, p50_ms: round(s.p50), p99_ms: round(s.p99), ...extra });
  return [
    row('bare KNN (anchor)', knn),
    row('bare KNN, prepared (anchor)', knnPrepared),
    row('recommendation', rec, { ratio_p50_vs_knn: round(rec.p50 / knn.p50), ratio_p50_vs_prepared_knn: round(rec.p50 / knnPrepared.p50), target: 'p50 ≤ 3, p99 ≤ 10, ≤ 2× KNN' }),
    row('recommendation, units from SQL', recSql, { ratio_p50_vs_knn: round(recSql.p50 / knn.p50), ratio_p50_vs_prepared_knn: round(recSql.p50 / knnPrepared.p50) }),
    row('assignment', assign, { target: 'p99 ≤ 20' }),
  ];
}

/** Nine jittered copies of every unit (~150 m), so the city has 10× units; returns the cleanup. */
async function tenfold(db: Database): Promise<() => Promise<void>> {
  await db.query(
    `INSERT INTO units (id, name, type, type_label, status, status_label, headcount, district_code, street_code, community_code, geom, generated)
     SELECT 'X' || k || '-' || u.id, u.name, u.type, u.type_label, u.status, u.status_label, u.headcount, u.district_code, u.street_code, u.community_code,
       ST_SetSRID(ST_MakePoint(ST_X(u.geom) + (random() - 0.5) * 0.004, ST_Y(u.geom) + (random() - 0.5) * 0.003), 4326), true
     FROM units u CROSS JOIN generate_series(1, 9) AS k WHERE u.id NOT LIKE 'X%'`,
  );
  await db.query('ANALYZE units');
  return async () => {
    await db.query(`DELETE FROM units WHERE id LIKE 'X_-%'`);
    await db.query('VACUUM (ANALYZE) units');
  };
}

/** 50 dispatchers at once over HTTP: queue, card, recommendations, assign the best unit, unassign it. */
async function concurrentDispatchers(db: Database, url: string, token: string): Promise<BenchRow> {
  const incidents = await acceptedIncidents(db, 'C', await scenes(db), DISPATCHERS * 2);
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const statuses = new Map<number, number>();
  const latencies: number[] = [];
  const call = async (method: string, path: string, body?: unknown) => {
    const t0 = performance.now();
    const res = await fetch(url + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    latencies.push(performance.now() - t0);
    statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
    return { status: res.status, body: text ? JSON.parse(text) : null };
  };
  const until = performance.now() + DURATION_S * 1000;
  await Promise.all(Array.from({ length: DISPATCHERS }, async (_, d) => {
    const id = incidents[d % incidents.length]!;
    while (performance.now() < until) {
      await call('GET', '/api/dispatch/queue?limit=50');
      const card = await call('GET', `/api/incidents/${id}`);
      const recs = await call('GET', `/api/incidents/${id}/recommendations`);
      const unit = recs.body?.[0]?.unitId;
      if (!unit || card.status !== 200) continue;
      const a = await call('POST', `/api/incidents/${id}/assignments`, { unitId: unit, version: card.body.incident.properties.version });
      if (a.status === 201) await call('DELETE', `/api/incidents/${id}/assignments/${unit}`);
    }
  }));
  const s = summarise(latencies);
  const fivexx = [...statuses].filter(([k]) => k >= 500).reduce((n, [, v]) => n + v, 0);
  return { units: 'seeded', what: `${DISPATCHERS} concurrent dispatchers (HTTP)`, samples: s.count, p50_ms: round(s.p50), p99_ms: round(s.p99), '5xx': fivexx, statuses: JSON.stringify(Object.fromEntries(statuses)) };
}

export async function runDispatchBench(): Promise<{ rows: BenchRow[]; meta: Record<string, unknown> }> {
  const db = await openDatabase();
  const config = loadConfig({ PORT: String(PORT), LOG_LEVEL: 'warn' });
  const server = await createServer({ config, db, log: benchLog, ...(SIMULATOR_INLINE ? { simulate: { speed: SPEED } } : {}), auth: { writeLimit: { windowMs: 60_000, max: 10_000_000 } } });
  await server.start({ port: PORT, host: '127.0.0.1' });
  const simulator = SIMULATOR_INLINE ? null : await startBenchSimulator({ databaseUrl: urlFor(DATABASE), speed: SPEED });
  const token = await issueBenchToken(db);
  const index = createUnitIndex(db);
  try {
    await db.query(`DELETE FROM incidents WHERE id LIKE 'BENCH-%'`);
    // The state autovacuum keeps (off on the reference machine's server: the product's own VACUUM_MINUTES schedule
    // runs in the server below): earlier runs' dead rows gone; the simulator makes new ones while this runs.
    for (const table of ['units', 'incidents', 'incident_assignments', 'incident_flow_log']) await db.query(`VACUUM (ANALYZE) ${table}`);
    const rows = await measure(db, index, 'seeded');
    const undo = await tenfold(db);
    try {
      rows.push(...(await measure(db, index, '10x')));
    } finally {
      await undo();
    }
    rows.push(await concurrentDispatchers(db, `http://127.0.0.1:${PORT}`, token));
    return { rows, meta: { samples: N, durationS: DURATION_S, dispatchers: DISPATCHERS, simulator: `speed ${SPEED}, ${SIMULATOR_INLINE ? 'in the server' : 'own process'}`, router: 'estimate' } };
  } finally {
    await simulator?.stop();
    await index.stop();
    await server.stop();
    await db.query(`DELETE FROM incidents WHERE id LIKE 'BENCH-%'`).catch(() => undefined);
    await db.close();
  }
}
