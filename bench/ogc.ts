/**
 * OGC workload (`npm run bench -- ogc`): our server beside MapServer 8 (FastCGI behind nginx, the same PostGIS
 * tables; bench/support/mapserver.ts) and beside the raw SQL of the same answers (pgbench), all driven by the
 * same `wrk -t2 -c16 -d20s` line after a warm-up, on cameras at BENCH_SCALES (default 1,10):
 *   items     a 1,000-feature bbox page in the city centre
 *   cql2      the same with a CQL2 filter (MapServer 8.0 has no CQL2: n/a)
 *   304       the items page revalidated with If-None-Match (MapServer sends no ETag: n/a)
 *   z14/z12   the MVT tile over the centre, cold (our tile cache off, 64/16 tiles around the centre in
 *             rotation) and warm (the same tile again; MapServer has no tile cache: its one figure is cold)
 * Targets (issue 14): items ≥ 3x MapServer and ≥ 0.95x raw SQL; 304 ≥ 2,000 req/s; warm tiles ≥ 5,000 req/s;
 * a z12 tile over the centre never multi-megabyte at 10x. Ports 9640-9659.
 */
import { execFile, spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createServer, type PinganServer } from '../server/compose.ts';
import { loadConfig } from '../server/config.ts';
import { COLLECTIONS } from '../server/protocol/collections.ts';
import { pageQuery } from '../server/db/features/features-repository.ts';
import { sqlFor } from '../server/db/tiles/tile-encoder-postgis.ts';
import { SqlParams } from '../server/db/features/features-sql.ts';
import { parseItemsQuery } from '../server/http/ogc/ogc-params.ts';
import { tileForLngLat, type TileCoord } from '../server/domain/geo/bbox.ts';
import { benchLog, openBenchDatabase } from './support/bench-database.ts';
import { issueBenchToken } from './support/bench-token.ts';
import { startMapServer, type MapServer } from './support/mapserver.ts';
import type { BenchRow } from './support/report.ts';
import { round } from './support/stats.ts';

const SCALES = (process.env.BENCH_SCALES ?? '1,10').split(',').map(Number);
const DURATION = process.env.BENCH_DURATION ?? '20s';
const WARMUP = '3s';
// --timeout: on a shared machine a request may take over wrk's default 2 s; it then counts as an error, not a zero.
const WRK = ['-t2', '-c16', '--timeout', '10s'];
const PORT = 9640;
const CENTRE: [number, number] = [114.36, 36.1];
const BBOX = '114.3,36.06,114.42,36.14';
const FILTER = "status='ON' AND point_class IN (1,2,3,9)";

interface Rate {
  rps: number;
  errors: number;
}

/**
 * wrk's Requests/sec and non-2xx/3xx + socket errors. Asynchronous: our servers run in this process, and a
 * synchronous spawn would hold their event loop for the whole run (every request then times out: 0 req/s).
 */
async function wrk(url: string, headers: Record<string, string>, script?: string, duration = DURATION): Promise<Rate> {
  const args = [...WRK, `-d${duration}`, '--latency', ...Object.entries(headers).flatMap(([k, v]) => ['-H', `${k}: ${v}`]), ...(script ? ['-s', script] : []), url];
  const out = await new Promise<string>((resolve) => execFile('wrk', args, { encoding: 'utf8', maxBuffer: 1 << 20 }, (_err, stdout) => resolve(stdout ?? '')));
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? NaN);
  const non = Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(out)?.[1] ?? 0);
  const sock = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
  return { rps, errors: non + (sock ? sock.slice(1).map(Number).reduce((a, b) => a + b, 0) : 0) };
}

async function measure(url: string, headers: Record<string, string> = {}, script?: string): Promise<Rate> {
  await wrk(url, headers, script, WARMUP);
  return wrk(url, headers, script);
}

