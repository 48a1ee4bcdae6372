/**
 * Recommendations against PostGIS (or the embedded store): on randomised incidents and units, the ranking — from the
 * database's KNN and from the units index in memory alike — equals a brute-force ranking over ALL units (distance by
 * the database, ETA by the configured speeds and circuity, the same area rule), and each coverage cost equals a
 * brute-force count over all grids and units. The index answers as of every write committed before the question
 * (moves, status, assignment, new and deleted units). Then the HTTP shape, reasons, and the 404 / 400 answers.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { startLiveApp, type LiveApp } from '../support/live-app.ts';
import { bearer, issueTestToken } from '../support/test-tokens.ts';
import { recommendUnits } from '../../server/db/dispatch/recommendations.ts';
import { createUnitIndex, type UnitIndex } from '../../server/db/dispatch/units/unit-index.ts';
import { assignUnit, unassignUnit } from '../../server/db/dispatch/assignments-repository.ts';
import { neighbourDistricts } from '../../server/db/dispatch/districts-repository.ts';
import { estimateRouter } from '../../server/domain/dispatch/router.ts';
import { capableTypes, coverageRadiusMeters, DISPATCH_CONFIG, type UnitType } from '../../server/domain/dispatch/dispatch-config.ts';
import { distanceMeters } from '../../server/domain/dispatch/geodesy.ts';
import { INCIDENT_CATEGORY, UNIT_TYPE } from '../../server/protocol/codes.ts';

const PORT = 9112;
let t: TestDatabase;
let app: LiveApp;
let token: string;
let index: UnitIndex;
const DISTRICTS = ['410502', '410503', '410505', '410506', '410571', '410522'];
const TYPES = Object.keys(UNIT_TYPE) as UnitType[];
const CATEGORIES = Object.keys(INCIDENT_CATEGORY);

/** A deterministic generator for the extra units (the property's cases are fast-check's). */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

beforeAll(async () => {
  t = await openTestDatabase();
  const r = rng(11);
  const rows = Array.from({ length: 400 }, (_, i) => ({
    id: `RC-U${i}`, type: TYPES[Math.floor(r() * TYPES.length)]!, district: DISTRICTS[Math.floor(r() * DISTRICTS.length)]!,
    lng: 114.25 + r() * 0.25, lat: 35.98 + r() * 0.22, status: r() < 0.8 ? 'AVAILABLE' : 'OFF_DUTY',
  }));
  await t.db.query(
    `INSERT INTO units (id, name, type, type_label, status, status_label, district_code, geom, generated)
     SELECT id, '测试' || id, type, type, status, status, district, ST_SetSRID(ST_MakePoint(lng, lat), 4326), true
     FROM unnest($1::text[], $2::text[], $3::text[], $4::float8[], $5::float8[], $6::text[]) AS u(id, type, district, lng, lat, status)`,
    [rows.map((x) => x.id), rows.map((x) => x.type), rows.map((x) => x.district), rows.map((x) => x.lng), rows.map((x) => x.lat), rows.map((x) => x.status)],
  );
  app = await startLiveApp(t.db, PORT);
  token = app.token;
  index = createUnitIndex(t.db);
}, 600_000);
afterAll(async () => {
  await index?.stop();
  await app?.close();
  await t?.dispose();
});

async function incidentAt(id: string, lng: number, lat: number, category: string): Promise<{ district: string } | null> {
  const { rows } = await t.db.query<{ code: string }>(`SELECT code FROM admin_units WHERE level = 2 AND ST_Intersects(geom, ST_SetSRID(ST_MakePoint($1, $2), 4326))`, [lng, lat]);
  if (!rows[0]) return null;
  await t.db.query(
    `INSERT INTO incidents (id, event_no, title, source, source_label, category, category_label, urgency, urgency_label, scale, scale_label,
       status, status_label, reported_at, deadline, district_code, geom)
     VALUES ($1, $1, '测试', 'HOTLINE_12345', '12345热线', $4, $4, 'URGENT', '紧急', 'GENERAL', '一般', 'ACCEPTED', '已受理', now(), now() + interval '1 day', $5,
       ST_SetSRID(ST_MakePoint($2, $3), 4326))`,
    [id, lng, lat, category, rows[0].code],
  );
  return { district: rows[0].code };
}

