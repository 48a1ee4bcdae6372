/**
 * The real server (`node --import tsx server/index.ts`) as a child process for benchmarks, with the bench's
 * own node flags (e.g. --cpu-prof) — NODE_OPTIONS refuses those. Waits until /api/health reports a running
 * live feed; stop() ends it with SIGTERM (graceful: a CPU profile is written on exit).
 */
import { spawn, type ChildProcess } from 'node:child_process';

export interface BenchServer {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

export async function startBenchServer(opts: { port: number; databaseUrl: string; env?: Record<string, string>; nodeArgs?: string[] }): Promise<BenchServer> {
  const url = `http://127.0.0.1:${opts.port}`;
  const child: ChildProcess = spawn(process.execPath, [...(opts.nodeArgs ?? []), '--import', 'tsx', 'server/index.ts'], {
    env: { ...process.env, PORT: String(opts.port), DATABASE_URL: opts.databaseUrl, LOG_LEVEL: 'warn', ...opts.env },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const until = Date.now() + 180_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    if (Date.now() > until) {
      child.kill('SIGTERM'); // not left behind holding the port and the database
      await exited;
      throw new Error(`server at ${url} not ready after 180 s`);
    }
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.ok && ((await res.json()) as { live?: { running?: boolean } }).live?.running) break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    url,
    pid: child.pid!,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
