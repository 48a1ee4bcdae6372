import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { headSeq, readChanges } from '../../server/db/live/changes-repository.ts';
import { createFeature } from '../../server/db/features/features-write-repository.ts';
import { Simulator } from '../../server/simulator/simulator.ts';
import { DispatchFloor } from '../../server/simulator/dispatch-floor.ts';
import { advance, distanceM, startUnit } from '../../server/simulator/movement.ts';
import { createRng } from '../../server/simulator/random.ts';
import { estimateRouter } from '../../server/domain/dispatch/router.ts';
import { applyTransition } from '../../server/db/incidents/incident-transitions-repository.ts';

const ACTOR = { id: null, name: '模拟调度中心', scope: '410500' };
import { openTestDatabase, testLog, type TestDatabase } from '../support/test-database.ts';
import { FIXTURES } from '../support/live-fixtures.ts';

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
  for (let i = 0; i < 6; i++) {
    await createFeature(t.db, 'units', { ...FIXTURES.units!, id: `SIMU-${i}` }, { generated: true });
    await createFeature(t.db, 'fire-hazards', { ...FIXTURES['fire-hazards']!, id: `SIMH-${i}` }, { generated: true });
  }
  for (let i = 0; i < 200; i++) {
    await createFeature(t.db, 'cameras', { ...FIXTURES.cameras!, id: `4105000099131${String(i).padStart(7, '0')}` }, { generated: true });
  }
});
afterAll(async () => t?.dispose());

