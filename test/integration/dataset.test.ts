import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, TEST_DATASET, type TestDatabase } from '../support/test-database.ts';
import { DATASET_PARTS, loadDataset } from '../../server/db/dataset/dataset-loader.ts';
import { LAYER_COUNTS } from '../../server/dataset/core/constants.ts';

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(async () => t?.dispose());

const count = async (sql: string, params: unknown[] = []) => (await t.db.query<{ n: number }>(sql, params)).rows[0]!.n;
const POINT_TABLES = ['cameras', 'checkpoints', 'fire_hazards', 'rental_housing', 'incidents', 'key_places'];

describe('the seeded template', () => {
  it('records every part and holds the expected rows', async () => {
    const { rows } = await t.db.query<{ part: string; seed: number; scale: number }>('SELECT part, seed, scale FROM dataset_loads');
    expect(rows.map((r) => r.part).sort()).toEqual([...DATASET_PARTS].sort());
    expect(rows.every((r) => r.seed === TEST_DATASET.seed && Math.abs(r.scale - TEST_DATASET.scale) < 1e-6)).toBe(true);
    const levels = await t.db.query<{ level: number; n: number }>('SELECT level, count(*)::int AS n FROM admin_units GROUP BY level ORDER BY level');
    expect(levels.rows).toEqual([{ level: 1, n: 1 }, { level: 2, n: 10 }, { level: 3, n: 137 }, { level: 4, n: 3287 }]);
    expect(await count(`SELECT count(*)::int AS n FROM grids WHERE type = 'COMPREHENSIVE'`)).toBeGreaterThanOrEqual(4000);
    expect(await count(`SELECT count(*)::int AS n FROM grids WHERE type = 'DEDICATED'`)).toBeGreaterThanOrEqual(300);
    expect(await count('SELECT count(*)::int AS n FROM cameras')).toBe(Math.round(LAYER_COUNTS.cameras * TEST_DATASET.scale));
    expect(await count('SELECT count(*)::int AS n FROM rental_housing')).toBe(Math.round(LAYER_COUNTS.rentalHousing * TEST_DATASET.scale));
    expect(await count('SELECT count(*)::int AS n FROM rental_housing_personal')).toBe(await count('SELECT count(*)::int AS n FROM rental_housing'));
    expect(await count('SELECT count(*)::int AS n FROM fire_hazards')).toBe(Math.round(LAYER_COUNTS.fireHazards * TEST_DATASET.scale));
    const incidents = await count('SELECT count(*)::int AS n FROM incidents');
    expect(incidents).toBeGreaterThan(LAYER_COUNTS.incidentsPerDay * LAYER_COUNTS.incidentDays * TEST_DATASET.scale * 0.85);
    expect(await count('SELECT count(*)::int AS n FROM incident_flow_log')).toBeGreaterThan(incidents * 3);
    expect(await count(`SELECT count(*)::int AS n FROM checkpoints WHERE type = 'POLICE_STATION'`)).toBe(137);
    expect(await count('SELECT count(*)::int AS n FROM grid_workers')).toBeGreaterThan(4000);
    expect(await count('SELECT count(*)::int AS n FROM depot_stock')).toBeGreaterThan(await count('SELECT count(*)::int AS n FROM depots'));
    expect(await count('SELECT sum(households)::int AS n FROM grids')).toBe(1_830_000);
    expect(await count(`SELECT population AS n FROM admin_units WHERE code = '410500'`)).toBe(5_480_000);
  });

  it('labels real and generated rows', async () => {
    expect(await count(`SELECT count(*)::int AS n FROM admin_units WHERE NOT generated`)).toBe(10); // city + 9 real districts
    expect(await count(`SELECT count(*)::int AS n FROM admin_units WHERE generated AND level IN (1, 2) AND code <> '410571'`)).toBe(0);
    for (const table of [...POINT_TABLES, 'grids', 'units', 'depots', 'grid_workers']) {
      expect(await count(`SELECT count(*)::int AS n FROM ${table} WHERE NOT generated`), table).toBe(0);
    }
  });
});

