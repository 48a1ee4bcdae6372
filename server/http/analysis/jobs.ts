/**
 * Long analyses as jobs (risk grading; the coverage refresh): one at a time per kind and scope, with progress a
 * client follows without polling — GET /api/analysis/jobs/{id}/events is a Server-Sent Events stream of
 * `progress` events ending with `done` or `failed`; GET /api/analysis/jobs/{id} is the latest state. The work runs
 * in the database and in short synchronous steps, so the event loop keeps answering meanwhile. In memory, per
 * process (a job id is only meaningful on the server that started it).
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from '../../logger.ts';

export type JobState = 'running' | 'done' | 'failed';

export interface Job {
  id: string;
  kind: string;
  scope: string;
  state: JobState;
  startedAt: string;
  finishedAt?: string;
  progress: { phase: string; done: number; total: number };
  result?: unknown;
  error?: string;
}

type Listener = (job: Job) => void;

export interface Jobs {
  /** Starts `work` unless a job of this kind and scope runs already (that one is returned, `started: false`). */
  start(kind: string, scope: string, work: (report: (p: Job['progress']) => void) => Promise<unknown>): { job: Job; started: boolean };
  get(id: string): Job | undefined;
  /** Calls listener on every change of the job until it ends; returns the unsubscribe. */
  follow(id: string, listener: Listener): () => void;
  /** Resolves when every running job has ended (stop and tests). */
  settled(): Promise<void>;
}

const KEEP_FINISHED = 50;

export function createJobs(log: Logger): Jobs {
  const jobs = new Map<string, Job>();
  const listeners = new Map<string, Set<Listener>>();
  const running = new Map<string, Promise<void>>();
  const emit = (job: Job) => listeners.get(job.id)?.forEach((l) => l(job));
  const prune = () => {
    const finished = [...jobs.values()].filter((j) => j.state !== 'running');
    for (const j of finished.slice(0, Math.max(0, finished.length - KEEP_FINISHED))) jobs.delete(j.id);
  };
  return {
    start(kind, scope, work) {
      const key = `${kind}|${scope}`;
      const current = [...jobs.values()].find((j) => j.state === 'running' && `${j.kind}|${j.scope}` === key);
      if (current) return { job: current, started: false };
      const job: Job = { id: randomUUID(), kind, scope, state: 'running', startedAt: new Date().toISOString(), progress: { phase: 'queued', done: 0, total: 0 } };
      jobs.set(job.id, job);
      const run = work((p) => {
        job.progress = p;
        emit(job);
      }).then(
        (result) => {
          Object.assign(job, { state: 'done', result });
        },
        (err: Error) => {
          log.error({ err, kind, scope }, 'analysis job failed');
          Object.assign(job, { state: 'failed', error: err.message });
        },
      ).finally(() => {
        job.finishedAt = new Date().toISOString();
        emit(job);
        listeners.delete(job.id);
        running.delete(job.id);
        prune();
      });
      running.set(job.id, run);
      return { job, started: true };
    },
    get: (id) => jobs.get(id),
    follow(id, listener) {
      let set = listeners.get(id);
      if (!set) listeners.set(id, (set = new Set()));
      set.add(listener);
      return () => set.delete(listener);
    },
    async settled() {
      await Promise.all(running.values());
    },
  };
}
