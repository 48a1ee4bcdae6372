/** How each dataset part is written: admin units and grids (PostGIS-built polygons) and row streams. */
import type { Transaction } from '../core/database.ts';
import { ADMIN_LEVEL, labelOf } from '../../protocol/codes.ts';
import type { Dataset } from '../../dataset/index.ts';
import type { Row } from '../../dataset/core/context.ts';
import type { Batch } from './dataset-batches.ts';
import { CITY_CODE, HIGH_TECH_CODE, URBAN_DISTRICTS } from '../../dataset/core/constants.ts';
import { flowPathColumns } from '../../dataset/layers/flow-paths.ts';
import { DEDICATED_GRID_GEOM, insertCityAndDistricts, insertClippedDistrict, insertFlowLog, insertJson, insertRows, partition, type LoadRow } from './dataset-sql.ts';

const BATCH = 5_000;

export async function loadRows(tx: Transaction, table: string, rows: readonly Row[]): Promise<number> {
  let n = 0;
  for (let i = 0; i < rows.length; i += BATCH) n += await insertRows(tx, table, rows.slice(i, i + BATCH));
  return n;
}

export async function loadAdminUnits(tx: Transaction, ds: Dataset): Promise<number> {
  const units = ds.adminUnits();
  const city = units.find((u) => u.level === 1)!;
  const asDistrict = (u: (typeof units)[number]) => ({
    code: u.code, name: u.name, households: u.households, population: u.population, geomSource: u.geom_source,
    geojson: JSON.stringify({ type: 'MultiPolygon', coordinates: u.polygons }),
  });
  const districts = units.filter((u) => u.level === 2);
  await insertCityAndDistricts(tx, asDistrict({ ...city, polygons: [] }), [labelOf(ADMIN_LEVEL, 1), labelOf(ADMIN_LEVEL, 2)], districts.filter((d) => !d.generated).map(asDistrict));
  for (const d of districts.filter((x) => x.generated)) {
    await insertClippedDistrict(tx, asDistrict(d), labelOf(ADMIN_LEVEL, 2), CITY_CODE, URBAN_DISTRICTS.filter((c) => c !== d.code));
  }
  const carveOut = { code: HIGH_TECH_CODE, from: URBAN_DISTRICTS.filter((c) => c !== HIGH_TECH_CODE) };
  for (const level of [3, 4] as const) {
    const rows = units.filter((u) => u.level === level);
    await partition(tx, rows.map((u) => ({ key: u.code, parent: u.parent_code!, lng: u.site![0], lat: u.site![1] })), level === 3 ? carveOut : undefined);
    const plain: LoadRow[] = rows.map(({ polygons: _p, site: _s, ...rest }) => rest);
    await insertRows(tx, 'admin_units', plain, { geom: 'c.geom', join: 'JOIN dataset_cells c ON c.key = u.code' });
    await tx.query('DROP TABLE dataset_cells');
  }
  return units.length;
}

export async function loadGrids(tx: Transaction, ds: Dataset): Promise<number> {
  const grids = ds.grids();
  const comprehensive = grids.filter((g) => g.type === 'COMPREHENSIVE');
  await partition(tx, comprehensive.map((g) => ({ key: g.code as string, parent: g.community_code as string, lng: g.site_lng, lat: g.site_lat })));
  const strip = ({ site_lng: _a, site_lat: _b, buffer_m: _c, ...rest }: (typeof grids)[number]) => rest as LoadRow;
  for (let i = 0; i < comprehensive.length; i += BATCH) {
    await insertRows(tx, 'grids', comprehensive.slice(i, i + BATCH).map(strip), { geom: 'c.geom', join: 'JOIN dataset_cells c ON c.key = u.code' });
  }
  await tx.query('DROP TABLE dataset_cells');
  const dedicated = grids
    .filter((g) => g.type === 'DEDICATED')
    .map((g) => ({ ...strip(g), _lng: g.site_lng, _lat: g.site_lat, _metres: g.buffer_m ?? 150 }));
  await insertRows(tx, 'grids', dedicated, { geom: DEDICATED_GRID_GEOM });
  return grids.length;
}

/** Inserts a part's batches in order (parents first); incident batches also get their flow log. */
export async function loadBatches(tx: Transaction, batches: AsyncIterable<Batch>, expected: number, report: (f: number) => void): Promise<number> {
  const paths = flowPathColumns();
  let count = 0;
  for await (const b of batches) {
    count += await insertJson(tx, b.table, b.sample, b.json, b.rows);
    if (b.table === 'incidents') count += await insertFlowLog(tx, paths, b.firstId!, b.lastId!);
    report(b.primaryCount / Math.max(1, expected));
  }
  return count;
}