describe('geometry', () => {
  it('has valid, non-empty polygons', async () => {
    expect(await count('SELECT count(*)::int AS n FROM admin_units WHERE ST_IsEmpty(geom) OR NOT ST_IsValid(geom)')).toBe(0);
    expect(await count('SELECT count(*)::int AS n FROM grids WHERE ST_IsEmpty(geom)')).toBe(0);
  });

  it('keeps every street and community inside its district (10 m tolerance)', async () => {
    const outside = await count(`
      WITH d AS MATERIALIZED (SELECT code, ST_Buffer(geom, 0.0001) AS geom FROM admin_units WHERE level = 2)
      SELECT count(*)::int AS n FROM admin_units u JOIN d ON d.code = u.district_code
      WHERE u.level IN (3, 4) AND NOT ST_Within(u.geom, d.geom)`);
    expect(outside).toBe(0);
  });

  it('partitions each district into its streets and each street into its communities (area within 0.5 %)', async () => {
    const { rows } = await t.db.query<{ code: string; parent: number; children: number }>(`
      SELECT p.code, ST_Area(p.geom) AS parent, sum(ST_Area(c.geom)) AS children
      FROM admin_units p JOIN admin_units c ON c.parent_code = p.code
      WHERE p.level = 3 OR (p.level = 2 AND p.code NOT IN ('410502', '410503', '410505', '410506'))
      GROUP BY p.code, p.geom`);
    expect(rows.length).toBeGreaterThan(140);
    for (const r of rows) expect(Math.abs(r.children / r.parent - 1), r.code).toBeLessThan(0.005);
  });

  it('puts each comprehensive grid in exactly its community and covers the community', async () => {
    expect(await count(`SELECT count(*)::int AS n FROM grids WHERE substr(code, 1, 12) <> community_code`)).toBe(0);
    const misplaced = await count(`
      WITH c AS MATERIALIZED (SELECT code, street_code, district_code, ST_Buffer(geom, 0.0001) AS geom FROM admin_units WHERE level = 4)
      SELECT count(*)::int AS n FROM grids g JOIN c ON c.code = g.community_code
      WHERE NOT ST_Within(g.geom, c.geom)
         OR c.street_code <> g.street_code OR c.district_code <> g.district_code`);
    expect(misplaced).toBe(0);
    const { rows } = await t.db.query<{ ratio: number }>(`
      SELECT sum(ST_Area(g.geom)) / ST_Area(c.geom) AS ratio FROM grids g JOIN admin_units c ON c.code = g.community_code
      WHERE g.type = 'COMPREHENSIVE' GROUP BY c.code, c.geom`);
    expect(rows).toHaveLength(3287);
    for (const r of rows) expect(Math.abs(r.ratio - 1)).toBeLessThan(0.005);
  });

  it('attributes every point to the grid, community and district that contain it', async () => {
    for (const table of POINT_TABLES) {
      const wrong = await count(`
        SELECT count(*)::int AS n FROM ${table} p
        LEFT JOIN grids g ON g.code = p.grid_code
        LEFT JOIN admin_units c ON c.code = p.community_code
        LEFT JOIN admin_units d ON d.code = p.district_code
        WHERE g.code IS NULL OR c.code IS NULL OR d.code IS NULL
           OR NOT ST_DWithin(g.geom, p.geom, 0.00001) OR NOT ST_DWithin(c.geom, p.geom, 0.00001)
           OR NOT ST_DWithin(d.geom, p.geom, 0.00001) OR c.district_code <> p.district_code`);
      expect(wrong, table).toBe(0);
    }
  });
});

