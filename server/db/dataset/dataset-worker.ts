/**
 * Worker thread of the dataset loader: builds the same seeded dataset as the main thread and streams the
 * big point layers as ready-to-insert JSON batches, at most MAX_AHEAD batches ahead of the inserts.
 * Message protocol: in { parts, seed, scale, now } (workerData), 'ack' per batch consumed;
 * out { type: 'batch', part, batch } | { type: 'end', part } | { type: 'error', message }.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createDataset } from '../../dataset/index.ts';
import { readDatasetInputs } from './dataset-inputs.ts';
import { batchesOf } from './dataset-batches.ts';

export type StreamPart = 'cameras' | 'checkpoints' | 'fireHazards' | 'rentalHousing' | 'incidents';

export interface WorkerInput {
  parts: StreamPart[];
  seed: number;
  scale: number;
  now: number;
}

const MAX_AHEAD = 12;

async function run(port: NonNullable<typeof parentPort>, input: WorkerInput): Promise<void> {
  let outstanding = 0;
  let wake: (() => void) | null = null;
  port.on('message', (m) => {
    if (m !== 'ack') return;
    outstanding--;
    wake?.();
    wake = null;
  });
  const ds = createDataset(await readDatasetInputs(), { seed: input.seed, scale: input.scale, now: new Date(input.now) });
  for (const part of input.parts) {
    for (const batch of batchesOf(ds[part]())) {
      while (outstanding >= MAX_AHEAD) await new Promise<void>((resolve) => (wake = resolve));
      outstanding++;
      port.postMessage({ type: 'batch', part, batch });
    }
    port.postMessage({ type: 'end', part });
  }
}

if (parentPort) {
  const port = parentPort;
  run(port, workerData as WorkerInput).catch((err: Error) => port.postMessage({ type: 'error', message: err.stack ?? err.message }));
}
