/**
 * Loads the Anyang dataset (real admin units from data/derived, generated layers from server/dataset)
 * into a migrated database. Each part runs in its own transaction that turns the live change capture off,
 * takes an advisory lock and skips the part when dataset_loads already records it — so later starts are
 * fast and two processes starting at once load everything exactly once. Progress: { part, fraction }.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Database, Transaction } from './database.ts';
import { createDataset, type Dataset } from '../dataset/index.ts';
import { districtsFromGeoJson, sourceLabel, type DatasetInputs, type GeoJsonDistricts } from '../dataset/inputs.ts';
import { loadAdminUnits, loadGrids, loadStream, loadRows } from './dataset-parts.ts';
import { LAYER_COUNTS } from '../dataset/constants.ts';
import { dropSecondaryIndexes, enterBulkMode, restoreIndexes } from './dataset-sql.ts';

export interface DatasetOptions {
  seed: number;
  scale: number;
}

export type DatasetProgress = (p: { part: string; fraction: number }) => void;

const DATASET_LOCK = 410_500_002;
const DERIVED_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'data', 'derived');

type Report = (fraction: number) => void;

interface Part {
  name: string;
  /** The tables it writes (their secondary indexes are rebuilt after the load). */
  tables: readonly string[];
  /** Relative cost (≈ seconds at scale 1 on PGlite), for the progress bar. */
  weight: (scale: number) => number;
  load(tx: Transaction, ds: Dataset, report: Report): Promise<number>;
}

const PARTS: readonly Part[] = [
  { name: 'admin_units', tables: ['admin_units'], weight: () => 4, load: (tx, ds) => loadAdminUnits(tx, ds) },
  { name: 'grids', tables: ['grids'], weight: () => 4, load: (tx, ds) => loadGrids(tx, ds) },
  {
    name: 'grid_workers', tables: ['grid_workers', 'grid_workers_personal'],
    weight: () => 0.5,
    load: async (tx, ds) => {
      const { workers, personal } = ds.gridWorkers();
      return (await loadRows(tx, 'grid_workers', workers)) + (await loadRows(tx, 'grid_workers_personal', personal));
    },
  },
  { name: 'key_places', tables: ['key_places'], weight: () => 0.3, load: (tx, ds) => loadRows(tx, 'key_places', ds.keyPlaces()) },
  {
    name: 'depots', tables: ['depots', 'depot_stock'],
    weight: () => 0.2,
    load: async (tx, ds) => {
      const { depots, stock } = ds.depots();
      return (await loadRows(tx, 'depots', depots)) + (await loadRows(tx, 'depot_stock', stock));
    },
  },
  { name: 'units', tables: ['units'], weight: (s) => 0.3 * s, load: (tx, ds) => loadRows(tx, 'units', ds.units()) },
  { name: 'cameras', tables: ['cameras'], weight: (s) => 3 * s, load: (tx, ds, r) => loadStream(tx, ds.cameras(), LAYER_COUNTS.cameras * ds.context.scale, r) },
  { name: 'checkpoints', tables: ['checkpoints'], weight: (s) => 0.3 * s, load: (tx, ds, r) => loadStream(tx, ds.checkpoints(), 1_400 * ds.context.scale, r) },
  { name: 'fire_hazards', tables: ['fire_hazards'], weight: (s) => 0.3 * s, load: (tx, ds, r) => loadStream(tx, ds.fireHazards(), LAYER_COUNTS.fireHazards * ds.context.scale, r) },
  {
    name: 'rental_housing', tables: ['rental_housing', 'rental_housing_personal'],
    weight: (s) => 12 * s,
    load: (tx, ds, r) => loadStream(tx, ds.rentalHousing(), LAYER_COUNTS.rentalHousing * ds.context.scale, r),
  },
  {
    name: 'incidents', tables: ['incidents', 'incident_flow_log', 'incident_parties'],
    weight: (s) => 15 * s,
    load: (tx, ds, r) => loadStream(tx, ds.incidents(), LAYER_COUNTS.incidentsPerDay * LAYER_COUNTS.incidentDays * ds.context.scale, r),
  },
];

/** Names of the parts the loader writes, in order. */
export const DATASET_PARTS: readonly string[] = PARTS.map((p) => p.name);

export async function readDatasetInputs(dir = DERIVED_DIR): Promise<DatasetInputs> {
  const fc = JSON.parse(await readFile(path.join(dir, 'anyang-districts.geojson'), 'utf8')) as GeoJsonDistricts;
  const divisions = JSON.parse(await readFile(path.join(dir, 'anyang-divisions.json'), 'utf8')) as DatasetInputs['divisions'];
  return { districts: districtsFromGeoJson(fc), divisions, districtSource: sourceLabel(fc) };
}

async function loadedParts(db: Database): Promise<Set<string>> {
  const { rows } = await db.query<{ part: string }>('SELECT part FROM dataset_loads');
  return new Set(rows.map((r) => r.part));
}

/** Loads every part not yet recorded in dataset_loads; `now` (default: the clock) ends the incident history. */
export async function loadDataset(db: Database, opts: DatasetOptions, onProgress: DatasetProgress, now = new Date()): Promise<void> {
  const done = await loadedParts(db);
  if (PARTS.every((p) => done.has(p.name))) {
    onProgress({ part: 'done', fraction: 1 });
    return;
  }
  const total = PARTS.reduce((s, p) => s + p.weight(opts.scale), 1);
  onProgress({ part: 'generating', fraction: 0 });
  const ds = createDataset(await readDatasetInputs(), { seed: opts.seed, scale: opts.scale, now });
  let base = 1;
  let loadedAny = false;
  for (const part of PARTS) {
    const weight = part.weight(opts.scale);
    if (!done.has(part.name)) {
      const report: Report = (f) => onProgress({ part: part.name, fraction: Math.min(1, (base + weight * Math.min(1, f)) / total) });
      report(0);
      loadedAny = (await loadPart(db, part, ds, opts, report)) || loadedAny;
    }
    base += weight;
  }
  if (loadedAny) {
    onProgress({ part: 'analyze', fraction: 0.99 });
    // A smaller sample than the default (30,000 rows a table) is plenty for these distributions.
    await db.transaction(async (tx) => {
      await tx.query(`SET LOCAL default_statistics_target = 30`);
      await tx.query(`ANALYZE ${PARTS.flatMap((p) => p.tables).join(', ')}`);
    });
  }
  onProgress({ part: 'done', fraction: 1 });
}

/** One part in one transaction; false when another process loaded it meanwhile. */
async function loadPart(db: Database, part: Part, ds: Dataset, opts: DatasetOptions, report: Report): Promise<boolean> {
  return db.transaction(async (tx) => {
    // Seed rows must not flood the live change feed (its triggers skip capture when this is off).
    await tx.query(`SELECT set_config('pingan.capture', 'off', true)`);
    await tx.query('SELECT pg_advisory_xact_lock($1)', [DATASET_LOCK]);
    const { rows } = await tx.query('SELECT 1 FROM dataset_loads WHERE part = $1', [part.name]);
    if (rows.length > 0) return false;
    await enterBulkMode(tx);
    const indexes = await dropSecondaryIndexes(tx, part.tables);
    const count = await part.load(tx, ds, report);
    await restoreIndexes(tx, indexes);
    await tx.query('INSERT INTO dataset_loads (part, seed, scale, row_count) VALUES ($1, $2, $3, $4)', [part.name, opts.seed, opts.scale, count]);
    report(1);
    return true;
  });
}