describe('references (seed rows are loaded without trigger checks)', () => {
  it('has no orphans', async () => {
    const orphans = [
      'SELECT count(*)::int AS n FROM grid_workers w LEFT JOIN grids g ON g.code = w.grid_code WHERE g.code IS NULL',
      'SELECT count(*)::int AS n FROM grid_workers_personal p LEFT JOIN grid_workers w ON w.id = p.worker_id WHERE w.id IS NULL',
      'SELECT count(*)::int AS n FROM rental_housing_personal p LEFT JOIN rental_housing r ON r.id = p.housing_id WHERE r.id IS NULL',
      'SELECT count(*)::int AS n FROM incident_flow_log f LEFT JOIN incidents i ON i.id = f.incident_id WHERE i.id IS NULL',
      'SELECT count(*)::int AS n FROM incident_parties f LEFT JOIN incidents i ON i.id = f.incident_id WHERE i.id IS NULL',
      'SELECT count(*)::int AS n FROM depot_stock s LEFT JOIN depots d ON d.id = s.depot_id WHERE d.id IS NULL',
      'SELECT count(*)::int AS n FROM units u WHERE (u.grid_worker_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM grid_workers w WHERE w.id = u.grid_worker_id)) OR (u.home_depot_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM depots d WHERE d.id = u.home_depot_id))',
      'SELECT count(*)::int AS n FROM grids g LEFT JOIN admin_units c ON c.code = g.community_code WHERE c.code IS NULL',
      `SELECT count(*)::int AS n FROM grids g WHERE g.type = 'DEDICATED' AND NOT EXISTS (SELECT 1 FROM key_places k WHERE k.id = g.dedicated_to)`,
    ];
    for (const sql of orphans) expect(await count(sql), sql).toBe(0);
  });

  it('logs each incident from REPORT to its current status', async () => {
    const bad = await count(`
      SELECT count(*)::int AS n FROM incidents i
      LEFT JOIN LATERAL (SELECT f.to_status FROM incident_flow_log f WHERE f.incident_id = i.id ORDER BY f.at DESC, f.id DESC LIMIT 1) last ON true
      LEFT JOIN LATERAL (SELECT f.action FROM incident_flow_log f WHERE f.incident_id = i.id ORDER BY f.at, f.id LIMIT 1) first ON true
      WHERE last.to_status IS DISTINCT FROM i.status OR first.action IS DISTINCT FROM 'REPORT'`);
    expect(bad).toBe(0);
    expect(await count(`SELECT count(*)::int AS n FROM incident_flow_log f JOIN incidents i ON i.id = f.incident_id WHERE f.at < i.reported_at OR f.at > now()`)).toBe(0);
  });
});

describe('re-running the loader', () => {
  it('loads nothing and reports done', async () => {
    const before = await t.db.query('SELECT part, loaded_at, row_count FROM dataset_loads ORDER BY part');
    const cameras = await count('SELECT count(*)::int AS n FROM cameras');
    const progress: { part: string; fraction: number }[] = [];
    await loadDataset(t.db, TEST_DATASET, (p) => progress.push(p));
    expect(progress).toEqual([{ part: 'done', fraction: 1 }]);
    expect((await t.db.query('SELECT part, loaded_at, row_count FROM dataset_loads ORDER BY part')).rows).toEqual(before.rows);
    expect(await count('SELECT count(*)::int AS n FROM cameras')).toBe(cameras);
  });

  it('skips a part another process recorded meanwhile and loads only the missing one', async () => {
    await t.db.exec(`DELETE FROM dataset_loads WHERE part = 'fire_hazards'; DELETE FROM fire_hazards;`);
    const parts: string[] = [];
    await loadDataset(t.db, TEST_DATASET, (p) => parts.push(p.part));
    expect(new Set(parts)).toEqual(new Set(['generating', 'fire_hazards', 'analyze', 'done']));
    expect(await count('SELECT count(*)::int AS n FROM fire_hazards')).toBe(Math.round(LAYER_COUNTS.fireHazards * TEST_DATASET.scale));
  });
});