describe('simulator on the database', () => {
  it('writes positions, incidents, camera outages and hazard steps through the write path, all as live changes', { timeout: 300_000 }, async () => {
    const start = await headSeq(t.db);
    // One real second = six simulated hours; a day in four steps.
    // Open incidents step slowly here so that the dataset's thousands of open incidents keep the test short.
    const sim = new Simulator({ db: t.db, log: testLog, speed: 6 * 3600, seed: 410500, rates: { incidentStepHours: 24 * 60 } });
    const { rows } = await t.db.query<{ n: number }>(`SELECT count(*)::integer AS n FROM units WHERE status <> 'OFF_DUTY'`);
    const onDuty = rows[0]!.n;
    await sim.load();
    for (let i = 0; i < 4; i++) await sim.step(1);
    const c = sim.counts;
    expect(onDuty).toBeGreaterThanOrEqual(6);
    expect(c.positions).toBe(4 * onDuty);
    expect(c.incidentsCreated).toBeGreaterThan(1000); // ≈ 1,500 a day
    expect(c.incidentsCreated).toBeLessThan(2000);
    expect(c.cameraFlips).toBeGreaterThan(0);
    expect(c.hazardSteps).toBeGreaterThan(0);

    const changes = await readChanges(t.db, start, 100_000);
    const byLayer = (l: string) => changes.filter((x) => x.layer === l);
    // Positions, and the unit status changes of incident steps (sent on DISPATCH, on scene, freed on DISPOSE).
    expect(byLayer('units')).toHaveLength(c.positions + c.unitSteps);
    expect(byLayer('incidents')).toHaveLength(c.incidentsCreated + c.incidentSteps);
    expect(byLayer('cameras')).toHaveLength(c.cameraFlips);
    // Incident steps are lifecycle actions: one flow-log row each, units sent and freed with them.
    expect(c.incidentSteps).toBeGreaterThan(0);
    const logged = await t.db.query<{ n: number }>(`SELECT count(*)::integer AS n FROM incident_flow_log WHERE actor = '模拟调度中心'`);
    expect(logged.rows[0]!.n).toBe(c.incidentSteps);
    expect(byLayer('fire-hazards')).toHaveLength(c.hazardSteps);
    const created = byLayer('incidents')[0]!.feature!.properties;
    expect(created).toMatchObject({ generated: true, status: 'REPORTED', status_label: '已上报' });
    expect(String(created.category_label)).not.toBe('');
    const moved = byLayer('units').at(-1)!.feature!.properties;
    expect(moved.speed_kmh).toBeGreaterThan(0);
    expect(moved.position_at).not.toBeNull();
  });

  it('steps incidents by lifecycle actions, sending the recommended unit and freeing it again', { timeout: 300_000 }, async () => {
    const sim = new Simulator({ db: t.db, log: testLog, speed: 3600, seed: 7, rates: { incidentStepHours: 10 } });
    await sim.load();
    for (let i = 0; i < 2; i++) await sim.step(1);
    const c = sim.counts;
    expect(c.unitSteps).toBeGreaterThan(0);
    const sent = await t.db.query<{ action: string; unit_id: string | null; to_status: string }>(
      `SELECT action, unit_id, to_status FROM incident_flow_log WHERE actor = '模拟调度中心' AND action = 'DISPATCH'`,
    );
    expect(sent.rows.length).toBeGreaterThan(0);
    for (const r of sent.rows) expect(r.unit_id).not.toBeNull();
    // No unit is out on two incidents, and every unit an incident holds is out (not AVAILABLE).
    const held = await t.db.query<{ unit: string; n: number; status: string }>(
      `SELECT i.assigned_unit_id AS unit, count(*)::integer AS n, min(u.status) AS status FROM incidents i JOIN units u ON u.id = i.assigned_unit_id
       WHERE i.assigned_unit_id IS NOT NULL GROUP BY i.assigned_unit_id`,
    );
    expect(held.rows.length).toBeGreaterThan(0);
    for (const r of held.rows) {
      expect(r.n).toBe(1);
      expect(['DISPATCHED', 'EN_ROUTE', 'ON_SCENE']).toContain(r.status);
    }
  });

  it('drives a dispatched unit to the scene: EN_ROUTE, then ON_SCENE with the incident\'s ARRIVE, and back on patrol after DISPOSE', async () => {
    await createFeature(t.db, 'units', { ...FIXTURES.units!, id: 'SIMF-U', properties: { ...FIXTURES.units!.properties, type: 'POLICE_PATROL' } }, { generated: true });
    await createFeature(t.db, 'incidents', { ...FIXTURES.incidents!, id: 'SIMF-I', properties: { ...FIXTURES.incidents!.properties, category: '02' } });
    await applyTransition(t.db, 'SIMF-I', { action: 'ACCEPT' }, ACTOR);
    // Every other unit is busy, so the recommendation can only be SIMF-U.
    await t.db.query(`UPDATE units SET status = 'OFF_DUTY' WHERE id <> 'SIMF-U' AND status = 'AVAILABLE'`);
    const rng = createRng(3);
    const scene = (FIXTURES.incidents!.geometry as { coordinates: [number, number] }).coordinates;
    const track = { unit: startUnit(rng, 'SIMF-U', 'POLICE_PATROL', (FIXTURES.units!.geometry as { coordinates: [number, number] }).coordinates, [114.38, 36.09, 114.4, 36.11]), lastReportAt: 0, nextReportAt: 0 };
    const counts = { positions: 0, incidentsCreated: 0, incidentSteps: 0, unitSteps: 0, cameraFlips: 0, hazardSteps: 0 };
    const floor = new DispatchFloor({ db: t.db, router: estimateRouter(), actor: ACTOR, counts, rng });
    floor.track([track]);
    const incident = { id: 'SIMF-I', status: 'ACCEPTED', district: '410502', unitId: null as string | null, position: scene };
    expect(await floor.dispatch(incident, new Date())).toBe(true);
    expect([incident.status, incident.unitId, floor.onMission('SIMF-I')]).toEqual(['DISPATCHED', 'SIMF-U', true]);
    const seen: string[] = [];
    for (let i = 0; i < 200 && incident.status === 'DISPATCHED'; i++) {
      track.unit = advance(rng, track.unit, 10);
      await floor.progress(Date.now());
      const s = (await t.db.query<{ status: string }>(`SELECT status FROM units WHERE id = 'SIMF-U'`)).rows[0]!.status;
      if (seen.at(-1) !== s) seen.push(s);
    }
    expect(seen).toEqual(['EN_ROUTE', 'ON_SCENE']);
    expect(incident.status).toBe('PROCESSING');
    expect(distanceM(track.unit.position, scene)).toBeLessThan(25);
    const flow = await t.db.query<{ action: string; unit_id: string | null }>(`SELECT action, unit_id FROM incident_flow_log WHERE incident_id = 'SIMF-I' ORDER BY at, id`);
    expect(flow.rows.map((r) => [r.action, r.unit_id])).toEqual([['ACCEPT', null], ['DISPATCH', 'SIMF-U'], ['ARRIVE', 'SIMF-U']]);
    await applyTransition(t.db, 'SIMF-I', { action: 'DISPOSE', opinion: '处置完毕' }, ACTOR);
    floor.release(incident);
    expect(floor.onMission('SIMF-I')).toBe(false);
    expect(track.unit.hold).toBe(false);
    expect((await t.db.query<{ status: string }>(`SELECT status FROM units WHERE id = 'SIMF-U'`)).rows[0]!.status).toBe('AVAILABLE');
  });
});
