/**
 * Golden fixtures for the OGC API and tile tests: a few hand-written rows per layer, including awkward
 * ones (Chinese text, nulls, a polygon stored clockwise with a hole, points exactly on a z14 tile edge),
 * plus a run of generated cameras for paging. Provenance: written by hand for these tests; admin names and
 * codes are the real GB/T 2260 ones of Anyang, coordinates are made up inside the city.
 * `loadOgcFixtures` empties the layer tables of the (private) test database first, so counts are exact.
 */
import type { Database } from '../../server/db/core/database.ts';

/** Left edge of z14 tile x=13396 (exact in binary): a point here lies on the edge of two tiles. */
export const EDGE_LNG = (13396 / 2 ** 14) * 360 - 180; // 114.345703125
export const GENERATED_CAMERAS = 60;
export const CAMERA_COUNT = 6 + GENERATED_CAMERAS;

const square = (x1: number, y1: number, x2: number, y2: number, clockwise = false) => {
  const ring = [[x1, y1], [x2, y1], [x2, y2], [x1, y2], [x1, y1]];
  return clockwise ? ring.reverse() : ring;
};
const mp = (...polys: number[][][][]) => JSON.stringify({ type: 'MultiPolygon', coordinates: polys });
const pt = (lng: number, lat: number) => JSON.stringify({ type: 'Point', coordinates: [lng, lat] });

const TABLES = [
  'units', 'incidents', 'fire_hazards', 'rental_housing', 'checkpoints', 'cameras', 'depot_stock', 'depots',
  'key_places', 'grid_workers', 'grids', 'admin_units', 'warnings',
];

async function insert(db: Database, table: string, row: Record<string, unknown>): Promise<void> {
  const cols = Object.keys(row);
  const values = cols.map((c, i) => (c === 'geom' ? `ST_SetSRID(ST_GeomFromGeoJSON($${i + 1}), 4326)` : `$${i + 1}`));
  await db.query(`INSERT INTO ${table} (${cols.join(', ')}) VALUES (${values.join(', ')})`, cols.map((c) => row[c]));
}

