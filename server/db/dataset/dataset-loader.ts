/**
 * Loads the Anyang dataset (real admin units from data/derived, generated layers from server/dataset)
 * into a migrated database. Each part runs in its own transaction that turns the live change capture off,
 * takes an advisory lock and skips the part when dataset_loads already records it — so later starts are
 * fast and two processes starting at once load everything exactly once. Progress: { part, fraction }.
 * The big point layers are generated and serialised in a worker thread (dataset-worker.ts) while the
 * main thread inserts, so generation overlaps with the database work.
 */
import type { Database, Transaction } from '../core/database.ts';
import { createDataset, type Dataset } from '../../dataset/index.ts';
import { LAYER_COUNTS } from '../../dataset/core/constants.ts';
import { loadAdminUnits, loadBatches, loadGrids, loadRows } from './dataset-parts.ts';
import { dropSecondaryIndexes, enterBulkMode, restoreIndexes } from './dataset-sql.ts';
import { readDatasetInputs } from './dataset-inputs.ts';
import { BatchSource } from './dataset-source.ts';
import type { StreamPart } from './dataset-worker.ts';

export { readDatasetInputs } from './dataset-inputs.ts';

export interface DatasetOptions {
  seed: number;
  scale: number;
}

export type DatasetProgress = (p: { part: string; fraction: number }) => void;

const DATASET_LOCK = 410_500_002;

type Report = (fraction: number) => void;

interface LoadContext {
  ds: Dataset;
  /** Batches of the streamed parts (only those pending). */
  source: BatchSource | null;
  scale: number;
}

interface Part {
  name: string;
  /** The tables it writes (their secondary indexes are rebuilt after the load). */
  tables: readonly string[];
  /** Streamed parts come from the generator worker. */
  stream?: { part: StreamPart; expected: number };
  /** Relative cost (≈ CPU seconds at scale 1 on PGlite), for the progress bar. */
  weight: (scale: number) => number;
  load?(tx: Transaction, ctx: LoadContext): Promise<number>;
}

const PARTS: readonly Part[] = [
  { name: 'admin_units', tables: ['admin_units'], weight: () => 2, load: (tx, c) => loadAdminUnits(tx, c.ds) },
  { name: 'grids', tables: ['grids'], weight: () => 2, load: (tx, c) => loadGrids(tx, c.ds) },
  {
    name: 'grid_workers',
    tables: ['grid_workers', 'grid_workers_personal'],
    weight: () => 0.5,
    load: async (tx, c) => {
      const { workers, personal } = c.ds.gridWorkers();
      return (await loadRows(tx, 'grid_workers', workers)) + (await loadRows(tx, 'grid_workers_personal', personal));
    },
  },
  { name: 'key_places', tables: ['key_places'], weight: () => 0.3, load: (tx, c) => loadRows(tx, 'key_places', c.ds.keyPlaces()) },
  {
    name: 'depots',
    tables: ['depots', 'depot_stock'],
    weight: () => 0.2,
    load: async (tx, c) => {
      const { depots, stock } = c.ds.depots();
      return (await loadRows(tx, 'depots', depots)) + (await loadRows(tx, 'depot_stock', stock));
    },
  },
  { name: 'units', tables: ['units'], weight: (s) => 0.3 * s, load: (tx, c) => loadRows(tx, 'units', c.ds.units()) },
  { name: 'cameras', tables: ['cameras'], weight: (s) => 2.5 * s, stream: { part: 'cameras', expected: LAYER_COUNTS.cameras } },
  { name: 'checkpoints', tables: ['checkpoints'], weight: (s) => 0.3 * s, stream: { part: 'checkpoints', expected: 1_400 } },
  { name: 'fire_hazards', tables: ['fire_hazards'], weight: (s) => 0.3 * s, stream: { part: 'fireHazards', expected: LAYER_COUNTS.fireHazards } },
  {
    name: 'rental_housing',
    tables: ['rental_housing', 'rental_housing_personal'],
    weight: (s) => 10 * s,
    stream: { part: 'rentalHousing', expected: LAYER_COUNTS.rentalHousing },
  },
  {
    name: 'incidents',
    tables: ['incidents', 'incident_flow_log', 'incident_parties'],
    weight: (s) => 18 * s,
    stream: { part: 'incidents', expected: LAYER_COUNTS.incidentsPerDay * LAYER_COUNTS.incidentDays },
  },
];

