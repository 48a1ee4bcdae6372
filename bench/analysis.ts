/**
 * `npm run bench -- analysis`: the planners' analyses on the scale-1 city (90 days, ~135 k incidents) and on the
 * 10× city, each beside an anchor measured in the same run, with the server's event-loop lag (p99) while it runs.
 *   hotspots       GET /api/analysis/hotspots (cellMeters 500, warm study area) vs the bare aggregation SQL of the
 *                  same incidents (count per grid over the window)
 *   grading        runRiskGrading over every grid (measure + grade; a re-run writes only changed grades) vs a bare
 *                  scan of the grids (area + point on surface); and the first grading that writes every grid
 *   coverage       camera coverage of every grid (sector union per grid, scale 1 only: minutes) and response coverage
 *                  (GET /api/analysis/coverage/response) vs a bare grid × camera bbox join count
 *   density        GET /api/analysis/density (kernel density in the worker thread)
 *   warning scans  scanWarnings, as after every grading (hotspot cells on the analysis worker, coverage per street)
 * Targets (issue 12): hotspots over 90 days ≤ 300 ms, grading all grids ≤ 2 s, lag p99 ≤ 20 ms. Own databases
 * (pingan_analysis_bench_s1 / _s10) since the workload adds tables. BENCH_ANALYSIS_SCALES=1 skips the 10× city;
 * BENCH_ANALYSIS_COVERAGE=0 skips the (minutes-long) camera coverage refresh. The server runs in this process and its
 * lag is this thread's; the HTTP client runs on a worker thread (support/off-thread-client.ts). Beside each lag, the lag
 * of an idle Node process measured meanwhile (support/idle-lag-probe.ts): the machine's floor, the lag's anchor.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { openBenchDatabase, benchLog } from './support/bench-database.ts';
import { issueBenchToken } from './support/bench-token.ts';
import { round } from './support/stats.ts';
import { offThreadClient } from './support/off-thread-client.ts';
import { idleLagProbe, type IdleLagProbe, type LagFigures } from './support/idle-lag-probe.ts';
import type { BenchRow } from './support/report.ts';
import type { Database } from '../server/db/core/database.ts';
import { createServer } from '../server/compose.ts';
import { loadConfig } from '../server/config.ts';
import { runRiskGrading } from '../server/db/analysis/risk-run.ts';
import { headSeq } from '../server/db/live/changes-repository.ts';
import { refreshScopeCoverage } from '../server/http/analysis/coverage.ts';
import { scanWarnings } from '../server/db/analysis/warning-scan.ts';
import { createComputePool, hotspotCellsInWorker } from '../server/http/analysis/compute-pool.ts';

const PORT = 9390;

interface Timed {
  median: number;
  lagP99: number;
  lagMax: number;
  /** The idle process's lag meanwhile (the machine's floor; idle-lag-probe.ts), when a probe was given. */
  idle?: LagFigures;
}

async function timed(runs: number, fn: () => Promise<unknown>, probe?: IdleLagProbe): Promise<Timed> {
  const lag = monitorEventLoopDelay({ resolution: 5 });
  const times: number[] = [];
  probe?.start();
  lag.enable();
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  lag.disable();
  const idle = await probe?.stop();
  times.sort((a, b) => a - b);
  return { median: round(times[Math.floor(times.length / 2)]!, 1), lagP99: round(lag.percentile(99) / 1e6, 1), lagMax: round(lag.max / 1e6, 1), idle };
}

/** Waits until the server's live feed has read the change log up to its present head (at most 30 s). */
async function feedCaughtUp(server: { live: { figures(): { seq: number } | null } }, db: Database): Promise<void> {
  const head = await headSeq(db);
  const until = performance.now() + 30_000;
  while ((server.live.figures()?.seq ?? head) < head && performance.now() < until) await new Promise((r) => setTimeout(r, 20));
}

