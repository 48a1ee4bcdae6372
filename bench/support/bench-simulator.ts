/**
 * The simulator (`npm run simulate`, server/simulator/cli.ts) as a child process for benchmarks: the city's units
 * and incidents move in their own process, as a real feed of positions and reports would, instead of on the
 * measured server's event loop. Resolves once the simulator says it runs; stop() ends it with SIGTERM.
 */
import { spawn, type ChildProcess } from 'node:child_process';

export interface BenchSimulator {
  pid: number;
  stop(): Promise<void>;
}

/** The line the simulator's CLI logs once it has loaded the city and started (server/simulator/cli.ts). */
const RUNNING = 'simulator running';

export async function startBenchSimulator(opts: { databaseUrl: string; speed: number }): Promise<BenchSimulator> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'server/simulator/cli.ts', '--speed', String(opts.speed)], {
    env: { ...process.env, DATABASE_URL: opts.databaseUrl, LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  await new Promise<void>((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error('simulator not running after 120 s')), 120_000);
    const onData = (d: Buffer) => {
      seen = (seen + d.toString()).slice(-4096);
      if (!seen.includes(RUNNING)) return;
      clearTimeout(timer);
      child.stdout!.off('data', onData);
      child.stdout!.resume(); // its periodic counts are read and dropped
      resolve();
    };
    child.stdout!.on('data', onData);
    child.once('exit', (code) => (clearTimeout(timer), reject(new Error(`simulator exited with ${code}`))));
  });
  return {
    pid: child.pid!,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
