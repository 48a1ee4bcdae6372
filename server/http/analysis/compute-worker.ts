/**
 * The analysis worker thread: runs ANALYSIS_OPS (analysis-results.ts) off the event loop. Messages in:
 * { id, op, input }; out: { id, result } (an encoded answer's bytes transferred) or { id, error }.
 */
import { parentPort } from 'node:worker_threads';
import { ANALYSIS_OPS } from './analysis-results.ts';
import type { EncodedResult } from './analysis-output.ts';

type Op = keyof typeof ANALYSIS_OPS;
type Request = { id: number; op: Op; input: never };

parentPort!.on('message', (m: Request) => {
  try {
    const run = ANALYSIS_OPS[m.op] as ((input: never) => ReturnType<(typeof ANALYSIS_OPS)[Op]>) | undefined;
    if (!run) throw new Error(`unknown op ${String(m.op)}`);
    const result: unknown = run(m.input);
    // An encoded answer's bytes are moved, not copied; other results (a few cells) are cloned.
    const bytes = (result as Partial<EncodedResult>).bytes;
    parentPort!.postMessage({ id: m.id, result }, bytes ? [bytes.buffer as ArrayBuffer] : []);
  } catch (err) {
    parentPort!.postMessage({ id: m.id, error: (err as Error).message });
  }
});
