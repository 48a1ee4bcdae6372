/**
 * One lazily started worker thread for the analyses' CPU-heavy steps (compute-worker.ts), so the event loop keeps
 * answering and pushing while, e.g., a kernel density runs. Requests queue in the worker; the thread is unref'd
 * (never keeps the process alive) and restarted after a crash.
 */
import { Worker } from 'node:worker_threads';
import type { DensityCell, SquareCount } from '../../domain/analysis/kernel-density.ts';

export interface ComputePool {
  density(points: readonly SquareCount[], cell: number, bandwidth: number, minDensity: number): Promise<DensityCell[]>;
  close(): Promise<void>;
}

export function createComputePool(): ComputePool {
  let worker: Worker | null = null;
  let seq = 0;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  const failAll = (err: Error) => {
    for (const p of pending.values()) p.reject(err);
    pending.clear();
    worker = null;
  };
  const get = () => {
    if (worker) return worker;
    const w = new Worker(new URL('./compute-worker-boot.mjs', import.meta.url));
    w.unref();
    w.on('message', (m: { id: number; result?: unknown; error?: string }) => {
      const p = pending.get(m.id);
      pending.delete(m.id);
      if (m.error !== undefined) p?.reject(new Error(m.error));
      else p?.resolve(m.result);
    });
    w.on('error', (err) => failAll(err));
    w.on('exit', (code) => code !== 0 && failAll(new Error(`analysis worker exited with code ${code}`)));
    return (worker = w);
  };
  const call = <T>(op: string, args: unknown[]) =>
    new Promise<T>((resolve, reject) => {
      const id = ++seq;
      pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      get().postMessage({ id, op, args });
    });
  return {
    density: (points, cell, bandwidth, minDensity) => call<DensityCell[]>('density', [points, cell, bandwidth, minDensity]),
    async close() {
      const w = worker;
      worker = null;
      if (w) await w.terminate();
    },
  };
}