export async function loadOgcFixtures(db: Database): Promise<void> {
  await db.exec(`TRUNCATE ${TABLES.join(', ')} CASCADE`);
  const admin = { generated: false, geom_source: 'test fixture' };
  await insert(db, 'admin_units', { ...admin, code: '410500', level: 1, level_label: '市', name: '安阳市', geom: mp([square(113.6, 35.2, 115.0, 36.4)]) });
  // Stored clockwise, with a counter-clockwise hole: the API must answer with a CCW exterior and a CW hole.
  await insert(db, 'admin_units', {
    ...admin, code: '410502', level: 2, level_label: '区县', name: '文峰区', parent_code: '410500', district_code: '410502',
    households: 123456, population: null,
    geom: mp([square(114.30, 36.00, 114.45, 36.12, true), square(114.36, 36.05, 114.38, 36.07, false)]),
  });
  await insert(db, 'admin_units', {
    ...admin, code: '410503', level: 2, level_label: '区县', name: '北关区', parent_code: '410500', district_code: '410503',
    geom: mp([square(114.30, 36.12, 114.45, 36.20)]),
  });
  await insert(db, 'admin_units', {
    ...admin, code: '410502001', level: 3, level_label: '乡镇街道', name: '东大街街道', parent_code: '410502', district_code: '410502', street_code: '410502001',
    geom: mp([square(114.33, 36.08, 114.36, 36.10)]),
  });
  await insert(db, 'admin_units', {
    ...admin, code: '410502001001', level: 4, level_label: '村社区', name: '仓巷街社区', parent_code: '410502001', district_code: '410502', street_code: '410502001',
    geom: mp([square(114.34, 36.085, 114.35, 36.095)]),
  });
  await insert(db, 'grids', {
    code: '410502001001001', name: '仓巷街社区第1网格', type: 'COMPREHENSIVE', type_label: '综合网格', community_code: '410502001001',
    street_code: '410502001', district_code: '410502', households: 420, population: 1180, worker_count: 2,
    geom: mp([square(114.34, 36.085, EDGE_LNG, 36.09)]),
  });

  const cam = (id: string, over: Record<string, unknown>) => ({
    id, name: '测试摄像机', ptz_type: 1, ptz_type_label: '球机', point_class: 1, point_class_label: '一类', status: 'ON', status_label: '在线',
    direction_deg: 90, fov_deg: 60, management_unit: '安阳市公安局文峰分局', address: '安阳市文峰区解放大道', installed_on: '2021-06-01',
    district_code: '410502', street_code: '410502001', community_code: '410502001001', grid_code: '410502001001001',
    updated_at: '2026-01-01T00:00:00Z', ...over,
  });
  await insert(db, 'cameras', cam('41050000001310000001', { name: '解放大道与中华路口（东北角）', geom: pt(114.352, 36.0951) }));
  await insert(db, 'cameras', cam('41050000001310000002', {
    name: '文峰区 "引号" \\ 反斜杠 ✓', status: 'OFF', status_label: '离线', ptz_type: 3, ptz_type_label: '固定枪机',
    direction_deg: null, fov_deg: null, address: null, installed_on: null, street_code: null, community_code: null, grid_code: null,
    geom: pt(114.3601, 36.0802),
  }));
  await insert(db, 'cameras', cam('41050000001310000003', { name: '瓦图边缘', geom: pt(EDGE_LNG, 36.0901) }));
  await insert(db, 'cameras', cam('41050000001310000004', { name: '北关区红旗路', district_code: '410503', street_code: null, community_code: null, grid_code: null, point_class: 2, point_class_label: '二类', geom: pt(114.40, 36.15) }));
  await insert(db, 'cameras', cam('41050000001310000005', { name: '林州市红旗渠', district_code: '410581', street_code: null, community_code: null, grid_code: null, point_class: 9, point_class_label: '其他', geom: pt(113.82, 36.07) }));
  await insert(db, 'cameras', cam('41050000001310000006', { name: '滑县道口镇', district_code: '410526', street_code: null, community_code: null, grid_code: null, status: 'OFF', status_label: '离线', geom: pt(114.52, 35.57) }));
  await db.query(`
    INSERT INTO cameras (id, name, ptz_type, ptz_type_label, point_class, point_class_label, status, status_label, management_unit,
                         district_code, geom, updated_at)
    SELECT '4105000000132' || lpad(i::text, 7, '0'), '生成摄像机' || i, 2, '半球', 3, '三类',
           CASE WHEN i % 3 = 0 THEN 'OFF' ELSE 'ON' END, CASE WHEN i % 3 = 0 THEN '离线' ELSE '在线' END, '测试单位', '410502',
           ST_SetSRID(ST_MakePoint(114.34 + (i % 10) * 0.002, 36.08 + (i / 10) * 0.002), 4326), '2026-02-01T00:00:00Z'
    FROM generate_series(1, ${GENERATED_CAMERAS}) i`);

  await insert(db, 'checkpoints', {
    id: 'CP-0001', name: '安阳东收费站公安检查站', type: 'POLICE_CHECKPOINT', type_label: '公安检查站', staffed: true, status: 'ON', status_label: '在线',
    district_code: '410502', geom: pt(114.42, 36.10),
  });
  await insert(db, 'checkpoints', {
    id: 'CP-0002', name: '电子卡口（人脸/机动车）', type: 'ELECTRONIC_CHECKPOINT', type_label: '电子卡口', functions: '01,03', function_labels: '人脸,机动车',
    staffed: false, status: 'OFF', status_label: '离线', district_code: '410503', geom: pt(114.38, 36.16),
  });
  const hazard = {
    place_type: 'CROWDED', place_type_label: '人员密集场所', hazard_kind: 'BLOCKED_EXIT', hazard_kind_label: '堵塞疏散通道', grade: 'GENERAL', grade_label: '一般隐患',
    status: 'REGISTERED', status_label: '已登记', deadline: '2026-03-01', district_code: '410502',
  };
  await insert(db, 'fire_hazards', { ...hazard, id: 'FH-0001', place_name: '万达广场', found_at: '2026-01-10T02:00:00Z', geom: pt(114.36, 36.09) });
  await insert(db, 'fire_hazards', { ...hazard, id: 'FH-0002', place_name: '红旗渠宾馆', grade: 'MAJOR', grade_label: '重大火灾隐患', found_at: '2026-02-20T08:30:00Z', geom: pt(113.83, 36.06) });
  await insert(db, 'rental_housing', {
    id: 'RH-0001', address: '文峰区仓巷街12号', lessor_type: 'PERSON', lessor_type_label: '个人', use: 'RESIDENTIAL', use_label: '居住', tenant_count: 3, floating_count: 2,
    registration: 'REGISTERED', registration_label: '已登记', hazard_level: 'NONE', hazard_level_label: '无隐患', district_code: '410502', geom: pt(114.345, 36.088),
  });
  const incident = {
    description: null, source: 'GRID_WORKER', source_label: '网格员上报', category: '01', category_label: '矛盾纠纷', urgency: 'NORMAL', urgency_label: '一般',
    scale: 'INDIVIDUAL', scale_label: '个体', status: 'REPORTED', status_label: '已上报', deadline: '2026-03-04T00:00:00Z', district_code: '410502',
  };
  await insert(db, 'incidents', { ...incident, id: 'EV-0001', event_no: 'AY20260301001', title: '邻里噪音纠纷', reported_at: '2026-03-01T01:00:00Z', geom: pt(114.351, 36.091) });
  await insert(db, 'incidents', { ...incident, id: 'EV-0002', event_no: 'AY20260302001', title: '占道经营', supervised: true, reported_at: '2026-03-02T12:00:00Z', geom: pt(114.37, 36.10) });
  await insert(db, 'incidents', { ...incident, id: 'EV-0003', event_no: 'AY20260315001', title: '井盖缺失', status: 'CLOSED', status_label: '已办结', reported_at: '2026-03-15T23:59:59Z', geom: pt(114.40, 36.15), district_code: '410503' });
  await insert(db, 'depots', { id: 'DP-0001', name: '安阳市应急物资储备库', level: 'CITY', level_label: '市级', district_code: '410502', geom: pt(114.33, 36.07) });
  await db.query(`INSERT INTO depot_stock (depot_id, category, category_label, item, quantity, unit) VALUES
    ('DP-0001', 'FLOOD', '防汛', '编织袋', 5000, '条'), ('DP-0001', 'LIGHTING', '照明', '应急灯', 40, '台')`);
  await insert(db, 'units', {
    id: 'UN-0001', name: '文峰巡逻一组', callsign: '文巡01', type: 'POLICE_PATROL', type_label: '巡逻警力', status: 'AVAILABLE', status_label: '待命', headcount: 2,
    heading_deg: 45, speed_kmh: 12.3, position_at: '2026-03-01T08:00:00.123Z', district_code: '410502', geom: pt(114.355, 36.093),
  });
  await insert(db, 'key_places', { id: 'KP-0001', name: '安阳市第一中学', type: 'SCHOOL', type_label: '学校', district_code: '410502', geom: pt(114.349, 36.096) });
  await insert(db, 'warnings', {
    id: 'YJ20260301000001', level: 2, level_label: '二级预警', kind: 'COVERAGE', kind_label: '覆盖不达标', status: 'ACTIVE', status_label: '预警中',
    title: '8分钟内无可用消防救援力量', reason: '测试夹具', evidence: JSON.stringify({ fixture: true }), cause_key: 'FIXTURE:1',
    district_code: '410502', raised_at: '2026-03-01T08:00:00.000Z', geom: mp([square(114.34, 36.09, 114.35, 36.1)]),
  });
}
