/**
 * The analysis worker thread: CPU-heavy pure computations (kernel density) off the event loop. Messages in:
 * { id, op: 'density', args }; out: { id, result } or { id, error }.
 */
import { parentPort } from 'node:worker_threads';
import { kernelDensity } from '../../domain/analysis/kernel-density.ts';

type Request = { id: number; op: 'density'; args: Parameters<typeof kernelDensity> };

parentPort!.on('message', (m: Request) => {
  try {
    if (m.op !== 'density') throw new Error(`unknown op ${String(m.op)}`);
    parentPort!.postMessage({ id: m.id, result: kernelDensity(...m.args) });
  } catch (err) {
    parentPort!.postMessage({ id: m.id, error: (err as Error).message });
  }
});
