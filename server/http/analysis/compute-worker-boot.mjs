// Entry of the analysis worker thread: registers tsx (TypeScript) in this thread, then runs compute-worker.ts.
// Plain JavaScript because a fresh worker cannot load .ts by itself (as server/db/dataset/dataset-worker-boot.mjs).
import { register } from 'tsx/esm/api';

register();
await import('./compute-worker.ts');
