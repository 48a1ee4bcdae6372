/**
 * `npm run bench -- live`: the live feed under load. One real server process (socket.io /live, port 8190)
 * on the `live_bench` PostGIS database; CLIENTS socket.io clients subscribed to incidents with a dispatcher
 * token, spread over WORKERS client processes (bench/live-clients.ts); a writer process commits RATE changes
 * a second for SECONDS (UPDATEs of 40 rows per transaction, through the capture trigger). Then the anchor:
 * a raw `ws` broadcast of the same batches read the same way (bench/live-ws-anchor.ts, port 8192).
 *
 * Per run: delivered/expected counted exactly per client and per seq (missing, duplicates, out of order,
 * after a drain window), commit-to-client latency p50/p99 over every delivery, CPU of the server, the
 * client processes, the writer and the whole machine, the server's peak RSS (socket buffers), load average
 * before and after. Client modes (bench/live-clients.ts): per process PARSE browser-like clients that
 * decode everything, 2 scan clients, the rest wire-level frame clients.
 *
 * Env: LIVE_BENCH_CLIENTS (500), LIVE_BENCH_RATE (2000; a list such as 500,1000,2000 runs each),
 * LIVE_BENCH_SECONDS (60), LIVE_BENCH_WORKERS (4), LIVE_BENCH_PARSE (1 per worker; "all" = every client),
 * LIVE_BENCH_TRANSPORTS (socket.io,ws), LIVE_BENCH_DRAIN_S (60), LIVE_BENCH_MAX_RSS_MB (4000),
 * LIVE_BENCH_PROFILE (set: the server writes a V8 CPU profile under bench/results/profiles/).
 */
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import pg from 'pg';
import type { Database } from '../server/db/core/database.ts';
import { openPostgres } from '../server/db/core/postgres.ts';
import { migrate } from '../server/db/core/migrate.ts';
import { headSeq } from '../server/db/live/changes-repository.ts';
import { createFeature } from '../server/db/features/features-write-repository.ts';
import { loadDataset } from '../server/db/dataset/dataset-loader.ts';
import { benchLog, urlFor } from './support/bench-database.ts';
import { issueBenchToken } from './support/bench-token.ts';
import { startBenchServer } from './support/bench-server.ts';
import { cores, load } from './support/proc.ts';
import { RunMonitor, type MonitorFigures } from './support/live-monitor.ts';
import type { BenchRow } from './support/report.ts';
import { round } from './support/stats.ts';
import { addFigures, LatencyHistogram, NO_FIGURES } from './support/live-tally.ts';
import type { ClientsResult, Mode, ParentMessage, Transport } from './live-clients.ts';

const CLIENTS = Number(process.env.LIVE_BENCH_CLIENTS ?? 500);
const RATES = (process.env.LIVE_BENCH_RATE ?? '2000').split(',').map(Number);
const SECONDS = Number(process.env.LIVE_BENCH_SECONDS ?? 60);
const WORKERS = Number(process.env.LIVE_BENCH_WORKERS ?? 4);
const PARSE = process.env.LIVE_BENCH_PARSE ?? '1';
const TRANSPORTS = (process.env.LIVE_BENCH_TRANSPORTS ?? 'socket.io,ws').split(',') as Transport[];
const DRAIN_MS = Number(process.env.LIVE_BENCH_DRAIN_S ?? 60) * 1000;
const MAX_RSS_MB = Number(process.env.LIVE_BENCH_MAX_RSS_MB ?? 4000);
const CLIENT_NODE_FLAGS = (process.env.LIVE_BENCH_CLIENT_FLAGS ?? '').split(' ').filter(Boolean);
const DATABASE = 'live_bench';
const ROWS = 2000;
const PER_TX = 40; // see bench/live-writer.ts
const SERVER_PORT = 8190;
const ANCHOR_PORT = 8192;
/** The server's separate Prometheus address (METRICS_PORT): /metrics there needs no token. */
const METRICS_PORT = 8193;

const stage = (s: string) => process.stderr.write(`[live bench] ${s}\n`);

