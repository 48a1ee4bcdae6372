/**
 * Vacuuming the hot tables when the database does not (server/services/maintenance/vacuum-schedule.ts): embedded
 * PGlite never vacuums by itself; a PostgreSQL server does exactly when `autovacuum` is on. A pass vacuums every
 * hot table then (the server's statistics record each one); with autovacuum on, a
 * pass leaves the work to the server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, testLog, type TestDatabase } from '../support/test-database.ts';
import { HOT_TABLES, vacuumsByItself, vacuumTable } from '../../server/db/core/maintenance-sql.ts';
import { startVacuumSchedule } from '../../server/services/maintenance/vacuum-schedule.ts';

let t: TestDatabase;

beforeAll(async () => {
  t = await openTestDatabase();
}, 600_000);
afterAll(async () => t?.dispose());

describe('vacuuming the hot tables', () => {
  it('knows whether the database vacuums by itself', async () => {
    if (t.kind === 'embedded') expect(await vacuumsByItself(t.db)).toBe(false);
    else {
      const { rows } = await t.db.query<{ s: string }>(`SELECT current_setting('autovacuum') AS s`);
      expect(await vacuumsByItself(t.db)).toBe(rows[0]!.s === 'on');
    }
  });

  it('a pass vacuums every hot table when nobody else does', async () => {
    for (let i = 0; i < 5; i++) await t.db.query(`UPDATE units SET heading_deg = ${i * 10}`);
    const schedule = startVacuumSchedule({ db: t.db, log: testLog, minutes: 0 });
    try {
      const self = await vacuumsByItself(t.db);
      const done = await schedule.pass();
      expect(done).toEqual(self ? [] : [...HOT_TABLES]);
      if (!self && t.kind === 'postgis') {
        // The server's statistics record each vacuum (they reach the view within a second or so).
        const vacuumed = async () => (await t.db.query<{ n: number }>(
          `SELECT count(*)::integer AS n FROM pg_stat_user_tables WHERE relname = ANY($1::text[]) AND last_vacuum IS NOT NULL`, [[...HOT_TABLES]])).rows[0]!.n;
        await expect.poll(vacuumed, { timeout: 10_000 }).toBe(HOT_TABLES.length);
      }
    } finally {
      schedule.stop();
    }
  });

  it('vacuums only the hot tables it knows', async () => {
    await expect(vacuumTable(t.db, 'users; DROP TABLE units' as never)).rejects.toThrow(/not a hot table/);
  });
});
