import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, readMigrations } from '../../server/db/core/migrate.ts';
import { openTestDatabase, type TestDatabase } from '../support/test-database.ts';

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(async () => t?.dispose());

describe('migrations', () => {
  it('records every migration and re-running applies nothing', async () => {
    const all = await readMigrations();
    const { rows } = await t.db.query<{ version: string }>('SELECT version FROM schema_migrations ORDER BY version');
    expect(rows.map((r) => r.version)).toEqual(all.map((m) => m.version));
    expect(await migrate(t.db)).toEqual([]);
  });

  it('refuses a migration whose text changed after it was applied', async () => {
    const [first, ...rest] = await readMigrations();
    await expect(migrate(t.db, [{ ...first!, checksum: 'edited' }, ...rest])).rejects.toThrow(/was changed/);
  });

  it('has PostGIS and a GiST index on every geometry column', async () => {
    const { rows } = await t.db.query<{ table_name: string }>(`
      SELECT c.table_name FROM information_schema.columns c
      JOIN information_schema.tables tb ON tb.table_name = c.table_name AND tb.table_schema = c.table_schema AND tb.table_type = 'BASE TABLE'
      WHERE c.table_schema = 'public' AND c.udt_name = 'geometry'
        AND NOT EXISTS (SELECT 1 FROM pg_indexes i WHERE i.tablename = c.table_name AND i.indexdef ILIKE '%USING gist (' || c.column_name || ')%')`);
    expect(rows).toEqual([]);
  });
});

describe('migration 032 (geometry validity)', () => {
  it('repairs polygons stored invalid before it, and marks every row with geom_valid', async () => {
    // Back to the state before 032 (without its column), then an invalid grid as the old write path stored it.
    await t.db.exec(`ALTER TABLE grids DROP COLUMN geom_valid; ALTER TABLE admin_units DROP COLUMN geom_valid;
      DELETE FROM schema_migrations WHERE version = '032_geometry_validity'`);
    const { rows: [cell] } = await t.db.query<{ community: string; street: string; district: string }>(
      `SELECT code AS community, parent_code AS street, district_code AS district FROM admin_units WHERE level = 4 ORDER BY code LIMIT 1`);
    const bowtie = '{"type":"MultiPolygon","coordinates":[[[[114.38,36.09],[114.39,36.1],[114.39,36.09],[114.38,36.1],[114.38,36.09]]]]}';
    await t.db.query(
      `INSERT INTO grids (code, name, type, type_label, community_code, street_code, district_code, geom)
       VALUES ('410502001001990', '自交网格', 'COMPREHENSIVE', '综合网格', $1, $2, $3, ST_SetSRID(ST_GeomFromGeoJSON($4), 4326))`,
      [cell!.community, cell!.street, cell!.district, bowtie],
    );
    expect(await migrate(t.db)).toEqual(['032_geometry_validity']);
    const { rows } = await t.db.query<{ valid: boolean; flag: boolean; parts: number }>(
      `SELECT ST_IsValid(geom) AS valid, geom_valid AS flag, ST_NumGeometries(geom) AS parts FROM grids WHERE code = '410502001001990'`);
    expect(rows[0]).toEqual({ valid: true, flag: true, parts: 2 });
    const { rows: unflagged } = await t.db.query<{ n: number }>(
      `SELECT (SELECT count(*) FROM grids WHERE geom_valid IS NOT TRUE) + (SELECT count(*) FROM admin_units WHERE geom_valid IS NOT TRUE) AS n`);
    expect(Number(unflagged[0]!.n)).toBe(0);
  });
});
