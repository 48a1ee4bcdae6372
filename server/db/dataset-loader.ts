/**
 * Loads the Anyang dataset into an empty database (real admin units from data/, generated layers from
 * the seeded generator). Parts already recorded in dataset_loads are skipped.
 * PLACEHOLDER: the generator helper replaces this body.
 */
import type { Database } from './database.ts';

export interface DatasetOptions {
  seed: number;
  scale: number;
}

export type DatasetProgress = (p: { part: string; fraction: number }) => void;

export async function loadDataset(_db: Database, _opts: DatasetOptions, onProgress: DatasetProgress): Promise<void> {
  onProgress({ part: 'done', fraction: 1 });
}
