/**
 * The seeded, deterministic generator of the Anyang dataset. Pure: real inputs and options in, rows
 * out (same inputs + seed + scale + now ⇒ same rows). Every generated row is flagged generated = true.
 * Polygons below the district level are described by their Voronoi sites and built in PostGIS.
 */
import type { AdminPlan } from './places/admin.ts';
import { planAdmin } from './places/admin.ts';
import { cameraRows } from './layers/cameras.ts';
import { checkpointRows } from './layers/checkpoints.ts';
import { CITY_CODE, CITY_NAME, HIGH_TECH_CODE } from './core/constants.ts';
import type { GenContext, Row, RowStream } from './core/context.ts';
import { placeColumns } from './core/context.ts';
import { fireHazardRows } from './layers/fire-hazards.ts';
import { depotRows, gridWorkerRows, unitRows, type WorkerRows } from './layers/forces.ts';
import { assignGridCodes, dedicatedGrids } from './places/grid-codes.ts';
import { planComprehensiveGrids, type GridPlan } from './places/grids.ts';
import { incidentRows } from './layers/incidents.ts';
import type { DatasetInputs } from './core/inputs.ts';
import { generateKeyPlaces, type KeyPlace } from './places/key-places.ts';
import { rentalRows } from './layers/rental-housing.ts';
import { PointSampler } from './core/sampling.ts';
import { isUrbanCommunity } from './places/admin.ts';
import { ADMIN_LEVEL, GRID_TYPE, KEY_PLACE_TYPE, labelOf } from '../protocol/codes.ts';
import type { MultiPolygonCoords } from './core/geo.ts';

export interface GenerateOptions {
  seed: number;
  scale: number;
  now: Date;
}

export interface AdminUnitRow {
  code: string;
  level: 1 | 2 | 3 | 4;
  level_label: string;
  name: string;
  parent_code: string | null;
  district_code: string | null;
  street_code: string | null;
  households: number;
  population: number;
  geom_source: string;
  generated: boolean;
  /** Level 2: the polygon; levels 3-4: the Voronoi site; level 1: neither (union of districts). */
  polygons?: MultiPolygonCoords;
  site?: readonly [number, number];
}

export interface Dataset {
  context: GenContext;
  adminUnits(): AdminUnitRow[];
  /** Comprehensive grids (site → Voronoi cell) and dedicated grids (site + buffer). */
  grids(): (Row & { site_lng: number; site_lat: number; buffer_m: number | null })[];
  gridWorkers(): WorkerRows;
  keyPlaces(): Row[];
  depots(): { depots: Row[]; stock: Row[] };
  units(): Row[];
  cameras(): RowStream;
  checkpoints(): RowStream;
  fireHazards(): RowStream;
  rentalHousing(): RowStream;
  incidents(): RowStream;
}

export const GENERATED_POLYGON_SOURCE = 'generated: Voronoi cells of seeded sites clipped to the parent (server/dataset)';
export const HIGH_TECH_SOURCE = 'generated: seeded outline west of the centre clipped to the urban districts (server/dataset/places/admin.ts)';

function buildContext(inputs: DatasetInputs, opts: GenerateOptions): GenContext {
  const admin = planAdmin(inputs, opts.seed);
  const comprehensive = planComprehensiveGrids(admin, opts.seed);
  const sampler = new PointSampler(admin, comprehensive);
  const names = new Map<string, string>([[CITY_CODE, CITY_NAME]]);
  for (const u of [...admin.districts, ...admin.streets, ...admin.communities]) names.set(u.code, u.name);
  const keyPlaces = generateKeyPlaces({ seed: opts.seed, admin, sampler, names });
  const { grids, renamed } = assignGridCodes(admin, comprehensive, dedicatedGrids(keyPlaces));
  for (const k of keyPlaces) {
    const own = renamed.get(`${k.point.place.communityCode}#D${k.id}`);
    k.point.place.gridCode = own ?? renamed.get(k.point.place.gridCode) ?? k.point.place.gridCode;
  }
  const urbanCommunities = new Set(admin.communities.filter((c) => isUrbanCommunity(c.name)).map((c) => c.code));
  return { ...opts, admin, grids, sampler, names, urbanCommunities, keyPlaces };
}

