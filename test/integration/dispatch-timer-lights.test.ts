/**
 * Timer lights that turn because time passed (issue 11): the scheduler's pass rewrites exactly the incidents whose
 * light crossed 80 % or the deadline — nothing else — without moving their version, so the change feed pushes
 * exactly those; the SQL rule agrees with lifecycle.ts timerLight on every status and share of the time limit.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, testLog, type TestDatabase } from '../support/test-database.ts';
import { headSeq, readChanges } from '../../server/db/live/changes-repository.ts';
import { refreshTimerLights } from '../../server/db/dispatch/timer-lights-repository.ts';
import { startTimerLightScheduler } from '../../server/services/dispatch/timer-light-scheduler.ts';
import { INCIDENT_STATUSES, timerLight } from '../../server/domain/incidents/lifecycle.ts';

let t: TestDatabase;
const H = 3_600_000;
const T0 = Date.parse('2026-12-04T00:00:00Z');

beforeAll(async () => {
  t = await openTestDatabase();
  await refreshTimerLights(t.db, new Date(T0)); // the seeded incidents get their lights once
}, 600_000);
afterAll(async () => t?.dispose());

async function insert(id: string, status: string, reportedAt: number, limitHours: number): Promise<void> {
  await t.db.query(
    `INSERT INTO incidents (id, event_no, title, source, source_label, category, category_label, urgency, urgency_label, scale, scale_label,
       status, status_label, reported_at, deadline, district_code, geom)
     VALUES ($1, $1, '计时测试', 'HOTLINE_12345', '12345热线', '01', '矛盾纠纷', 'NORMAL', '一般', 'GENERAL', '一般', $2, $2, $3, $4, '410502',
       ST_SetSRID(ST_MakePoint(114.39, 36.09), 4326))`,
    [id, status, new Date(reportedAt).toISOString(), new Date(reportedAt + limitHours * H).toISOString()],
  );
}
const lights = async (ids: string[]) =>
  Object.fromEntries((await t.db.query<{ id: string; timer_light: string | null; version: number }>('SELECT id, timer_light, version FROM incidents WHERE id = ANY($1::text[])', [ids])).rows.map((r) => [r.id, r]));

describe('timer lights', () => {
  it('pushes exactly the incidents whose light turned, within one pass, without a version bump', async () => {
    // 10 h limits, reported 7.9 h before T0: YELLOW at 8 h, RED after 10 h.
    await insert('TL-A', 'PROCESSING', T0 - 7.9 * H, 10);
    await insert('TL-B', 'REPORTED', T0 - 9.95 * H, 10);
    await insert('TL-C', 'ACCEPTED', T0 - 1 * H, 10);
    await insert('TL-D', 'CLOSED', T0 - 20 * H, 10);
    const ids = ['TL-A', 'TL-B', 'TL-C', 'TL-D'];
    let now = T0;
    const sched = startTimerLightScheduler({ db: t.db, log: testLog, everyMs: 60_000, now: () => new Date(now) });
    try {
      expect((await sched.tick()).sort()).toEqual(['TL-A', 'TL-B', 'TL-C']); // first lights
      expect(Object.values(await lights(ids)).map((r) => [r.timer_light, r.version])).toEqual([['GREEN', 1], ['YELLOW', 1], ['GREEN', 1], [null, 1]]);
      expect(await sched.tick()).toEqual([]); // nothing turned
      const start = await headSeq(t.db);
      now = T0 + 0.2 * H; // A crosses 80 %, B its deadline
      expect((await sched.tick()).sort()).toEqual(['TL-A', 'TL-B']);
      const pushed = (await readChanges(t.db, start, 100)).filter((c) => c.layer === 'incidents');
      expect(pushed.map((c) => [c.id, c.feature?.properties.timer_light, c.feature?.properties.version]).sort()).toEqual([['TL-A', 'YELLOW', 1], ['TL-B', 'RED', 1]]);
      await t.db.query(`UPDATE incidents SET status = 'CLOSED', status_label = '已办结' WHERE id = 'TL-A'`); // ended by a writer that forgot the light
      expect(await sched.tick()).toEqual(['TL-A']);
      expect((await lights(['TL-A']))['TL-A']!.timer_light).toBeNull();
    } finally {
      sched.stop();
    }
  });

  it('computes in SQL what lifecycle.ts timerLight computes, for every status and share of the limit', async () => {
    const shares = [0, 0.5, 0.7999, 0.8, 0.9, 1, 1.0001, 3];
    const cases = INCIDENT_STATUSES.flatMap((s) => shares.map((share) => ({ id: `TLX-${s}-${share}`, status: s, share })));
    for (const c of cases) await insert(c.id, c.status, T0 - c.share * 10 * H, 10);
    await refreshTimerLights(t.db, new Date(T0));
    const got = await lights(cases.map((c) => c.id));
    for (const c of cases) expect(got[c.id]!.timer_light, c.id).toBe(timerLight(c.status, T0 - c.share * 10 * H, T0 - c.share * 10 * H + 10 * H, T0));
  });
});
