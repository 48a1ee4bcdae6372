/**
 * The main thread's side of the generator worker: an async queue of batches per part. Errors in the
 * worker (or its exit before the end) reject the consumer, so the load fails loudly and rolls back.
 */
import { Worker } from 'node:worker_threads';
import type { Batch } from './dataset-batches.ts';
import type { StreamPart, WorkerInput } from './dataset-worker.ts';

type Message = { type: 'batch'; part: StreamPart; batch: Batch } | { type: 'end'; part: StreamPart } | { type: 'error'; message: string };

export class BatchSource {
  private readonly worker: Worker;
  private readonly queue: Message[] = [];
  private waiting: (() => void) | null = null;
  private failure: Error | null = null;

  constructor(input: WorkerInput) {
    this.worker = new Worker(new URL('./dataset-worker-boot.mjs', import.meta.url), { workerData: input });
    this.worker.on('message', (m: Message) => this.push(m));
    this.worker.on('error', (err) => this.fail(err));
    this.worker.on('exit', (code) => code !== 0 && this.fail(new Error(`dataset generator worker exited with code ${code}`)));
  }

  private push(m: Message): void {
    if (m.type === 'error') return this.fail(new Error(`dataset generator failed: ${m.message}`));
    this.queue.push(m);
    this.waiting?.();
    this.waiting = null;
  }

  private fail(err: Error): void {
    this.failure ??= err;
    this.waiting?.();
    this.waiting = null;
  }

  /** The batches of one part, in order; parts must be consumed in the order they were requested. */
  async *batches(part: StreamPart): AsyncGenerator<Batch> {
    for (;;) {
      while (this.queue.length === 0) {
        if (this.failure) throw this.failure;
        await new Promise<void>((resolve) => (this.waiting = resolve));
      }
      const m = this.queue.shift()!;
      if (m.type !== 'batch' && m.type !== 'end') continue;
      if (m.part !== part) throw new Error(`dataset worker sent ${m.part} while ${part} was expected`);
      if (m.type === 'end') return;
      this.worker.postMessage('ack');
      yield m.batch;
    }
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }
}
