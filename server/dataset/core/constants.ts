/**
 * Every tunable number of the generated city, in one place. All of them produce GENERATED data.
 * Totals follow shared DOMAIN.md ("Scale of one city"); counts of point layers are at scale 1.
 */
import type { LngLat } from './geo.ts';

export { CITY_CODE, CITY_NAME } from '../../protocol/geo.ts';
/** The old city centre (文峰区/北关区 boundary, near 中华路/解放大道). */
export const CITY_CENTRE: LngLat = [114.35, 36.1];
export const HIGH_TECH_CODE = '410571';
export const HIGH_TECH_NAME = '安阳高新技术产业开发区';
/** 高新区 has no polygon in any open source: a generated octagon west of the centre (see data/README.md). */
export const HIGH_TECH_SHAPE = { centre: [114.3, 36.072] as LngLat, radiusLngDeg: 0.042, radiusLatDeg: 0.03, vertices: 12 };
/** Districts whose 街道 cluster around the city centre rather than their own seat. */
export const URBAN_DISTRICTS: readonly string[] = ['410502', '410503', '410505', '410506', '410571'];

export const TOTAL_HOUSEHOLDS = 1_830_000;
export const TOTAL_POPULATION = 5_480_000;

export const GRID_RULES = {
  urbanMaxHouseholds: 500,
  urbanMinHouseholds: 300,
  urbanMaxPopulation: 2_500,
  /** Natural villages per administrative village (rural grids: one per natural village). */
  naturalVillages: { '1': 0.65, '2': 0.28, '3': 0.07 },
};

export const HOUSEHOLDS = {
  urbanCommunity: [1_000, 2_800] as const,
  villageRaw: [150, 800] as const,
  urbanPersonsPerHousehold: [2.6, 3.1] as const,
};

/** Point-layer sizes at scale 1 (multiplied by DatasetOptions.scale). */
export const LAYER_COUNTS = {
  cameras: 40_000,
  electronicCheckpoints: 600,
  securityCheckpoints: 120,
  streetPolicePosts: 80,
  alarmPosts: 400,
  fireHazards: 3_000,
  rentalHousing: 150_000,
  units: 1_500,
  incidentsPerDay: 1_500,
  incidentDays: 90,
};

/** Main road corridors (approximate alignments, GENERATED for camera/checkpoint placement). */
export const CORRIDORS: readonly { name: string; path: readonly LngLat[] }[] = [
  { name: '京港澳高速', path: [[114.445, 36.38], [114.44, 36.2], [114.425, 36.05], [114.4, 35.85], [114.38, 35.6], [114.36, 35.45]] },
  { name: '国道107', path: [[114.36, 36.36], [114.355, 36.2], [114.35, 36.1], [114.36, 35.92], [114.4, 35.7], [114.45, 35.5]] },
  { name: '安林高速', path: [[114.35, 36.1], [114.22, 36.11], [114.13, 36.13], [113.97, 36.1], [113.82, 36.08]] },
  { name: '国道342', path: [[114.35, 36.1], [114.55, 36.07], [114.72, 36.02], [114.9, 35.97]] },
  { name: '省道213', path: [[114.36, 35.92], [114.43, 35.78], [114.49, 35.65], [114.52, 35.58]] },
  { name: '国道230', path: [[113.82, 36.08], [113.84, 35.9], [113.9, 35.75]] },
  { name: '人民大道', path: [[114.25, 36.1], [114.35, 36.1], [114.47, 36.095]] },
  { name: '中华路', path: [[114.352, 36.0], [114.35, 36.1], [114.345, 36.18]] },
];

/** Places where incidents cluster (generated hotspots), drawn around dense urban grids and seats. */
export const INCIDENT_HOTSPOTS = 24;
