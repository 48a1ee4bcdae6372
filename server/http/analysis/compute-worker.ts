/**
 * The analysis worker thread: runs ANALYSIS_OPS (analysis-results.ts) off the event loop. Messages in:
 * { id, op, input }; out: { id, result } (the encoded bytes' buffer transferred) or { id, error }.
 */
import { parentPort } from 'node:worker_threads';
import { ANALYSIS_OPS } from './analysis-results.ts';

type Op = keyof typeof ANALYSIS_OPS;
type Request = { id: number; op: Op; input: never };

parentPort!.on('message', (m: Request) => {
  try {
    const run = ANALYSIS_OPS[m.op] as ((input: never) => ReturnType<(typeof ANALYSIS_OPS)[Op]>) | undefined;
    if (!run) throw new Error(`unknown op ${String(m.op)}`);
    const result = run(m.input);
    parentPort!.postMessage({ id: m.id, result }, [result.bytes.buffer as ArrayBuffer]);
  } catch (err) {
    parentPort!.postMessage({ id: m.id, error: (err as Error).message });
  }
});