/** Every AVAILABLE, unassigned unit the city may send, ranked by ETA — no index, no KNN. */
async function bruteForce(lng: number, lat: number, category: string, district: string, limit: number) {
  const districts = [district, ...(await neighbourDistricts(t.db, district))];
  const { rows } = await t.db.query<{ id: string; type: UnitType; meters: number }>(
    `SELECT u.id, u.type, ST_Distance(u.geom::geography, ST_SetSRID(ST_MakePoint($1, $2), 4326)::geography) AS meters
     FROM units u WHERE u.status = 'AVAILABLE' AND u.type = ANY($3::text[]) AND u.district_code = ANY($4::text[])
       AND NOT EXISTS (SELECT 1 FROM incident_assignments a WHERE a.unit_id = u.id AND a.released_at IS NULL)`,
    [lng, lat, capableTypes(category), districts],
  );
  const eta = (u: (typeof rows)[number]) => (u.meters * DISPATCH_CONFIG.circuity) / ((DISPATCH_CONFIG.speedKmh[u.type] * 1000) / 3600);
  return rows
    .map((u) => ({ ...u, eta: eta(u) }))
    .sort((a, b) => a.eta - b.eta || a.meters - b.meters || (a.id < b.id ? -1 : 1))
    .slice(0, limit);
}

/** The grids only this unit reaches within its type's target, counted over every grid and every unit. */
async function bruteCoverage(unitId: string, type: UnitType, lng: number, lat: number): Promise<number> {
  const r = coverageRadiusMeters(type);
  const grids = await t.db.query<{ lon: number; lat: number }>('SELECT ST_X(ST_Centroid(geom)) AS lon, ST_Y(ST_Centroid(geom)) AS lat FROM grids');
  const peers = await t.db.query<{ lon: number; lat: number }>(`SELECT ST_X(geom) AS lon, ST_Y(geom) AS lat FROM units WHERE type = $1 AND status = 'AVAILABLE' AND id <> $2`, [type, unitId]);
  return grids.rows.filter((g) => distanceMeters([lng, lat], [g.lon, g.lat]) <= r && !peers.rows.some((p) => distanceMeters([p.lon, p.lat], [g.lon, g.lat]) <= r)).length;
}

