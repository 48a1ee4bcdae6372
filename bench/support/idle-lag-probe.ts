/**
 * The lag anchor of a bench that measures a server's event-loop lag: a second Node process on the same machine that
 * does nothing but keep a lag histogram. Its lag is the machine's own floor at that moment (the time the operating
 * system keeps a waking thread waiting while other processes — the database, the bench's load — hold the cores);
 * the server's lag above it is the server's.
 */
import { spawn, type ChildProcess } from 'node:child_process';

export interface LagFigures {
  p99: number;
  max: number;
}

export interface IdleLagProbe {
  /** Starts a measurement (a fresh histogram). */
  start(): void;
  /** Ends it: the idle process's lag p99 and max (ms) since start(). */
  stop(): Promise<LagFigures>;
  close(): void;
}

// Plain JavaScript for `node -e`: the same histogram as the bench's (monitorEventLoopDelay, 5 ms resolution).
const PROBE_SOURCE = `
const { monitorEventLoopDelay } = require('node:perf_hooks');
const h = monitorEventLoopDelay({ resolution: 5 });
process.on('message', (m) => {
  if (m === 'start') { h.disable(); h.reset(); h.enable(); }
  if (m === 'stop') { h.disable(); process.send({ p99: h.percentile(99) / 1e6, max: h.max / 1e6 }); }
});
process.on('disconnect', () => process.exit(0));`;

export async function idleLagProbe(): Promise<IdleLagProbe> {
  const child: ChildProcess = spawn(process.execPath, ['-e', PROBE_SOURCE], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  await new Promise<void>((resolve, reject) => (child.once('spawn', resolve), child.once('error', reject)));
  const probe: IdleLagProbe = {
    start: () => void child.send('start'),
    stop: () => new Promise((resolve) => {
      child.once('message', (m) => resolve(m as LagFigures));
      child.send('stop');
    }),
    close: () => void child.disconnect(),
  };
  // One measurement thrown away: the process's own start (loading, first compilation) is not the machine's floor.
  probe.start();
  await new Promise((resolve) => setTimeout(resolve, 200));
  await probe.stop();
  return probe;
}
