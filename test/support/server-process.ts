/**
 * A real server process (`node --import tsx server/index.ts`) on a port and a database, for multi-process
 * tests. The PID is the server's own (not an npx wrapper), so kill() really kills it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { TEST_DATASET } from './test-database.ts';

const root = path.resolve(import.meta.dirname, '../..');

export interface ServerProcess {
  url: string;
  readonly pid: number | undefined;
  /** Kills it hard (SIGKILL: no graceful shutdown, as in a crash). */
  kill(): Promise<void>;
  /** Stops it gracefully (SIGTERM). */
  stop(): Promise<void>;
  /** Starts it again on the same port and database. */
  restart(): Promise<void>;
  output(): string;
}

export interface ServerProcessOptions {
  port: number;
  databaseUrl: string;
  env?: Record<string, string>;
  args?: string[];
  readyTimeoutMs?: number;
}

export async function startServerProcess(opts: ServerProcessOptions): Promise<ServerProcess> {
  const url = `http://127.0.0.1:${opts.port}`;
  let child: ChildProcess | undefined;
  let log = '';

  const launch = async () => {
    const c = spawn(process.execPath, ['--import', 'tsx', 'server/index.ts', ...(opts.args ?? [])], {
      cwd: root,
      env: {
        ...process.env,
        PORT: String(opts.port),
        DATABASE_URL: opts.databaseUrl,
        DATA_SEED: String(TEST_DATASET.seed),
        DATA_SCALE: String(TEST_DATASET.scale),
        LOG_LEVEL: process.env.TEST_SERVER_LOG_LEVEL ?? 'warn',
        LIVE_TICK_MS: '100',
        // Writers of their own (lights turn with the clock; grading rewrites every grid): off unless a test asks.
        TIMER_LIGHT_TICK_MS: '0',
        RISK_RECOMPUTE_MINUTES: '0',
        ...opts.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    c.stdout!.on('data', (d: Buffer) => (log += d.toString()));
    c.stderr!.on('data', (d: Buffer) => (log += d.toString()));
    child = c;
    await waitUntilLive(url, c, opts.readyTimeoutMs ?? 90_000, () => log);
  };

  const end = async (signal: NodeJS.Signals) => {
    const c = child;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    const exited = new Promise<void>((r) => c.once('exit', () => r()));
    c.kill(signal);
    await exited;
  };

  await launch();
  return {
    url,
    get pid() {
      return child?.pid;
    },
    kill: () => end('SIGKILL'),
    stop: () => end('SIGTERM'),
    restart: launch,
    output: () => log,
  };
}

/** Waits for /api/health to answer 200 with a running live feed. */
async function waitUntilLive(url: string, child: ChildProcess, timeoutMs: number, log: () => string): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${log()}`);
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.ok) {
        const body = (await res.json()) as { live?: { running?: boolean } };
        if (body.live?.running) return;
      }
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`server at ${url} not ready after ${timeoutMs} ms:\n${log()}`);
}