async function prepareDatabase(): Promise<{ db: Database; url: string }> {
  const admin = new pg.Client({ connectionString: urlFor('postgres') });
  await admin.connect();
  if ((await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE])).rowCount === 0) {
    await admin.query(`CREATE DATABASE "${DATABASE}"`);
    await admin.query(`ALTER DATABASE "${DATABASE}" SET jit = off`);
  }
  await admin.end();
  const url = urlFor(DATABASE);
  const db = await openPostgres(url, benchLog, 4);
  await migrate(db);
  // Start each bench from an empty change log (no server runs yet): runs stay comparable and the database
  // small. pruned_through keeps resume decisions exact, as retention pruning does.
  await db.transaction(async (tx) => {
    await tx.query('UPDATE change_log_state SET pruned_through = GREATEST(pruned_through, (SELECT coalesce(max(seq), 0) FROM change_log))');
    await tx.query('TRUNCATE change_log');
  });
  // The city as the server would load it at its start (its incidents are placed in the admin units, and a write
  // outside every one is refused); loaded once, skipped on later runs
  await loadDataset(db, { seed: 410500, scale: 1 }, () => undefined);
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

interface WriterResult {
  from: number;
  to: number;
  written: number;
  seconds: number;
  cpuSeconds: number;
}

/** Starts bench/live-writer.ts in its own process. */
function startWriter(url: string, rate: number): { child: ChildProcess; done: Promise<WriterResult> } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/live-writer.ts'], {
    env: { ...process.env, DATABASE_URL: url, RATE: String(rate), SECONDS: String(SECONDS), ROWS: String(ROWS) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  const done = new Promise<WriterResult>((resolve, reject) =>
    child.once('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').pop()!)) : reject(new Error(`writer exited with ${code}`)))),
  );
  return { child, done };
}

/** A client process and a typed request/answer over IPC. */
class Workers {
  readonly children: ChildProcess[] = [];

  constructor(n: number) {
    const profile = process.env.LIVE_BENCH_PROFILE ? ['--cpu-prof', '--cpu-prof-dir=bench/results/profiles'] : [];
    const flags = [...CLIENT_NODE_FLAGS, ...profile, '--import', 'tsx'];
    for (let i = 0; i < n; i++) {
      this.children.push(fork('bench/live-clients.ts', [], { execArgv: flags, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }));
    }
  }

  /** Sends one message to each child (or the message built for it) and waits for each child's answer of `answer` type. */
  ask<T>(message: (i: number) => ParentMessage | null, answer: string): Promise<T[]> {
    return Promise.all(
      this.children.map((c, i) => {
        const reply = new Promise<T>((resolve, reject) => {
          const onMessage = (m: { type: string }) => {
            if (m.type !== answer) return;
            c.off('message', onMessage);
            resolve(m as T);
          };
          c.on('message', onMessage);
          c.once('exit', (code) => reject(new Error(`client process exited with ${code}`)));
        });
        const m = message(i);
        if (m) c.send(m);
        return reply;
      }),
    );
  }

  /** Waits for each child's next message of `answer` type. */
  wait<T>(answer: string): Promise<T[]> {
    return this.ask(() => null, answer);
  }

  close(): void {
    for (const c of this.children) if (c.connected) c.send({ type: 'close' } satisfies ParentMessage);
  }
}

/** Client modes of one process: `parse` browser-like clients, 2 scan clients, the rest frame clients. */
function modesFor(count: number): Mode[] {
  if (PARSE === 'all') return Array<Mode>(count).fill('parse');
  const parse = Math.min(count, Number(PARSE));
  const scan = Math.min(count - parse, 2);
  return [...Array<Mode>(parse).fill('parse'), ...Array<Mode>(scan).fill('scan'), ...Array<Mode>(count - parse - scan).fill('frame')];
}

async function expectedSeqs(db: Database, from: number, to: number): Promise<number[]> {
  const { rows } = await db.query<{ seq: string }>(`SELECT seq FROM change_log WHERE seq > $1 AND seq <= $2 AND layer = 'incidents' ORDER BY seq`, [from, to]);
  return rows.map((r) => Number(r.seq));
}