async function benchScale(scale: number): Promise<BenchRow[]> {
  const { db } = await openBenchDatabase(scale, 410500, 'pingan_analysis_bench');
  await db.query('SET jit = off').catch(() => undefined);
  const server = await createServer({ config: loadConfig({ PORT: String(PORT), RISK_RECOMPUTE_MINUTES: '0', LOG_LEVEL: 'warn' }), db, log: benchLog });
  await server.start({ port: PORT, host: '127.0.0.1' });
  const token = await issueBenchToken(db, 'planner', '410500');
  // The client runs on its own thread: its work (undici, the chunks of a 7 MB density answer) is a browser's
  // elsewhere, and on this thread it would count as the server's lag (up to ~50 ms of it).
  const client = offThreadClient();
  const probe = await idleLagProbe();
  const pool = createComputePool(); // the warning scans' worker, as the server's schedule hands them its own
  pool.warm();
  const get = async (path: string) => {
    const res = await client.get(`http://127.0.0.1:${PORT}${path}`, { authorization: `Bearer ${token}` });
    if (res.status !== 200) throw new Error(`${path}: ${res.status} ${res.error}`);
    return res.bytes;
  };
  const rows: BenchRow[] = [];
  const { rows: n } = await db.query<{ n: number }>(`SELECT count(*)::integer AS n FROM incidents WHERE reported_at >= now() - interval '90 days'`);
  const row = (workload: string, r: Timed, anchor: { median: number } | null, target: string) => {
    const line = {
      scale, incidents: n[0]!.n, workload, ms: r.median, anchor_ms: anchor?.median ?? null, ratio: anchor ? round(r.median / Math.max(0.1, anchor.median), 1) : null,
      lag_p99_ms: r.lagP99, lag_max_ms: r.lagMax, idle_lag_p99_ms: r.idle ? round(r.idle.p99, 1) : null, idle_lag_max_ms: r.idle ? round(r.idle.max, 1) : null, target,
    };
    rows.push(line);
    process.stderr.write(`  ${JSON.stringify(line)}\n`); // as it goes: a long run keeps what it measured
  };
  try {
    const aggAnchor = await timed(5, () => db.query(`SELECT grid_code, count(*) FROM incidents WHERE reported_at >= now() - interval '90 days' GROUP BY 1`));
    // A first request of another kind, so that the next row is a first hotspot call (its study area computed) and not
    // the process's first request through the middleware (whose code is compiled then: 10-15 ms of lag on its own).
    await get('/ogc/collections');
    const cold = await timed(1, () => get('/api/analysis/hotspots?cellMeters=500'), probe);
    row('hotspots 90 d (first: study area)', cold, aggAnchor, '');
    row('hotspots 90 d', await timed(5, () => get('/api/analysis/hotspots?cellMeters=500'), probe), aggAnchor, '≤ 300 ms');
    row('emerging 8 × 7 d', await timed(3, () => get('/api/analysis/hotspots/emerging?cellMeters=500'), probe), aggAnchor, '');
    row('density 90 d (worker)', await timed(3, () => get('/api/analysis/density?cellMeters=250&bandwidthMeters=1000'), probe), aggAnchor, '');

    const gridAnchor = await timed(3, () => db.query('SELECT code, ST_Area(geom::geography), ST_PointOnSurface(geom) FROM grids'));
    if (scale === 1 && process.env.BENCH_ANALYSIS_COVERAGE !== '0') {
      const cov = await timed(1, () => refreshScopeCoverage(db, '410500'), probe);
      row('camera coverage, all grids', cov, await timed(1, () => db.query(`SELECT count(*) FROM grids g JOIN cameras c ON c.status = 'ON' AND c.geom && ST_Expand(g.geom, 0.0025)`)), '');
    }
    row('response coverage FIRE 8 min', await timed(3, () => get('/api/analysis/coverage/response?unitType=FIRE_RESCUE&minutes=8'), probe), gridAnchor, '');
    await db.query(`UPDATE grids SET risk_model_version = 'bench-force'`);
    await feedCaughtUp(server, db); // the forcing UPDATE's 6,249 changes are not the grading's: the live feed reads them first
    row('grading, first (writes every grid)', await timed(1, () => runRiskGrading(db, { scope: '410500', trigger: 'request' }), probe), gridAnchor, '');
    row('grading all grids', await timed(3, () => runRiskGrading(db, { scope: '410500', trigger: 'request' }), probe), gridAnchor, '≤ 2 s');
    // The warning scans that follow every grading (emerging hotspots on the analysis worker, coverage per street).
    row('warning scans (after a grading)', await timed(3, () => scanWarnings(db, '410500', hotspotCellsInWorker(pool)), probe), gridAnchor, '');
  } finally {
    await client.close();
    probe.close();
    await pool.close();
    await server.stop();
    await db.close();
  }
  return rows;
}

export async function runAnalysisBench(): Promise<{ rows: BenchRow[]; meta: Record<string, unknown> }> {
  const scales = (process.env.BENCH_ANALYSIS_SCALES ?? '1,10').split(',').map(Number);
  const rows: BenchRow[] = [];
  for (const s of scales) rows.push(...(await benchScale(s)));
  return { rows, meta: { scales, targets: { hotspotsMs: 300, gradingMs: 2000, lagP99Ms: 20 }, note: 'lag = this process (the server) while the workload runs' } };
}
