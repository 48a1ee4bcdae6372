/**
 * An HTTP client on its own worker thread, for a bench that measures the event-loop lag of a server running in the
 * bench's own process: the client's work (undici parsing the response, the chunks of a multi-megabyte answer) is a
 * browser's elsewhere, and on the server's thread it would be counted as the server's lag.
 */
import { Worker } from 'node:worker_threads';

export interface OffThreadResponse {
  status: number;
  /** Bytes of the body, read to the end and counted. */
  bytes: number;
  /** The body's text when the status is not 200 (for the error message); empty otherwise. */
  error: string;
}

export interface OffThreadClient {
  get(url: string, headers?: Record<string, string>): Promise<OffThreadResponse>;
  close(): Promise<void>;
}

// Plain JavaScript: the worker runs it as is, without the TypeScript loader.
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
parentPort.on('message', async ({ id, url, headers }) => {
  try {
    const res = await fetch(url, { headers });
    if (res.status !== 200) return parentPort.postMessage({ id, status: res.status, bytes: 0, error: await res.text() });
    let bytes = 0;
    for await (const chunk of res.body) bytes += chunk.byteLength;
    parentPort.postMessage({ id, status: res.status, bytes, error: '' });
  } catch (err) {
    parentPort.postMessage({ id, status: 0, bytes: 0, error: String(err) });
  }
});`;

export function offThreadClient(): OffThreadClient {
  const worker = new Worker(WORKER_SOURCE, { eval: true });
  const waiting = new Map<number, (r: OffThreadResponse) => void>();
  let next = 0;
  worker.on('message', ({ id, ...response }: OffThreadResponse & { id: number }) => {
    waiting.get(id)?.(response);
    waiting.delete(id);
  });
  return {
    get(url, headers = {}) {
      const id = next++;
      return new Promise((resolve) => {
        waiting.set(id, resolve);
        worker.postMessage({ id, url, headers });
      });
    },
    async close() {
      await worker.terminate();
    },
  };
}