/** pgbench's tps for one SQL statement (parameters written in as literals), same clients and threads. */
function pgbench(databaseUrl: string, dir: string, name: string, sql: string, values: unknown[]): Promise<number> {
  let text = sql;
  for (let i = values.length; i >= 1; i--) {
    const v = values[i - 1];
    const lit = typeof v === 'number' ? String(v) : `'${String(v).replace(/'/g, "''")}'`;
    text = text.split(`$${i}`).join(lit);
  }
  const file = path.join(dir, `${name}.sql`);
  return writeFile(file, `${text.replace(/\s+/g, ' ')};\n`).then(() => {
    const run = (t: string) => spawnSync('pgbench', ['-n', '-c16', '-j2', `-T${t}`, '-f', file, databaseUrl], { encoding: 'utf8' });
    run('3');
    const r = run(DURATION.replace('s', ''));
    const tps = Number(/tps = ([\d.]+)/.exec(r.stdout)?.[1] ?? NaN);
    if (!Number.isFinite(tps)) process.stderr.write(`  pgbench ${name}: ${r.stderr.slice(0, 300)}\n`);
    return tps;
  });
}

/** A Lua script for wrk that walks `tiles` (each connection from its own offset). */
async function rotation(dir: string, name: string, base: TilePath, tiles: TileCoord[], token?: string): Promise<string> {
  const paths = tiles.map((t) => `"${base(t.z, t.x, t.y)}"`);
  const file = path.join(dir, `${name}.lua`);
  await writeFile(
    file,
    `local paths = {${paths.join(',')}}\nlocal i = 0\nfunction init(args) i = math.random(#paths) end\n` +
      `function request() i = i % #paths + 1\n return wrk.format("GET", paths[i]${token ? `, {["Authorization"] = "Bearer ${token}"}` : ''}) end\n`,
  );
  return file;
}
/** From z/x/y to a request path (with its query). */
type TilePath = (z: number, x: number, y: number) => string;

function around(t: TileCoord, half: number): TileCoord[] {
  const out: TileCoord[] = [];
  for (let dx = -half; dx < half; dx++) for (let dy = -half; dy < half; dy++) out.push({ z: t.z, x: t.x + dx, y: t.y + dy });
  return out;
}

async function tileBytes(url: string, headers: Record<string, string>): Promise<number> {
  const r = await fetch(url, { headers });
  return (await r.arrayBuffer()).byteLength;
}