/** Names of the parts the loader writes, in order. */
export const DATASET_PARTS: readonly string[] = PARTS.map((p) => p.name);

async function loadedParts(db: Database): Promise<Set<string>> {
  const { rows } = await db.query<{ part: string }>('SELECT part FROM dataset_loads');
  return new Set(rows.map((r) => r.part));
}

/** Loads every part not yet recorded in dataset_loads; `now` (default: the clock) ends the incident history. */
export async function loadDataset(db: Database, opts: DatasetOptions, onProgress: DatasetProgress, now = new Date()): Promise<void> {
  if (!Number.isInteger(opts.seed) || opts.seed < 0) throw new Error(`dataset seed must be a non-negative integer, got ${opts.seed}`);
  if (!(opts.scale > 0 && opts.scale <= 100)) throw new Error(`dataset scale must be in (0, 100], got ${opts.scale}`);
  const done = await loadedParts(db);
  const pending = PARTS.filter((p) => !done.has(p.name));
  if (pending.length === 0) {
    onProgress({ part: 'done', fraction: 1 });
    return;
  }
  onProgress({ part: 'generating', fraction: 0 });
  const streamed = pending.flatMap((p) => (p.stream ? [p.stream.part] : []));
  const source = streamed.length > 0 ? new BatchSource({ parts: streamed, seed: opts.seed, scale: opts.scale, now: now.getTime() }) : null;
  try {
    const ctx: LoadContext = { ds: createDataset(await readDatasetInputs(), { seed: opts.seed, scale: opts.scale, now }), source, scale: opts.scale };
    const total = PARTS.reduce((s, p) => s + p.weight(opts.scale), 1);
    let base = 1;
    let loadedAny = false;
    for (const part of PARTS) {
      const weight = part.weight(opts.scale);
      if (!done.has(part.name)) {
        const report: Report = (f) => onProgress({ part: part.name, fraction: Math.min(1, (base + weight * Math.min(1, f)) / total) });
        report(0);
        loadedAny = (await loadPart(db, part, ctx, opts, report)) || loadedAny;
      }
      base += weight;
    }
    if (loadedAny) await analyze(db, onProgress);
  } finally {
    await source?.close();
  }
  onProgress({ part: 'done', fraction: 1 });
}

async function analyze(db: Database, onProgress: DatasetProgress): Promise<void> {
  onProgress({ part: 'analyze', fraction: 0.99 });
  // A smaller sample than the default (30,000 rows a table) is plenty for these distributions.
  await db.transaction(async (tx) => {
    await tx.query(`SET LOCAL default_statistics_target = 30`);
    await tx.query(`ANALYZE ${PARTS.flatMap((p) => p.tables).join(', ')}`);
  });
}

/** One part in one transaction; false when another process loaded it meanwhile. */
async function loadPart(db: Database, part: Part, ctx: LoadContext, opts: DatasetOptions, report: Report): Promise<boolean> {
  return db.transaction(async (tx) => {
    // Seed rows must not flood the live change feed (its triggers skip capture when this is off).
    await tx.query(`SELECT set_config('pingan.capture', 'off', true)`);
    await tx.query('SELECT pg_advisory_xact_lock($1)', [DATASET_LOCK]);
    const { rows } = await tx.query('SELECT 1 FROM dataset_loads WHERE part = $1', [part.name]);
    const batches = part.stream && ctx.source ? ctx.source.batches(part.stream.part) : null;
    if (rows.length > 0) {
      if (batches) for await (const _ of batches); // another process loaded it: drain the worker's batches
      return false;
    }
    await enterBulkMode(tx);
    const indexes = await dropSecondaryIndexes(tx, part.tables);
    const count = batches
      ? await loadBatches(tx, batches, part.stream!.expected * ctx.scale, report)
      : await part.load!(tx, ctx);
    await restoreIndexes(tx, indexes);
    await tx.query('INSERT INTO dataset_loads (part, seed, scale, row_count) VALUES ($1, $2, $3, $4)', [part.name, opts.seed, opts.scale, count]);
    report(1);
    return true;
  });
}
