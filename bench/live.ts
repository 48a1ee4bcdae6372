/**
 * `npm run bench -- live`: the live feed under load. One real server process (socket.io /live) on the
 * `live_bench` PostGIS database; CLIENTS socket.io clients subscribed to incidents; a writer commits RATE
 * changes a second for SECONDS (UPDATEs of 40 rows per transaction, through the capture trigger). Reports
 * delivered/expected (every client must get every change, once, in order), commit-to-client latency
 * p50/p99 and server CPU; then the same for the anchor: a raw `ws` broadcast of the same batches read the
 * same way (bench/live-ws-anchor.ts). Env: LIVE_BENCH_CLIENTS (500), LIVE_BENCH_RATE (2000), LIVE_BENCH_SECONDS (60).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { io, type Socket } from 'socket.io-client';
import WebSocket from 'ws';
import type { Database } from '../server/db/database.ts';
import { openPostgres } from '../server/db/postgres.ts';
import { migrate } from '../server/db/migrate.ts';
import { headSeq } from '../server/db/changes-repository.ts';
import { createFeature } from '../server/db/features-write-repository.ts';
import type { LiveChange } from '../server/protocol/live.ts';
import { startServerProcess } from '../test/support/server-process.ts';
import { benchLog, urlFor } from './support/bench-database.ts';
import type { BenchRow } from './support/report.ts';
import { round, summarise } from './support/stats.ts';

const CLIENTS = Number(process.env.LIVE_BENCH_CLIENTS ?? 500);
const RATE = Number(process.env.LIVE_BENCH_RATE ?? 2000);
const SECONDS = Number(process.env.LIVE_BENCH_SECONDS ?? 60);
const DATABASE = 'live_bench';
const ROWS = 2000;
const PER_TX = 40; // see bench/live-writer.ts
const LATENCY_EVERY = 10; // latency samples from every 10th client (all its changes)

interface Tally {
  received: number;
  outOfOrder: number;
  lastSeq: number;
  latencies: number[] | null;
}

async function prepareDatabase(): Promise<{ db: Database; url: string }> {
  const admin = new pg.Client({ connectionString: urlFor('postgres') });
  await admin.connect();
  if ((await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE])).rowCount === 0) {
    await admin.query(`CREATE DATABASE "${DATABASE}"`);
  }
  await admin.end();
  const url = urlFor(DATABASE);
  const db = await openPostgres(url, benchLog, 4);
  await migrate(db);
  const { rows } = await db.query<{ n: number }>(`SELECT count(*)::integer AS n FROM incidents WHERE id LIKE 'LB-%'`);
  for (let i = rows[0]!.n; i < ROWS; i++) {
    await createFeature(db, 'incidents', {
      id: `LB-${String(i).padStart(5, '0')}`,
      properties: { title: '压测事件', source: 'HOTLINE_12345', category: '06', urgency: 'NORMAL', scale: 'INDIVIDUAL', district_code: '410502' },
      geometry: { type: 'Point', coordinates: [114.3 + (i % 100) / 500, 36.0 + Math.floor(i / 100) / 500] },
    }, { generated: true });
  }
  return { db, url };
}

/** Runs bench/live-writer.ts in its own process; resolves with the seq window it wrote. */
async function write(url: string): Promise<{ from: number; to: number; written: number; seconds: number }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/live-writer.ts'], {
    env: { ...process.env, DATABASE_URL: url, RATE: String(RATE), SECONDS: String(SECONDS), ROWS: String(ROWS) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  const code = await new Promise<number | null>((r) => child.once('exit', r));
  if (code !== 0) throw new Error(`writer exited with ${code}`);
  return JSON.parse(out.trim().split('\n').pop()!);
}

function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, clock ticks of 10 ms
}

function tallyChanges(t: Tally, changes: readonly LiveChange[], now: number): void {
  for (const c of changes) {
    if (c.seq <= t.lastSeq) {
      t.outOfOrder += 1;
      continue;
    }
    t.lastSeq = c.seq;
    t.received += 1;
    t.latencies?.push(now - Date.parse(c.at));
  }
}

