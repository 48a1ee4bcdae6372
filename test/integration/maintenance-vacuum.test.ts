/**
 * Vacuuming the hot tables when the database does not (server/services/maintenance/vacuum-schedule.ts): embedded
 * PGlite never vacuums by itself; a PostgreSQL server does exactly when `autovacuum` is on. A pass then vacuums the
 * tables whose dead rows pass autovacuum's thresholds (every hot table on PGlite, which keeps no counters); with
 * autovacuum on, a
 * pass leaves the work to the server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, testLog, type TestDatabase } from '../support/test-database.ts';
import { HOT_TABLES, maintainTable, vacuumsByItself } from '../../server/db/core/maintenance-sql.ts';
import { ANALYZE_EVERY, planMaintenance, startVacuumSchedule } from '../../server/services/maintenance/vacuum-schedule.ts';

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

  it('a pass vacuums the tables with dead rows when nobody else does', async () => {
    for (let i = 0; i < 5; i++) await t.db.query(`UPDATE units SET heading_deg = ${i * 10}`);
    if (t.kind === 'postgis') await t.db.query('SELECT pg_stat_force_next_flush()').catch(() => undefined);
    const schedule = startVacuumSchedule({ db: t.db, log: testLog, minutes: 0 });
    try {
      const self = await vacuumsByItself(t.db);
      // The server's counters reach pg_stat_user_tables within a moment: the pass is asked until it sees the units.
      let done = await schedule.pass();
      if (!self && t.kind === 'postgis') {
        for (let i = 0; i < 20 && !done.some((w) => w.table === 'units'); i++) {
          await new Promise((r) => setTimeout(r, 500));
          done = await schedule.pass();
        }
      }
      if (self) expect(done).toEqual([]);
      else if (t.kind === 'embedded') expect(done.map((w) => w.table)).toEqual([...HOT_TABLES]);
      else {
        expect(done.find((w) => w.table === 'units')?.vacuum).toBe(true);
        await expect.poll(async () => (await t.db.query<{ v: boolean }>(`SELECT last_vacuum IS NOT NULL AS v FROM pg_stat_user_tables WHERE relname = 'units'`)).rows[0]!.v, { timeout: 10_000 }).toBe(true);
      }
    } finally {
      schedule.stop();
    }
  });

  it('plans as autovacuum would: dead rows over 50 + 20 %, changes over 50 + 10 %; without counters, everything', () => {
    const plan = planMaintenance([
      { table: 'units', live: 1_500, dead: 351, modifiedSinceAnalyze: 0 },
      { table: 'incidents', live: 135_000, dead: 20_000, modifiedSinceAnalyze: 13_551 },
      { table: 'grids', live: 6_249, dead: 0, modifiedSinceAnalyze: 6_249 },
      { table: 'warnings', live: 10, dead: 40, modifiedSinceAnalyze: 40 },
    ], 1);
    expect(plan).toEqual([
      { table: 'units', vacuum: true, analyze: false },
      { table: 'incidents', vacuum: false, analyze: true },
      { table: 'grids', vacuum: false, analyze: true },
    ]);
    expect(planMaintenance(null, 1).every((w) => w.vacuum && !w.analyze)).toBe(true);
    expect(planMaintenance(null, ANALYZE_EVERY).every((w) => w.vacuum && w.analyze)).toBe(true);
  });

  it('vacuums only the hot tables it knows', async () => {
    await expect(maintainTable(t.db, 'users; DROP TABLE units' as never, { vacuum: true, analyze: false })).rejects.toThrow(/not a hot table/);
  });
});