export async function runOgcBench(): Promise<{ rows: BenchRow[]; meta: Record<string, unknown> }> {
  const rows: BenchRow[] = [];
  const dir = await mkdtemp(path.join(tmpdir(), 'ogc-bench-'));
  try {
    for (const scale of SCALES) {
      const { db, url: dbUrl } = await openBenchDatabase(scale, 410500, 'pingan_ogc_bench');
      await db.exec('ANALYZE');
      const servers: PinganServer[] = [];
      let ms: MapServer | undefined;
      try {
        const warm = await createServer({ config: loadConfig({}), db, log: benchLog });
        const cold = await createServer({ config: loadConfig({}), db, log: benchLog, tileCacheBytes: 0 });
        servers.push(warm, cold);
        await warm.start({ port: PORT, host: '127.0.0.1' });
        await cold.start({ port: PORT + 1, host: '127.0.0.1' });
        ms = await startMapServer(dbUrl, PORT + 10);
        const token = await issueBenchToken(db);
        const auth = { authorization: `Bearer ${token}` };
        const ours = `http://127.0.0.1:${PORT}`;
        const items = `${ours}/ogc/collections/cameras/items?bbox=${BBOX}&limit=1000`;
        const cql = `${items}&filter=${encodeURIComponent(FILTER)}`;
        const first = await fetch(items, { headers: auth });
        const etag = first.headers.get('etag') ?? '';
        const page = (await first.json()) as { numberReturned: number; numberMatched: number };
        const { rows: n } = await db.query<{ n: number }>('SELECT count(*)::integer AS n FROM cameras');

        const cameras = COLLECTIONS.cameras;
        const q = parseItemsQuery(cameras, { bbox: BBOX, limit: '1000' });
        const pq = pageQuery(cameras, { ...q, scope: '410500', view: 'full' });
        const fq = parseItemsQuery(cameras, { bbox: BBOX, limit: '1000', filter: FILTER });
        const pf = pageQuery(cameras, { ...fq, scope: '410500', view: 'full' });
        const row = (workload: string, our: Rate | null, msRate: number | null, sqlRate: number | null, extra: Record<string, unknown> = {}): BenchRow => ({
          scale,
          cameras: n[0]!.n,
          workload,
          'ours req/s': our ? round(our.rps, 0) : 'n/a',
          'MapServer req/s': msRate === null ? 'n/a' : round(msRate, 0),
          'raw SQL q/s': sqlRate === null ? 'n/a' : round(sqlRate, 0),
          'ours/MapServer': our && msRate ? round(our.rps / msRate, 2) : 'n/a',
          'ours/SQL': our && sqlRate ? round(our.rps / sqlRate, 2) : 'n/a',
          errors: our?.errors ?? 0,
          ...extra,
        });

        const msItems = `${ms.ogcapi}/collections/cameras/items?f=json&bbox=${BBOX}&limit=1000`;
        const msCheck = await fetch(msItems);
        const msCount = msCheck.ok ? ((await msCheck.json()) as { numberReturned?: number; features?: unknown[] }).features?.length : undefined;
        rows.push(row('items 1,000 bbox', await measure(items, auth), msCheck.ok ? (await measure(msItems)).rps : null, await pgbench(dbUrl, dir, 'items', pq.sql, pq.params.values), { returned: `${page.numberReturned} (MapServer ${msCount ?? 'error'})` }));
        const msCql = await fetch(`${ms.ogcapi}/collections/cameras/items?f=json&bbox=${BBOX}&limit=1000&filter=${encodeURIComponent(FILTER)}`);
        rows.push(row('items + CQL2', await measure(cql, auth), msCql.ok ? (await measure(`${ms.ogcapi}/collections/cameras/items?f=json&bbox=${BBOX}&limit=1000&filter=${encodeURIComponent(FILTER)}`)).rps : null, await pgbench(dbUrl, dir, 'cql', pf.sql, pf.params.values)));
        rows.push(row('304 revalidation', await measure(items, { ...auth, 'if-none-match': etag }), null, null));

        for (const z of [14, 12]) {
          const tile = tileForLngLat(CENTRE[0], CENTRE[1], z);
          const tilePath = (zz: number, x: number, y: number) => `/tiles/cameras/${zz}/${x}/${y}.mvt`;
          const req = { def: cameras, tile, filters: [], scope: '410500', view: 'full' as const };
          const params = new SqlParams();
          const sql = sqlFor(req, 'features', params)!;
          const bytes = await tileBytes(`${ours}${tilePath(z, tile.x, tile.y)}`, auth);
          const ring = around(tile, z === 14 ? 4 : 2);
          const coldScript = await rotation(dir, `cold${z}`, tilePath, ring, token);
          const msScript = await rotation(dir, `ms${z}`, ((zz, x, y) => new URL(ms!.tile(zz, x, y)).pathname + new URL(ms!.tile(zz, x, y)).search) as TilePath, ring);
          const msTile = await fetch(ms.tile(z, tile.x, tile.y));
          const msRate = msTile.ok ? (await measure(`http://127.0.0.1:${PORT + 10}/`, {}, msScript)).rps : null;
          const sqlRate = await pgbench(dbUrl, dir, `tile${z}`, sql, params.values);
          rows.push(row(`z${z} tile cold`, await measure(`http://127.0.0.1:${PORT + 1}/`, {}, coldScript), msRate, sqlRate, { 'tile bytes': bytes }));
          rows.push(row(`z${z} tile warm`, await measure(`${ours}${tilePath(z, tile.x, tile.y)}`, auth), msRate, sqlRate, { 'tile bytes': bytes }));
        }
      } finally {
        await ms?.stop();
        for (const s of servers) await s.stop();
        await db.close();
      }
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return { rows, meta: { wrk: `wrk ${WRK.join(' ')} -d${DURATION} after a ${WARMUP} warm-up`, bbox: BBOX, filter: FILTER, centre: CENTRE } };
}
