// Entry of the dataset generator worker thread: registers tsx (TypeScript) in this thread, then runs
// dataset-worker.ts. Plain JavaScript because a fresh worker cannot load .ts by itself.
import { register } from 'tsx/esm/api';

register();
await import('./dataset-worker.ts');
