/**
 * The race (issue 11 "Done when"): two dispatchers assign the same unit to two incidents at the same moment, 1,000
 * times over HTTP against the real server (PostGIS when TEST_DATABASE_URL is set; a shorter run on the embedded
 * store, whose single connection serialises everything anyway). Each time exactly one wins (201) and the other gets
 * 409 UNIT_UNAVAILABLE naming the winner's incident; no unit is ever on two open incidents; and the loser can see
 * the new state on the live feed (the unit's DISPATCHED row).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { startLiveApp, type LiveApp } from '../support/live-app.ts';
import { bearer, issueTestToken } from '../support/test-tokens.ts';
import { headSeq, readChanges } from '../../server/db/live/changes-repository.ts';

const PORT = 9114;
let t: TestDatabase;
let app: LiveApp;
let tokens: [string, string];
let ROUNDS = 1000;

beforeAll(async () => {
  t = await openTestDatabase();
  if (t.kind !== 'postgis') ROUNDS = 100;
  const ids = Array.from({ length: ROUNDS }, (_, i) => i);
  await t.db.query(
    `INSERT INTO incidents (id, event_no, title, source, source_label, category, category_label, urgency, urgency_label, scale, scale_label,
       status, status_label, reported_at, deadline, district_code, geom)
     SELECT 'RACE-' || side || '-' || i, 'RACE-' || side || '-' || i, '抢派测试', 'HOTLINE_12345', '12345热线', '02', '治安隐患', 'URGENT', '紧急',
       'GENERAL', '一般', 'ACCEPTED', '已受理', now(), now() + interval '1 day', '410502', ST_SetSRID(ST_MakePoint(114.3925, 36.0975), 4326)
     FROM unnest($1::int[]) AS i, unnest(ARRAY['A', 'B']) AS side`,
    [ids],
  );
  await t.db.query(
    `INSERT INTO units (id, name, type, type_label, status, status_label, district_code, geom, generated)
     SELECT 'RACE-U' || i, '抢派' || i, 'POLICE_PATROL', '巡逻警力', 'AVAILABLE', '待命', '410502', ST_SetSRID(ST_MakePoint(114.39, 36.1), 4326), true
     FROM unnest($1::int[]) AS i`,
    [ids],
  );
  app = await startLiveApp(t.db, PORT);
  tokens = [app.token, await issueTestToken(t.db, 'dispatcher', '410502')];
}, 600_000);
afterAll(async () => {
  await app?.close();
  await t?.dispose();
});

async function assign(incident: string, unitId: string, token: string) {
  const res = await fetch(`${app.url}/api/incidents/${incident}/assignments`, {
    method: 'POST',
    headers: { ...bearer(token), 'Content-Type': 'application/json' },
    body: JSON.stringify({ unitId, version: 1 }),
  });
  return { status: res.status, body: (await res.json()) as { error?: { code: string; details: { incidentId: string; status: string } } } };
}

describe('two dispatchers, one unit', () => {
  it('exactly one wins each of the rounds; no unit is ever on two open incidents', async () => {
    const start = await headSeq(t.db);
    let wins = 0;
    for (let i = 0; i < ROUNDS; i++) {
      const unit = `RACE-U${i}`;
      const [a, b] = await Promise.all([assign(`RACE-A-${i}`, unit, tokens[0]), assign(`RACE-B-${i}`, unit, tokens[1])]);
      const statuses = [a.status, b.status].sort();
      expect(statuses, `round ${i}: ${JSON.stringify([a.body, b.body])}`).toEqual([201, 409]);
      const loser = a.status === 409 ? a : b;
      const winner = a.status === 201 ? `RACE-A-${i}` : `RACE-B-${i}`;
      expect(loser.body.error).toMatchObject({ code: 'UNIT_UNAVAILABLE', details: { incidentId: winner, status: 'DISPATCHED' } });
      const open = await t.db.query<{ incident_id: string }>('SELECT incident_id FROM incident_assignments WHERE unit_id = $1 AND released_at IS NULL', [unit]);
      expect(open.rows.map((r) => r.incident_id)).toEqual([winner]);
      wins += 1;
    }
    expect(wins).toBe(ROUNDS);
    const doubled = await t.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM (SELECT assigned_unit_id FROM incidents WHERE assigned_unit_id LIKE 'RACE-U%' GROUP BY assigned_unit_id HAVING count(*) > 1) x`,
    );
    expect(doubled.rows[0]!.n).toBe(0);
    const losers = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM incidents WHERE id LIKE 'RACE-%' AND status = 'ACCEPTED' AND version = 1 AND assigned_unit_id IS NULL`);
    expect(losers.rows[0]!.n).toBe(ROUNDS); // the losing side was left exactly as it was
    const pushed = (await readChanges(t.db, start, ROUNDS * 10)).filter((c) => c.layer === 'units' && c.id.startsWith('RACE-U'));
    expect(new Set(pushed.map((c) => c.id)).size).toBe(ROUNDS);
    expect(pushed.every((c) => c.feature?.properties.status === 'DISPATCHED')).toBe(true);
  }, 900_000);
});
