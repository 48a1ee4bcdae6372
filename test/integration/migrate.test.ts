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
