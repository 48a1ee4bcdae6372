/**
 * The grids' centres and populations in memory, for the coverage cost of recommendations (coverage.ts counts the
 * grids a departing unit leaves without cover). Asking PostGIS for the ~300 grid centres around each of five
 * candidates took most of a recommendation's time; the 6,249 centres fit in a KD-tree (kdbush) of ~100 kB.
 *
 * Freshness: `data_versions.grid_centres` (migration 056) moves with every statement that inserts, deletes or
 * truncates grids or updates their geometry, population or code. A recommendation reads it in the same round trip
 * as its incident (recommendation-repository.ts incidentForDispatch) and asks for the index of that version: the
 * same version is answered from memory, a new one reloads (one query, ~30 ms for the city). One cache per database
 * handle; concurrent callers of one version share one load.
 */
import KDBush from 'kdbush';
import { gridSite, type GridPoint, type GridSite } from '../../domain/dispatch/coverage.ts';
import type { LngLat } from '../../domain/dispatch/geodesy.ts';
import type { Queryable } from '../core/database.ts';

const DEG_LAT_M = 110_574;
const degLngMeters = (lat: number) => 111_320 * Math.cos((lat * Math.PI) / 180);

export interface GridCentreIndex {
  readonly size: number;
  /** The grids whose centre lies in the lng/lat box of `radiusMeters` around `at` (a superset of the disc; coverage.ts measures). */
  around(at: LngLat, radiusMeters: number): GridSite[];
}

export function gridCentreIndex(points: readonly GridPoint[]): GridCentreIndex {
  const grids = points.map(gridSite); // radians and cosine once per grid, not per recommendation
  const tree = new KDBush(Math.max(1, grids.length));
  for (const g of grids) tree.add(g.position[0], g.position[1]);
  if (!grids.length) tree.add(Number.NaN, Number.NaN);
  tree.finish();
  return {
    size: grids.length,
    around([lng, lat], radiusMeters) {
      if (!grids.length) return [];
      const dx = (radiusMeters * 1.01) / degLngMeters(lat);
      const dy = (radiusMeters * 1.01) / DEG_LAT_M;
      return tree.range(lng - dx, lat - dy, lng + dx, lat + dy).map((i) => grids[i]!);
    },
  };
}

async function loadGridCentres(db: Queryable): Promise<GridCentreIndex> {
  const { rows } = await db.query<{ code: string; population: number; lon: number; lat: number }>(
    `SELECT code, population, ST_X(c) AS lon, ST_Y(c) AS lat FROM (SELECT code, population, ST_Centroid(geom) AS c FROM grids) g ORDER BY code`,
  );
  return gridCentreIndex(rows.map((r) => ({ code: r.code, population: r.population, position: [r.lon, r.lat] as const })));
}

interface Cached {
  version: string;
  index: Promise<GridCentreIndex>;
}

const caches = new WeakMap<object, Cached>();

/** The grid centres of `version` (data_versions.grid_centres as read with the incident), from memory when current. */
export function gridCentresAt(db: Queryable, version: string): Promise<GridCentreIndex> {
  const hit = caches.get(db);
  if (hit && hit.version === version) return hit.index;
  const index = loadGridCentres(db);
  const entry = { version, index };
  caches.set(db, entry);
  index.catch(() => caches.get(db) === entry && caches.delete(db));
  return index;
}