function adminUnitRows(admin: AdminPlan, grids: readonly GridPlan[], districtSource: string): AdminUnitRow[] {
  const totals = new Map<string, { households: number; population: number }>();
  const addTo = (code: string, g: GridPlan) => {
    const t = totals.get(code) ?? { households: 0, population: 0 };
    t.households += g.households;
    t.population += g.population;
    totals.set(code, t);
  };
  for (const g of grids) for (const code of [CITY_CODE, g.districtCode, g.streetCode, g.communityCode]) addTo(code, g);
  const t = (code: string) => totals.get(code) ?? { households: 0, population: 0 };
  const lv = (level: 1 | 2 | 3 | 4) => ({ level, level_label: labelOf(ADMIN_LEVEL, level) });
  return [
    { code: CITY_CODE, ...lv(1), name: CITY_NAME, parent_code: null, district_code: null, street_code: null, ...t(CITY_CODE), geom_source: `union of the district polygons (${districtSource})`, generated: false },
    ...admin.districts.map((d) => ({
      code: d.code, ...lv(2), name: d.name, parent_code: CITY_CODE, district_code: d.code, street_code: null, ...t(d.code),
      geom_source: d.code === HIGH_TECH_CODE ? HIGH_TECH_SOURCE : districtSource, generated: d.generated, polygons: d.polygons,
    })),
    ...admin.streets.map((s) => ({
      code: s.code, ...lv(3), name: s.name, parent_code: s.districtCode, district_code: s.districtCode, street_code: s.code, ...t(s.code),
      geom_source: GENERATED_POLYGON_SOURCE, generated: true, site: s.site,
    })),
    ...admin.communities.map((c) => ({
      code: c.code, ...lv(4), name: c.name, parent_code: c.streetCode, district_code: c.districtCode, street_code: c.streetCode, ...t(c.code),
      geom_source: GENERATED_POLYGON_SOURCE, generated: true, site: c.site,
    })),
  ];
}

function keyPlaceRow(ctx: GenContext, k: KeyPlace): Row {
  const n = (c: string) => ctx.names.get(c) ?? '';
  return {
    id: k.id, name: k.name, type: k.type, type_label: labelOf(KEY_PLACE_TYPE, k.type),
    address: `${n(k.point.place.districtCode)}${n(k.point.place.streetCode)}${n(k.point.place.communityCode).replace(/(居民委员会|村民委员会|委员会|委会)$/, '')}`,
    ...placeColumns(k.point.place), lng: k.point.lng, lat: k.point.lat,
  };
}

export function createDataset(inputs: DatasetInputs, opts: GenerateOptions): Dataset {
  const ctx = buildContext(inputs, opts);
  let workers: WorkerRows | undefined;
  let depots: { depots: Row[]; stock: Row[] } | undefined;
  const getWorkers = () => (workers ??= gridWorkerRows(ctx));
  const getDepots = () => (depots ??= depotRows(ctx));
  return {
    context: ctx,
    adminUnits: () => adminUnitRows(ctx.admin, ctx.grids, inputs.districtSource),
    grids: () => {
      const count = new Map<string, number>();
      for (const w of getWorkers().workers) count.set(w.grid_code as string, (count.get(w.grid_code as string) ?? 0) + 1);
      return ctx.grids.map((g) => ({
        code: g.code, name: g.name, type: g.type, type_label: labelOf(GRID_TYPE, g.type), dedicated_to: g.dedicatedTo ?? null,
        community_code: g.communityCode, street_code: g.streetCode, district_code: g.districtCode,
        households: g.households, population: g.population, worker_count: count.get(g.code) ?? 0,
        site_lng: g.site[0], site_lat: g.site[1], buffer_m: g.bufferMetres ?? null,
      }));
    },
    gridWorkers: getWorkers,
    keyPlaces: () => ctx.keyPlaces.map((k) => keyPlaceRow(ctx, k)),
    depots: getDepots,
    units: () => unitRows(ctx, getWorkers().workers, getDepots().depots),
    cameras: () => cameraRows(ctx),
    checkpoints: () => checkpointRows(ctx),
    fireHazards: () => fireHazardRows(ctx),
    rentalHousing: () => rentalRows(ctx),
    incidents: () => incidentRows(ctx),
  };
}

export type { DatasetInputs } from './core/inputs.ts';
