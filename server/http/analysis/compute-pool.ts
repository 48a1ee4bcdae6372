/**
 * One lazily started worker thread for the analyses' CPU-heavy steps (compute-worker.ts runs ANALYSIS_OPS of
 * analysis-results.ts: the statistic, the result collection and its encoding), so the event loop keeps answering
 * and pushing while, e.g., a city-wide Gi* or a kernel density runs. Requests queue in the worker; the thread is
 * unref'd (never keeps the process alive) and restarted after a crash. The answer's bytes come back transferred,
 * not copied.
 */
import { Worker } from 'node:worker_threads';
import { packCells, packCounts, type AnalysisOps } from './analysis-results.ts';
import type { Axial } from '../../domain/analysis/hex-lattice.ts';
import type { HotspotCellFinder } from '../../db/analysis/warning-scan.ts';

export interface ComputePool {
  run<K extends keyof AnalysisOps>(op: K, input: Parameters<AnalysisOps[K]>[0]): Promise<ReturnType<AnalysisOps[K]>>;
  /**
   * Starts the worker and runs a city-sized synthetic hotspot analysis a few times in it, in the background, so
   * that the first planner does not pay for loading the modules and compiling the statistics (~300 ms cold).
   */
  warm(): void;
  close(): Promise<void>;
}

const WARM_RUNS = 4;

/** A lattice of ~11,000 cells with counts, about the size of the city's 500 m hexagons (pure data). */
function warmUpInput(): Parameters<AnalysisOps['hotspots']>[0] {
  const area: Axial[] = [];
  for (let r = -55; r < 55; r++) for (let q = -50 - Math.floor(r / 2); q < 50 - Math.floor(r / 2); q++) area.push([q, r]);
  const counts = area.map(([q, r], i) => ({ q, r, count: (i * 7919) % 37 }));
  const now = new Date();
  return { sel: { scope: '410500', categories: [], from: now, to: now, cellMeters: 500 }, fdr: true, area: packCells(area), counts: packCounts(counts), format: 'geojson' };
}

/** The warning scan's hotspot cells (server/db/analysis/warning-scan.ts) found on the pool's worker. */
export function hotspotCellsInWorker(pool: ComputePool): HotspotCellFinder {
  return (input) => pool.run('hotspotWarningCells', input);
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
      else p?.resolve(m.result!);
    });
    w.on('error', (err) => failAll(err));
    w.on('exit', (code) => code !== 0 && failAll(new Error(`analysis worker exited with code ${code}`)));
    return (worker = w);
  };
  return {
    run: (op, input) =>
      new Promise((resolve, reject) => {
        const id = ++seq;
        pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
        get().postMessage({ id, op, input });
      }),
    warm() {
      for (let i = 0; i < WARM_RUNS; i++) this.run('hotspots', warmUpInput()).catch(() => undefined);
    },
    async close() {
      const w = worker;
      worker = null;
      if (w) await w.terminate();
    },
  };
}
