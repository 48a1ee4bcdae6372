/**
 * Risk grading, warnings and coverage against the database: an on-demand grading followed over SSE writes grades
 * to the grids (OGC properties, change feed); the streamed grading pass (a cursor, a chunk per FETCH) grades the same
 * whatever the chunk size; a risen grade raises exactly one RISK_RISE warning per open cause;
 * a person acknowledges and lifts it (version checked, audited); camera coverage shares agree with @turf/turf
 * geometry; response coverage (its packed grid columns are the grid rows), emerging hotspots and density answer; the
 * warning scans raise a NEW hotspot where incidents burst (found on the analysis worker as in this thread) and one
 * coverage warning per street with exactly its populated grids beyond the target. Ports 9310-9311.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as turf from '@turf/turf';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import { openTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { startLiveApp, type LiveApp } from '../support/live-app.ts';
import { bearer, issueTestToken } from '../support/test-tokens.ts';
import { CAMERA_RANGE_M, RISK_MODEL, WARNING_RULES } from '../../server/domain/analysis/model-config.ts';
import { cellCentre, cellKey, NEIGHBOUR_OFFSETS, unproject } from '../../server/domain/analysis/hex-lattice.ts';
import { cellCountsByPeriodPacked, studyAreaCellsPacked } from '../../server/db/analysis/hotspots-sql.ts';
import { coverageWarnings, hotspotWarnings, scanWarnings } from '../../server/db/analysis/warning-scan.ts';
import { createComputePool, hotspotCellsInWorker } from '../../server/http/analysis/compute-pool.ts';
import { hotspotWarningCellsOf } from '../../server/http/analysis/analysis-results.ts';
import { runRiskGrading } from '../../server/db/analysis/risk-run.ts';
import { gradeScope } from '../../server/db/analysis/risk-pass.ts';
import { gridPlaceColumns } from '../../server/db/analysis/coverage-sql.ts';
import { readableGeometry, scopeWhere, SqlParams } from '../../server/db/features/features-sql.ts';
import { LAYER_SOURCES } from '../../server/db/features/layer-sources.ts';

const PORT = 9310;
let t: TestDatabase;
let app: LiveApp;
let planner: Record<string, string>;

beforeAll(async () => {
  t = await openTestDatabase();
  app = await startLiveApp(t.db, PORT);
  planner = bearer(await issueTestToken(t.db, 'planner', '410500'));
}, 120_000);
afterAll(async () => {
  await app?.close();
  await t?.dispose();
});

const call = async (method: string, path: string, body?: unknown, headers = planner) => {
  const res = await fetch(app.url + path, { method, headers: { ...headers, ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });
  const text = await res.text();
  return { status: res.status, text, body: text && (res.headers.get('content-type') ?? '').includes('json') ? JSON.parse(text) : null };
};

describe('risk grading', () => {
  it('grades every grid on demand, with progress pushed over SSE, and the grades are grid properties', async () => {
    const started = await call('POST', '/api/analysis/risk/recompute', {});
    expect(started.status).toBe(202);
    const events = await fetch(`${app.url}/api/analysis/jobs/${started.body.job.id}/events`, { headers: planner });
    expect(events.headers.get('content-type')).toContain('text/event-stream');
    const stream = await events.text(); // the stream ends with the job
    expect(stream).toMatch(/event: done/);
    const done = JSON.parse(stream.trim().split('\n').filter((l) => l.startsWith('data: ')).at(-1)!.slice(6));
    expect(done.result).toMatchObject({ modelVersion: RISK_MODEL.version, scope: '410500' });
    const { rows } = await t.db.query<{ n: number; graded: number }>('SELECT count(*)::integer AS n, count(risk_level)::integer AS graded FROM grids');
    expect(rows[0]!.graded).toBe(rows[0]!.n);
    expect(done.result.grids).toBe(rows[0]!.n);
    const page = await call('GET', '/ogc/collections/grids/items?limit=20');
    for (const f of page.body.features) {
      const p = f.properties;
      expect(['MAJOR', 'LARGER', 'GENERAL', 'LOW']).toContain(p.risk_level);
      expect(p.risk_model_version).toBe(RISK_MODEL.version);
      const sum = Object.values(p.risk_factors as Record<string, number>).reduce((a, b) => a + b, 0);
      expect(Math.abs(sum - p.risk_score)).toBeLessThan(0.5);
      expect(Object.keys(p.risk_factors).sort()).toEqual(Object.keys(RISK_MODEL.factors).sort());
    }
    const changes = await t.db.query<{ n: number }>(`SELECT count(*)::integer AS n FROM change_log WHERE layer = 'grids'`);
    expect(changes.rows[0]!.n).toBeGreaterThanOrEqual(rows[0]!.n);
    const detail = await call('GET', `/api/analysis/risk/grids/${page.body.features[0].properties.code}`);
    expect(detail.body.factors[0].points).toBeGreaterThanOrEqual(detail.body.factors.at(-1).points);
  }, 300_000);

  it('grades the same in chunks of any size: every grid once, in order, progress up to the total', async () => {
    const now = new Date();
    const whole = await gradeScope(t.db, '410500', now, undefined, 1_000_000);
    expect(whole.grids).toBeGreaterThan(10);
    const summary = (p: typeof whole) => ({ grids: p.grids, levels: p.levels, writes: p.writes.map(({ m, g }) => [m.code, g.level, g.score, g.factors]) });
    // 7: a last chunk that is short; grids: a last FETCH that comes back empty; 1: a FETCH per grid.
    for (const size of [7, whole.grids, 1]) {
      const progress: [number, number][] = [];
      const chunked = await gradeScope(t.db, '410500', now, (done, total) => progress.push([done, total]), size);
      expect(summary(chunked)).toEqual(summary(whole));
      expect(progress).toHaveLength(Math.ceil(whole.grids / size));
      expect(progress.at(-1)).toEqual([whole.grids, whole.grids]);
    }
    // Once a grading at `now` has written them, grading again at `now` leaves nothing to write.
    await runRiskGrading(t.db, { scope: '410500', trigger: 'request', now });
    expect((await gradeScope(t.db, '410500', now, undefined, 7)).writes).toEqual([]);
    const levels = Object.values(whole.levels).reduce((a, b) => a + b, 0);
    expect(levels).toBe(whole.grids);
  }, 300_000);

  it('raises one RISK_RISE warning per risen grid, never a second while it is open', async () => {
    const { rows } = await t.db.query<{ code: string; risk_level: string }>(`SELECT code, risk_level FROM grids WHERE risk_level IN ('MAJOR', 'LARGER') ORDER BY risk_score DESC LIMIT 1`);
    const grid = rows[0]!;
    const demote = () => t.db.query(`UPDATE grids SET risk_level = 'LOW', risk_score = 0 WHERE code = $1`, [grid.code]);
    await demote();
    const first = await runRiskGrading(t.db, { scope: '410500', trigger: 'request' });
    expect(first.warnings).toBeGreaterThanOrEqual(1);
    await demote();
    await runRiskGrading(t.db, { scope: '410500', trigger: 'request' });
    const open = await t.db.query<{ id: string; level: number; version: number }>(`SELECT id, level, version FROM warnings WHERE cause_key = $1 AND status <> 'LIFTED'`, [`RISK_RISE:${grid.code}`]);
    expect(open.rows).toHaveLength(1);
    expect(open.rows[0]!.level).toBe(grid.risk_level === 'MAJOR' ? 1 : 2);
    const w = open.rows[0]!;
    const items = await call('GET', `/ogc/collections/warnings/items/${w.id}`);
    expect(items.status).toBe(200);
    expect(items.body.properties).toMatchObject({ kind: 'RISK_RISE', status: 'ACTIVE', grid_code: grid.code, level_label: expect.any(String) });
    expect(items.body.properties.evidence.to).toBe(grid.risk_level);

    const stale = await call('POST', `/api/warnings/${w.id}/transitions`, { action: 'ACKNOWLEDGE', version: w.version + 5 });
    expect([stale.status, stale.body.error.code]).toEqual([409, 'VERSION_CONFLICT']);
    const ack = await call('POST', `/api/warnings/${w.id}/transitions`, { action: 'ACKNOWLEDGE', version: w.version, note: '已安排排查' });
    expect(ack.status).toBe(200);
    expect(ack.body.properties).toMatchObject({ status: 'ACKNOWLEDGED', note: '已安排排查', version: w.version + 1 });
    expect((await call('POST', `/api/warnings/${w.id}/transitions`, { action: 'ACKNOWLEDGE', version: w.version + 1 })).body.error.code).toBe('INVALID_TRANSITION');
    const lift = await call('POST', `/api/warnings/${w.id}/transitions`, { action: 'LIFT', version: w.version + 1 });
    expect(lift.body.properties).toMatchObject({ status: 'LIFTED', lifted_by: expect.stringContaining('planner') });
    const audit = await t.db.query<{ action: string }>(`SELECT action FROM audit_log WHERE target_id = $1 ORDER BY seq`, [w.id]);
    expect(audit.rows.map((r) => r.action)).toEqual(['warning.acknowledge', 'warning.lift']);
    expect((await call('POST', `/api/warnings/${w.id}/transitions`, { action: 'LIFT', version: 1 }, bearer(await issueTestToken(t.db, 'viewer')))).status).toBe(403);
    expect((await call('POST', `/api/warnings/${w.id}/transitions`, { action: 'NAP', version: 3 })).body.error.code).toBe('INVALID_COMMAND');
  }, 300_000);
});

describe('coverage', () => {
  it('camera coverage of a grid agrees with @turf/turf sectors, union and intersection', async () => {
    const { rows } = await t.db.query<{ code: string; n: number }>(
      `SELECT g.code, count(*)::integer AS n FROM grids g JOIN cameras c ON c.status = 'ON' AND ST_Intersects(c.geom, g.geom)
       WHERE g.district_code = '410502' GROUP BY g.code HAVING count(*) BETWEEN 3 AND 12 ORDER BY g.code LIMIT 3`,
    );
    expect(rows.length).toBeGreaterThan(0);
    for (const { code } of rows) {
      const res = await call('GET', `/api/analysis/coverage/cameras?grid=${code}`);
      expect(res.status).toBe(200);
      const got = res.body.features[0].properties;
      const grid = (await t.db.query<{ g: Polygon | MultiPolygon }>('SELECT ST_AsGeoJSON(geom)::jsonb AS g FROM grids WHERE code = $1', [code])).rows[0]!.g;
      const cams = (await t.db.query<{ lng: number; lat: number; dir: number | null; fov: number | null; ptz: number }>(
        `SELECT ST_X(c.geom) AS lng, ST_Y(c.geom) AS lat, c.direction_deg AS dir, c.fov_deg AS fov, c.ptz_type AS ptz
         FROM cameras c, grids g WHERE g.code = $1 AND c.status = 'ON' AND c.geom && ST_Expand(g.geom, 0.0025)`, [code])).rows;
      const sectors = cams.map((c) => {
        const km = CAMERA_RANGE_M[String(c.ptz)]! / 1000;
        const fov = c.fov ?? 360;
        return fov >= 360 ? turf.circle([c.lng, c.lat], km, { steps: 256 }) : turf.sector([c.lng, c.lat], km, (c.dir ?? 0) - fov / 2, (c.dir ?? 0) + fov / 2, { steps: 256 });
      });
      const gridF = turf.feature(grid) as Feature<Polygon | MultiPolygon>;
      const union = sectors.length > 1 ? turf.union(turf.featureCollection(sectors)) : sectors[0] ?? null;
      const seen = union ? turf.intersect(turf.featureCollection([gridF, union as Feature<Polygon | MultiPolygon>])) : null;
      const share = seen ? turf.area(seen) / turf.area(gridF) : 0;
      expect(got.cameras).toBe(cams.length);
      expect(Math.abs(got.seen_share - share), `grid ${code}: ${got.seen_share} vs turf ${share}`).toBeLessThan(0.01);
    }
  }, 120_000);

  it('response coverage says which grids are beyond the target', async () => {
    const res = await call('GET', '/api/analysis/coverage/response?unitType=FIRE_RESCUE&minutes=8');
    expect(res.status).toBe(200);
    const beyond = res.body.features.filter((f: any) => f.properties.beyond);
    expect(res.body.summary.beyond).toBe(beyond.length);
    for (const f of res.body.features) expect(f.properties.beyond).toBe(f.properties.minutes === null || f.properties.minutes > 8);
    expect(res.body.parameters).toMatchObject({ unitType: 'FIRE_RESCUE', targetMinutes: 8 });
    expect((await call('GET', '/api/analysis/coverage/response?unitType=TAXI')).body.error.code).toBe('INVALID_PARAMETER');
    expect((await call('GET', '/api/analysis/coverage/response?minutes=0')).body.error.code).toBe('PARAMETER_OUT_OF_RANGE');
  });

  it('the packed grid columns response coverage reads are the grid rows, in code order, for the city and for a district', async () => {
    // The reference: the same grids read as plain rows.
    const gridPlaces = async (scope: string) => {
      const params = new SqlParams();
      const { rows } = await t.db.query<{ code: string; name: string; population: number; lng: number; lat: number; outline: string | null }>(
        `SELECT g.code, g.name, g.population, ST_X(p.pt) AS lng, ST_Y(p.pt) AS lat, ST_AsGeoJSON(ST_SimplifyPreserveTopology(g.geom, 0.0001), 6) AS outline
         FROM grids g CROSS JOIN LATERAL (SELECT ST_PointOnSurface(${readableGeometry(LAYER_SOURCES.grids, 'g')}) AS pt) p
         WHERE ${scopeWhere(LAYER_SOURCES.grids, scope, params, 'g')} ORDER BY g.code`,
        params.values,
      );
      return rows.map((r) => ({ ...r, lng: Number(r.lng), lat: Number(r.lat), population: Number(r.population) }));
    };
    for (const scope of ['410500', '410502']) {
      const rows = await gridPlaces(scope);
      const cols = await gridPlaceColumns(t.db, scope);
      const bare = await gridPlaceColumns(t.db, scope, { outlines: false });
      expect({ ...bare, outlines: cols.outlines }).toEqual(cols);
      expect(bare.outlines.every((o) => o === null)).toBe(true);
      expect(rows.length).toBeGreaterThan(0);
      expect(cols.codes).toEqual(rows.map((r) => r.code));
      expect(cols.names).toEqual(rows.map((r) => r.name));
      expect([...cols.population]).toEqual(rows.map((r) => r.population));
      expect([...cols.lng]).toEqual(rows.map((r) => r.lng));
      expect([...cols.lat]).toEqual(rows.map((r) => r.lat));
      expect(cols.outlines).toEqual(rows.map((r) => r.outline));
    }
    expect((await gridPlaceColumns(t.db, '419999')).codes).toEqual([]);
  });
});

describe('emerging hotspots and density', () => {
  it('classifies cells by trend and labels density as density', async () => {
    const em = await call('GET', '/api/analysis/hotspots/emerging?periodDays=7&periods=6');
    expect(em.status).toBe(200);
    expect(em.body.kind).toBe('emerging-hotspots');
    for (const f of em.body.features) expect(['NEW', 'INTENSIFYING', 'PERSISTENT', 'DIMINISHING', 'SPORADIC']).toContain(f.properties.trend);
    const d = await call('GET', '/api/analysis/density?bandwidthMeters=1500&cellMeters=500');
    expect(d.status).toBe(200);
    expect(d.body.kind).toBe('density');
    expect(d.body.label.zh).toContain('非统计显著性');
    expect(d.body.features.length).toBeGreaterThan(10);
    expect((await call('GET', '/api/analysis/density?bandwidthMeters=50')).body.error.code).toBe('PARAMETER_OUT_OF_RANGE');
    expect((await call('GET', '/api/analysis/hotspots/emerging?periods=2')).body.error.code).toBe('PARAMETER_OUT_OF_RANGE');
  });
});

describe('warning scans', () => {
  it('a burst of incidents where there were none is a NEW hotspot warning, found on the analysis worker as in this thread', async () => {
    const { cellMeters, periodDays, periods } = WARNING_RULES.hotspot;
    const now = new Date();
    const area = await studyAreaCellsPacked(t.db, '410500', cellMeters, 120_000);
    const rows = await cellCountsByPeriodPacked(t.db, { scope: '410500', categories: [], from: new Date(now.getTime() - periodDays * periods * 86_400_000), to: now }, cellMeters, periodDays * 86_400_000);
    const busy = new Set<string>();
    for (let i = 0; i < rows.length; i += 4) busy.add(cellKey(rows[i + 1]!, rows[i + 2]!));
    // A quiet cell: no incidents in it or around it over the scan's periods, its centre inside a district.
    let quiet: { q: number; r: number; lng: number; lat: number; district: string } | null = null;
    for (let i = 0; i < area.length && !quiet; i += 2 * 97) {
      const [q, r] = [area[i]!, area[i + 1]!];
      if ([[0, 0], ...NEIGHBOUR_OFFSETS].some(([dq, dr]) => busy.has(cellKey(q + dq!, r + dr!)))) continue;
      const [lng, lat] = unproject(...cellCentre(q, r, cellMeters));
      const { rows: d } = await t.db.query<{ code: string }>(`SELECT code FROM admin_units WHERE level = 2 AND ST_Intersects(geom, ST_SetSRID(ST_MakePoint($1, $2), 4326))`, [lng, lat]);
      if (d[0]) quiet = { q, r, lng, lat, district: d[0].code };
    }
    expect(quiet).not.toBeNull();
    const ids = Array.from({ length: 40 }, (_, i) => `T-SCAN-${i}`);
    await t.db.query(
      `INSERT INTO incidents (id, event_no, title, source, source_label, category, category_label, urgency, urgency_label, scale, scale_label,
         status, status_label, reported_at, deadline, district_code, geom)
       SELECT id, id, '测试', 'HOTLINE_12345', '12345热线', '06', '06', 'URGENT', '紧急', 'GENERAL', '一般', 'ACCEPTED', '已受理', now() - interval '1 hour', now() + interval '1 day', $2,
         ST_SetSRID(ST_MakePoint($3, $4), 4326) FROM unnest($1::text[]) AS id`,
      [ids, quiet!.district, quiet!.lng, quiet!.lat],
    );
    const pool = createComputePool();
    try {
      const at = new Date();
      const inWorker = await hotspotWarnings(t.db, '410500', at, hotspotCellsInWorker(pool));
      const inThread = await hotspotWarnings(t.db, '410500', at, async (input) => hotspotWarningCellsOf(input));
      expect(inWorker).toEqual(inThread);
      const mine = inWorker.find((w) => w.causeKey === `HOTSPOT:${cellMeters}:${cellKey(quiet!.q, quiet!.r)}`);
      expect(mine?.evidence).toMatchObject({ trend: 'NEW', counts: [...new Array(periods - 1).fill(0), 40] });
      // Raised once by the scan; a second scan leaves the open warning alone.
      await scanWarnings(t.db, '410500', hotspotCellsInWorker(pool), at);
      const again = await scanWarnings(t.db, '410500', hotspotCellsInWorker(pool), at);
      expect(again.hotspot).toBe(0);
      const { rows: raised } = await t.db.query<{ n: number }>(`SELECT count(*)::integer AS n FROM warnings WHERE cause_key = $1`, [mine!.causeKey]);
      expect(raised[0]!.n).toBe(1);
    } finally {
      await pool.close();
      await t.db.query(`DELETE FROM incidents WHERE id = ANY($1::text[])`, [ids]);
    }
  }, 120_000);

  it('a coverage warning per street names exactly its populated grids that response coverage puts beyond the target', async () => {
    const { unitType, minutes } = WARNING_RULES.coverage;
    const answer = await call('GET', `/api/analysis/coverage/response?unitType=${unitType}&minutes=${minutes}`);
    const expected = new Map<string, string[]>();
    for (const f of answer.body.features) {
      const p = f.properties;
      if (!p.beyond || p.population <= 0) continue;
      expected.set(p.grid_code.slice(0, 9), [...(expected.get(p.grid_code.slice(0, 9)) ?? []), p.grid_code]);
    }
    const warnings = await coverageWarnings(t.db, '410500');
    expect(new Map(warnings.map((w) => [w.causeKey.split(':')[2]!, (w.area as { gridCodes: string[] }).gridCodes]))).toEqual(expected);
  });
});
