/**
 * Migration 030 on a database that already holds units (an upgrade): it is undone on a copy of the test template
 * and applied again, so the backfill of the units' street and community codes runs on real data, on PostGIS and on
 * PGlite alike.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../../server/db/core/migrate.ts';
import { openTestDatabase, type TestDatabase } from '../support/test-database.ts';

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
}, 600_000);
afterAll(async () => t?.dispose());

const UNDO_030 = `
  SET LOCAL pingan.capture = 'off';
  DROP TRIGGER incidents_version ON incidents;
  DROP TRIGGER units_version ON units;
  -- CASCADE: later migrations (040 warnings) version their rows with it too; this private copy only re-runs 030.
  DROP FUNCTION bump_row_version() CASCADE;
  ALTER TABLE incidents DROP CONSTRAINT incidents_status_check, DROP COLUMN version;
  ALTER TABLE units DROP COLUMN version, DROP COLUMN street_code, DROP COLUMN community_code;
  ALTER TABLE incident_flow_log DROP COLUMN actor_id, DROP COLUMN unit_id;
  DROP INDEX incidents_assigned_unit_idx;
  DELETE FROM schema_migrations WHERE version = '030_lifecycle';
`;

describe('migration 030 on existing data', () => {
  it('gives existing units the street and community they stand in, inside their own district, and versions 1', async () => {
    // A unit parked outside its own district keeps only the district (its finer codes cleared first: codes nest, 031).
    const stray = await t.db.query<{ id: string }>(
      `UPDATE units SET district_code = '410503', street_code = NULL, community_code = NULL WHERE id = (SELECT min(id) FROM units WHERE district_code = '410502') RETURNING id`,
    );
    await t.db.transaction((tx) => tx.exec(UNDO_030));
    expect(await migrate(t.db)).toContain('030_lifecycle');
    const { rows } = await t.db.query<{ total: number; coded: number; wrong: number; versions: number[] }>(`
      SELECT count(*)::integer AS total, count(street_code)::integer AS coded,
             count(*) FILTER (WHERE street_code IS NOT NULL AND NOT EXISTS (
               SELECT 1 FROM admin_units s WHERE s.code = u.street_code AND s.level = 3 AND s.district_code = u.district_code
                 AND ST_Intersects(s.geom, u.geom)))::integer AS wrong,
             array_agg(DISTINCT version) AS versions
      FROM units u`);
    const r = rows[0]!;
    expect(r.coded).toBeGreaterThan(r.total * 0.9);
    expect(r.wrong).toBe(0);
    expect(r.versions).toEqual([1]);
    const strayRow = await t.db.query<{ street_code: string | null }>('SELECT street_code FROM units WHERE id = $1', [stray.rows[0]!.id]);
    expect(strayRow.rows[0]!.street_code).toBeNull();
    const communities = await t.db.query<{ bad: number }>(`
      SELECT count(*)::integer AS bad FROM units u WHERE community_code IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM admin_units c WHERE c.code = u.community_code AND c.street_code = u.street_code AND ST_Intersects(c.geom, u.geom))`);
    expect(communities.rows[0]!.bad).toBe(0);
  });
});