interface Drained {
  drainedMs: number | null;
  cpuSeconds: number;
}

interface Target {
  transport: Transport;
  url: string;
  pid: number;
  token?: string;
  /** The server's /metrics URL (omitted for the anchor). */
  metricsUrl?: string;
}

async function measure(target: Target, db: Database, dbUrl: string, rate: number): Promise<BenchRow> {
  const name = target.transport === 'socket.io' ? 'socket.io /live' : 'raw ws (anchor)';
  const loadBefore = load();
  const workers = new Workers(Math.min(WORKERS, CLIENTS));
  try {
    const per = (i: number) => Math.floor(CLIENTS / workers.children.length) + (i < CLIENTS % workers.children.length ? 1 : 0);
    const connected = await workers.ask<{ ok: number; errors: string[] }>((i) => ({ type: 'connect', transport: target.transport, url: target.url, token: target.token, modes: modesFor(per(i)) }), 'connected');
    const ok = connected.reduce((s, c) => s + c.ok, 0);
    const errors = connected.flatMap((c) => c.errors);
    if (errors.length) stage(`${name}: ${errors.length} clients failed to connect, e.g. ${errors[0]}`);
    if (ok === 0) throw new Error(`${name}: no client connected (${errors[0]})`);
    stage(`${name}: ${ok} clients in ${workers.children.length} processes; writing ${rate}/s for ${SECONDS} s (load ${loadBefore})`);

    const from = await headSeq(db);
    await workers.ask((_i) => ({ type: 'start', from, capacity: rate * SECONDS * 2 + 10_000 }), 'started');
    const writerRef: { child?: ChildProcess } = {};
    let aborted = '';
    const monitor = new RunMonitor({
      pid: target.pid,
      db,
      database: DATABASE,
      metricsUrl: target.metricsUrl,
      maxRssMb: MAX_RSS_MB,
      onAbort: (reason) => {
        aborted = reason;
        stage(`${name}: aborting, ${reason}`);
        writerRef.child?.kill('SIGTERM');
      },
    });
    await monitor.start();
    const writer = startWriter(dbUrl, rate);
    writerRef.child = writer.child;
    let w: WriterResult;
    try {
      w = await writer.done;
    } catch (err) {
      await monitor.stop();
      throw aborted ? new Error(`${name}: ${aborted}`) : err;
    }
    const expected = await expectedSeqs(db, from, w.to);
    stage(`${name}: ${w.written} changes written (${expected.length} records) in ${w.seconds.toFixed(1)} s; draining`);
    const results = workers.wait<ClientsResult>('result');
    const drained = await workers.ask<Drained>(() => ({ type: 'drain', expected, deadlineMs: DRAIN_MS }), 'drained');
    const figures = await monitor.stop();
    const loadAfter = load();
    return toRow({ name, ok, rate, w, expected: expected.length, results: await results, drained, figures, loadBefore, loadAfter });
  } finally {
    workers.close();
  }
}