async function waitAll(tallies: Tally[], to: number, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until && tallies.some((t) => t.lastSeq < to)) await new Promise((r) => setTimeout(r, 100));
}

const stage = (s: string) => process.stderr.write(`[live bench] ${s}\n`);

async function measure(name: string, db: Database, url: string, pid: number, connect: (t: Tally) => Promise<() => void>): Promise<BenchRow> {
  const tallies: Tally[] = Array.from({ length: CLIENTS }, (_, i) => ({ received: 0, outOfOrder: 0, lastSeq: 0, latencies: i % LATENCY_EVERY === 0 ? [] : null }));
  const closers: (() => void)[] = [];
  for (let i = 0; i < CLIENTS; i += 50) closers.push(...(await Promise.all(tallies.slice(i, i + 50).map(connect))));
  stage(`${name}: ${CLIENTS} clients connected; writing ${RATE}/s for ${SECONDS} s`);
  const head = await headSeq(db);
  for (const t of tallies) t.lastSeq = Math.max(t.lastSeq, head);
  const cpu0 = cpuSeconds(pid);
  const t0 = performance.now();
  const { from, to, written, seconds } = await write(url);
  stage(`${name}: ${written} changes written; waiting for delivery`);
  await waitAll(tallies, to, 300_000);
  const wall = (performance.now() - t0) / 1000;
  const cpu = cpuSeconds(pid) - cpu0;
  for (const close of closers) close();
  const expected = (to - from) * CLIENTS;
  const delivered = tallies.reduce((s, t) => s + t.received, 0);
  const lat = summarise(tallies.flatMap((t) => t.latencies ?? []));
  const row: BenchRow = {
    transport: name,
    clients: CLIENTS,
    changes: written,
    'changes/s': round(written / seconds, 0),
    expected,
    delivered,
    'delivered %': round((delivered / expected) * 100, 3),
    'out of order': tallies.reduce((s, t) => s + t.outOfOrder, 0),
    'p50 ms': round(lat.p50, 1),
    'p99 ms': round(lat.p99, 1),
    'max ms': round(lat.max, 0),
    'server CPU %': round((cpu / wall) * 100, 0),
  };
  stage(JSON.stringify(row));
  return row;
}

export async function runLiveBench(): Promise<{ rows: BenchRow[]; meta: Record<string, unknown> }> {
  const { db, url } = await prepareDatabase();
  const rows: BenchRow[] = [];
  const server = await startServerProcess({ port: 8140, databaseUrl: url, env: { LOG_LEVEL: 'warn' } });
  try {
    rows.push(
      await measure('socket.io /live', db, url, server.pid!, async (t) => {
        const s: Socket = io(`${server.url}/live`, { transports: ['websocket'] });
        s.on('change', (c: LiveChange) => tallyChanges(t, [c], Date.now()));
        s.on('changes', (cs: LiveChange[]) => tallyChanges(t, cs, Date.now()));
        await new Promise<void>((resolve) => s.emit('subscribe', { layers: ['incidents'] }, () => resolve()));
        return () => s.close();
      }),
    );
  } finally {
    await server.stop();
  }
  const anchor = await startAnchor(url);
  try {
    rows.push(
      await measure('raw ws (anchor)', db, url, anchor.pid!, async (t) => {
        const ws = new WebSocket('ws://127.0.0.1:8141');
        ws.on('message', (data) => tallyChanges(t, JSON.parse(String(data)) as LiveChange[], Date.now()));
        await new Promise<void>((resolve, reject) => ws.once('open', () => resolve()).once('error', reject));
        return () => ws.close();
      }),
    );
  } finally {
    anchor.kill('SIGTERM');
  }
  await db.close();
  return { rows, meta: { loadAverageAtEnd: (await import('node:os')).loadavg(), clients: CLIENTS, rate: RATE, seconds: SECONDS, changesPerTransaction: PER_TX, layer: 'incidents', database: DATABASE } };
}

async function startAnchor(url: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/live-ws-anchor.ts'], {
    env: { ...process.env, PORT: '8141', DATABASE_URL: url },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => String(d).includes('anchor ready') && resolve());
    child.once('exit', (code) => reject(new Error(`anchor exited with ${code}`)));
  });
  return child;
}
