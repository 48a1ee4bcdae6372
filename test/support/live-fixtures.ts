/** Minimal valid features of every live layer, written through the write repository (as the API does). */
import type { Queryable } from '../../server/db/core/database.ts';

export const COMMUNITY = '410502001001';

export const FIXTURES: Record<string, { id: string; properties: Record<string, unknown>; geometry: unknown }> = {
  incidents: {
    id: 'T-INC-1',
    properties: { title: '噪音扰民', source: 'HOTLINE_12345', category: '01', urgency: 'URGENT', scale: 'INDIVIDUAL', district_code: '410502' },
    geometry: { type: 'Point', coordinates: [114.3925, 36.0975] },
  },
  units: {
    id: 'T-UNIT-1',
    properties: { name: '巡逻一组', type: 'POLICE_PATROL', district_code: '410502', speed_kmh: 12.5 },
    geometry: { type: 'Point', coordinates: [114.39, 36.1] },
  },
  cameras: {
    id: '41050000991320000001',
    properties: { name: '文峰大道东口', ptz_type: 1, point_class: 1, status: 'ON', management_unit: '文峰分局', district_code: '410502', installed_on: '2024-05-01' },
    geometry: { type: 'Point', coordinates: [114.4, 36.09] },
  },
  checkpoints: {
    id: 'T-CP-1',
    properties: { name: '107国道卡口', type: 'ELECTRONIC_CHECKPOINT', functions: '01,03', staffed: false, status: 'ON', district_code: '410502' },
    geometry: { type: 'Point', coordinates: [114.41, 36.08] },
  },
  'fire-hazards': {
    id: 'T-FH-1',
    properties: { place_name: '某宾馆', place_type: 'HOTEL', hazard_kind: 'ELECTRICAL', grade: 'GENERAL', deadline: '2026-12-31', district_code: '410502' },
    geometry: { type: 'Point', coordinates: [114.38, 36.1] },
  },
  'rental-housing': {
    id: 'T-RH-1',
    properties: { address: '某小区3号楼', lessor_type: 'PERSON', use: 'RESIDENTIAL', tenant_count: 2, floating_count: 1, registration: 'REGISTERED', hazard_level: 'NONE', district_code: '410502' },
    // inside 文峰区 (its codes are derived from this point; 114.37, 36.11 lay in 北关区)
    geometry: { type: 'Point', coordinates: [114.375, 36.095] },
  },
  grids: {
    id: '410502001001999',
    properties: { name: '第一网格', type: 'COMPREHENSIVE', community_code: COMMUNITY, street_code: '410502001', district_code: '410502', households: 420 },
    geometry: { type: 'Polygon', coordinates: [[[114.38, 36.09], [114.39, 36.09], [114.39, 36.1], [114.38, 36.1], [114.38, 36.09]]] },
  },
};

/** The admin unit the grid fixture belongs to (the test template may hold no admin units). */
export async function ensureCommunity(db: Queryable): Promise<void> {
  await db.query(
    `INSERT INTO admin_units (code, level, level_label, name, district_code, street_code, geom, geom_source, generated)
     VALUES ($1, 4, '村社区', '测试社区', '410502', '410502001',
             ST_Multi(ST_MakeEnvelope(114.37, 36.08, 114.40, 36.11, 4326)), 'test fixture', true)
     ON CONFLICT (code) DO NOTHING`,
    [COMMUNITY],
  );
}