function toRow(r: {
  name: string; ok: number; rate: number; w: WriterResult; expected: number; results: ClientsResult[]; drained: Drained[];
  figures: MonitorFigures; loadBefore: string; loadAfter: string;
}): BenchRow {
  const all = new LatencyHistogram();
  const browser = new LatencyHistogram();
  let f = NO_FIGURES;
  for (const res of r.results) {
    all.addPairs(res.latency);
    browser.addPairs(res.parseLatency);
    for (const m of Object.values(res.byMode)) f = addFigures(f, m);
  }
  const expected = r.expected * r.ok;
  const drained = r.drained.map((x) => x.drainedMs);
  const m = r.figures;
  const pct = (s: number) => round((s / m.wallSeconds) * 100, 0);
  const row: BenchRow = {
    transport: r.name,
    clients: r.ok,
    'rate target': r.rate,
    'changes/s': round(r.w.written / r.w.seconds, 0),
    expected,
    delivered: f.delivered,
    'delivered %': round((f.delivered / expected) * 100, 3),
    missing: f.missing,
    duplicates: f.duplicates,
    'out of order': f.outOfOrder,
    unverified: r.results.reduce((s, x) => s + x.unverified, 0),
    unreadable: r.results.reduce((s, x) => s + x.unreadable, 0),
    disconnects: r.results.reduce((s, x) => s + x.disconnects.length, 0),
    'CPU window s': round(m.wallSeconds, 1),
    'server µs/delivery': round((m.targetCpuSeconds / f.delivered) * 1e6, 2),
    'clients µs/delivery': round((r.drained.reduce((s, d) => s + d.cpuSeconds, 0) / f.delivered) * 1e6, 2),
    'p50 ms': all.percentile(50),
    'p99 ms': all.percentile(99),
    'max ms': all.max(),
    'browser p50/p99 ms': `${browser.percentile(50)}/${browser.percentile(99)}`,
    'drained s': drained.every((d) => d !== null) ? round(Math.max(...(drained as number[])) / 1000, 1) : 'no',
    'server CPU %': pct(m.targetCpuSeconds),
    'clients CPU %': pct(r.drained.reduce((s, d) => s + d.cpuSeconds, 0)),
    'writer CPU %': pct(r.w.cpuSeconds),
    'postgres CPU %': pct(m.postgresCpuSeconds),
    'machine CPU %': round(m.machineCpuPct, 0),
    'server max RSS MB': Math.round(m.maxRssMb),
    'feed max behind': m.maxBehind,
    'feed read lag p99 ms': m.maxReadLagP99Ms,
    'client loop p99 ms': round(Math.max(...r.results.map((x) => x.eventLoopP99Ms)), 0),
    'load before': r.loadBefore,
    'load after': r.loadAfter,
  };
  const reasons = [...new Set(r.results.flatMap((x) => x.disconnects))];
  if (reasons.length) stage(`${r.name}: disconnects: ${reasons.join('; ')}`);
  stage(JSON.stringify(row));
  return row;
}

export async function runLiveBench(): Promise<{ rows: BenchRow[]; meta: Record<string, unknown> }> {
  const uptimeBefore = execFileSync('uptime').toString().trim();
  const { db, url } = await prepareDatabase();
  const token = await issueBenchToken(db);
  const rows: BenchRow[] = [];
  if (TRANSPORTS.includes('socket.io')) {
    const nodeArgs = process.env.LIVE_BENCH_PROFILE ? ['--cpu-prof', '--cpu-prof-dir=bench/results/profiles'] : [];
    const server = await startBenchServer({ port: SERVER_PORT, databaseUrl: url, nodeArgs, env: { DATA_SEED: '410500', DATA_SCALE: '0.05', LIVE_TICK_MS: '100', METRICS_PORT: String(METRICS_PORT) } });
    try {
      for (const rate of RATES) rows.push(await measure({ transport: 'socket.io', url: server.url, pid: server.pid, token, metricsUrl: `http://127.0.0.1:${METRICS_PORT}/metrics` }, db, url, rate));
    } finally {
      await server.stop();
    }
  }
  if (TRANSPORTS.includes('ws')) {
    const anchor = await startAnchor(url);
    try {
      for (const rate of RATES) rows.push(await measure({ transport: 'ws', url: `ws://127.0.0.1:${ANCHOR_PORT}`, pid: anchor.pid! }, db, url, rate));
    } finally {
      anchor.kill('SIGTERM');
    }
  }
  await db.close();
  const meta = {
    uptimeBefore,
    uptimeAfter: execFileSync('uptime').toString().trim(),
    cores: cores(),
    clients: CLIENTS,
    workers: WORKERS,
    parseClientsPerWorker: PARSE,
    rates: RATES,
    seconds: SECONDS,
    changesPerTransaction: PER_TX,
    layer: 'incidents',
    database: DATABASE,
  };
  return { rows, meta };
}

async function startAnchor(url: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/live-ws-anchor.ts'], {
    env: { ...process.env, PORT: String(ANCHOR_PORT), DATABASE_URL: url },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => String(d).includes('anchor ready') && resolve());
    child.once('exit', (code) => reject(new Error(`anchor exited with ${code}`)));
  });
  return child;
}