describe('recommendations', () => {
  it('match a brute-force ranking over all units on randomised cases (property)', async () => {
    let n = 0;
    let checked = 0;
    let reinforcements = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.double({ min: 114.2, max: 114.55, noNaN: true }),
        fc.double({ min: 35.95, max: 36.22, noNaN: true }),
        fc.constantFrom(...CATEGORIES),
        fc.integer({ min: 1, max: 12 }),
        async (lng, lat, category, limit) => {
          const id = `RC-I${++n}`;
          const inc = await incidentAt(id, lng, lat, category);
          if (!inc) return; // outside every district
          checked += 1;
          const want = await bruteForce(lng, lat, category, inc.district, limit);
          const got = (await recommendUnits(t.db, estimateRouter(), id, '410500', limit))!;
          const fromIndex = (await recommendUnits(t.db, estimateRouter(), id, '410500', limit, index))!;
          expect(fromIndex, 'the index path answers as the database path').toEqual(got);
          expect(got.map((g) => g.unitId)).toEqual(want.map((w) => w.id));
          got.forEach((g, i) => expect(g.etaSeconds).toBeCloseTo(want[i]!.eta, 0));
          got.forEach((g, i) => expect(Math.abs(g.distanceMeters - want[i]!.meters)).toBeLessThanOrEqual(0.051));
          for (let i = 1; i < got.length; i++) expect(got[i]!.etaSeconds).toBeGreaterThanOrEqual(got[i - 1]!.etaSeconds);
          expect(got.every((g) => capableTypes(category).includes(g.unitType) && g.status === 'AVAILABLE')).toBe(true);
          expect(got.every((g) => g.reinforcement === (g.districtCode !== inc.district))).toBe(true);
          // A reinforcement says which district it comes from by name (as admin_units holds it), its code as the value.
          for (const g of got.filter((r) => r.reinforcement)) {
            reinforcements += 1;
            const { rows } = await t.db.query<{ name: string }>('SELECT name FROM admin_units WHERE code = $1', [g.districtCode]);
            expect(g.reasons.find((r) => r.code === 'REINFORCEMENT')).toMatchObject({ zh: `跨区增援（来自${rows[0]!.name}）`, value: g.districtCode });
          }
        },
      ),
      { numRuns: 60, seed: 410500 },
    );
    expect(checked).toBeGreaterThan(30);
    expect(reinforcements, 'cases with a unit from a bordering district').toBeGreaterThan(0);
  });

  it('count the coverage cost like a brute force over every grid and unit', async () => {
    await incidentAt('RC-COV', 114.3925, 36.0975, '11'); // 自然灾害: fire, rescue teams, social rescue, medical, volunteers
    const got = (await recommendUnits(t.db, estimateRouter(), 'RC-COV', '410500', 8))!;
    expect(got.length).toBeGreaterThan(3);
    expect(await recommendUnits(t.db, estimateRouter(), 'RC-COV', '410500', 8, index)).toEqual(got);
    for (const g of got) {
      expect(g.coverageCost.gridsUncovered).toBe(await bruteCoverage(g.unitId, g.unitType, g.lon, g.lat));
      expect(g.coverageCost.radiusMeters).toBe(Math.round(coverageRadiusMeters(g.unitType)));
    }
  });

  it('from the index, see every write committed before the question: moves, status, assignments, new and deleted units', async () => {
    const [lng, lat] = [114.3925, 36.0975];
    await incidentAt('RC-FRESH', lng, lat, '03');
    const ask = async () => (await recommendUnits(t.db, estimateRouter(), 'RC-FRESH', '410500', 5, index))!.map((r) => r.unitId);
    const same = async () => expect(await ask()).toEqual((await recommendUnits(t.db, estimateRouter(), 'RC-FRESH', '410500', 5))!.map((r) => r.unitId));
    const first = (await ask())[0]!;
    await t.db.query(`UPDATE units SET status = 'OFF_DUTY' WHERE id = $1`, [first]);
    expect(await ask(), 'off duty').not.toContain(first);
    await same();
    await t.db.query(`UPDATE units SET status = 'AVAILABLE' WHERE id = $1`, [first]);
    expect((await ask())[0], 'back on duty').toBe(first);
    const far = (await t.db.query<{ id: string; type: string }>(
      `SELECT id, type FROM units WHERE status = 'AVAILABLE' AND type = ANY($1::text[]) AND id LIKE 'RC-U%' ORDER BY geom <-> ST_SetSRID(ST_MakePoint($2, $3), 4326) DESC LIMIT 1`,
      [capableTypes('03'), lng, lat])).rows[0]!;
    expect(await ask()).not.toContain(far.id);
    await t.db.query(`UPDATE units SET geom = ST_SetSRID(ST_MakePoint($2, $3), 4326), district_code = '410502' WHERE id = $1`, [far.id, lng + 0.0001, lat]);
    expect((await ask())[0], 'moved to the scene').toBe(far.id);
    await same();
    const actor = { id: null, name: 'test dispatcher', scope: '410500' };
    await assignUnit(t.db, 'RC-FRESH', { unitId: far.id }, actor);
    expect(await ask(), 'sent').not.toContain(far.id);
    await unassignUnit(t.db, 'RC-FRESH', far.id, {}, actor);
    expect((await ask())[0], 'taken off again').toBe(far.id);
    await t.db.query(
      `INSERT INTO units (id, name, type, type_label, status, status_label, district_code, geom, generated)
       VALUES ('RC-NEW', '新单位', $1, $1, 'AVAILABLE', '可用', '410502', ST_SetSRID(ST_MakePoint($2, $3), 4326), true)`,
      [far.type, lng, lat + 0.00005],
    );
    expect((await ask())[0], 'a new unit at the scene').toBe('RC-NEW');
    await t.db.query(`DELETE FROM units WHERE id = 'RC-NEW'`);
    expect(await ask(), 'deleted').not.toContain('RC-NEW');
    await same();
  });

  it('keep a district dispatcher to its own units and answer over HTTP with reasons', async () => {
    await incidentAt('RC-HTTP', 114.3925, 36.0975, '03');
    const res = await fetch(`${app.url}/api/incidents/RC-HTTP/recommendations?limit=5`, { headers: bearer(token) });
    expect(res.status).toBe(200);
    const list = (await res.json()) as { unitId: string; etaSeconds: number; reasons: { code: string; zh: string }[]; coverageCost: object; districtCode: string }[];
    expect(list).toHaveLength(5);
    expect(list[0]!.reasons.map((r) => r.code)).toEqual(expect.arrayContaining(['CAPABILITY', 'DISTANCE', 'ETA', 'STATUS', 'COVERAGE']));
    expect(list[0]!.reasons[0]!.zh).toContain('安全隐患');
    const district = await issueTestToken(t.db, 'dispatcher', '410502');
    const scoped = (await (await fetch(`${app.url}/api/incidents/RC-HTTP/recommendations?limit=20`, { headers: bearer(district) })).json()) as typeof list;
    expect(scoped.length).toBeGreaterThan(0);
    expect(scoped.every((u) => u.districtCode === '410502')).toBe(true);
    const outside = await issueTestToken(t.db, 'dispatcher', '410503');
    expect((await fetch(`${app.url}/api/incidents/RC-HTTP/recommendations`, { headers: bearer(outside) })).status).toBe(404);
    expect((await fetch(`${app.url}/api/incidents/NO-SUCH/recommendations`, { headers: bearer(token) })).status).toBe(404);
    for (const q of ['limit=0', 'limit=21', 'limit=x', 'other=1']) {
      const bad = await fetch(`${app.url}/api/incidents/RC-HTTP/recommendations?${q}`, { headers: bearer(token) });
      expect([bad.status, ((await bad.json()) as { error: { code: string } }).error.code], q).toEqual([400, 'INVALID_QUERY']);
    }
  });
});
