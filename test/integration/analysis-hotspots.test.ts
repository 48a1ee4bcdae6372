/**
 * Hotspots against PostGIS (or the embedded database): the planted hotspots of the generated incidents
 * (server/dataset/layers/incidents.ts incidentHotspots) come out HOT_99; the SQL binning agrees with the pure
 * lattice; jurisdiction, exports and bad parameters. Ports 9300-9301.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, TEST_DATASET, type TestDatabase } from '../support/test-database.ts';
import { startLiveApp, type LiveApp } from '../support/live-app.ts';
import { bearer, issueTestToken } from '../support/test-tokens.ts';
import { createDataset } from '../../server/dataset/index.ts';
import { readDatasetInputs } from '../../server/db/dataset/dataset-loader.ts';
import { incidentHotspots } from '../../server/dataset/layers/incidents.ts';
import { cellKey, cellOf, project } from '../../server/domain/analysis/hex-lattice.ts';
import { cellCounts } from '../../server/db/analysis/hotspots-sql.ts';

const PORT = 9300;
let t: TestDatabase;
let app: LiveApp;
let city: Record<string, string>;
let district: Record<string, string>;

beforeAll(async () => {
  t = await openTestDatabase();
  app = await startLiveApp(t.db, PORT);
  city = bearer(await issueTestToken(t.db, 'planner', '410500'));
  district = bearer(await issueTestToken(t.db, 'planner', '410502'));
}, 120_000);
afterAll(async () => {
  await app?.close();
  await t?.dispose();
});

const get = async (path: string, headers: Record<string, string> = city) => {
  const res = await fetch(app.url + path, { headers });
  const text = await res.text();
  return { status: res.status, text, type: res.headers.get('content-type') ?? '', body: text && res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : null };
};

describe('GET /api/analysis/hotspots', () => {
  it('finds every planted hotspot of the generated data as HOT_99', async () => {
    const ds = createDataset(await readDatasetInputs(), { ...TEST_DATASET, now: new Date() });
    const planted = incidentHotspots(ds.context);
    expect(planted.length).toBeGreaterThan(10);
    const { status, body } = await get('/api/analysis/hotspots?cellMeters=500');
    expect(status).toBe(200);
    const byCell = new Map<string, any>(body.features.map((f: any) => [f.properties.cell, f.properties]));
    const missed: string[] = [];
    for (const h of planted) {
      const [q, r] = cellOf(...project(h.lng, h.lat), 500);
      const cell = byCell.get(cellKey(q, r));
      if (cell?.class !== 'HOT_99') missed.push(`${h.lng},${h.lat} → ${cellKey(q, r)} ${cell?.class ?? 'absent'} z=${cell?.gi_z}`);
    }
    expect(missed).toEqual([]);
    expect(body.parameters).toMatchObject({ cellMeters: 500, fdr: { applied: true, method: 'Benjamini-Hochberg' }, neighbourhood: { kind: 'first-order hexagonal contiguity' } });
    expect(body.parameters.studyArea.cells).toBeGreaterThan(body.features.length / 2);
    // Every class count adds up to the study area.
    expect(Object.values(body.summary as Record<string, number>).reduce((a, b) => a + b, 0)).toBe(body.parameters.studyArea.cells);
  }, 120_000);

  it('bins in SQL exactly as the pure lattice does', async () => {
    const { rows } = await t.db.query<{ lng: number; lat: number }>(
      `SELECT ST_X(geom) AS lng, ST_Y(geom) AS lat FROM incidents WHERE reported_at >= now() - interval '10 days'`,
    );
    const expected = new Map<string, number>();
    for (const p of rows) {
      const [q, r] = cellOf(...project(Number(p.lng), Number(p.lat)), 700);
      expected.set(cellKey(q, r), (expected.get(cellKey(q, r)) ?? 0) + 1);
    }
    const got = await cellCounts(t.db, { scope: '410500', categories: [], from: new Date(Date.now() - 10 * 86_400_000), to: new Date(Date.now() + 60_000) }, 700);
    expect(new Map(got.map((c) => [cellKey(c.q, c.r), c.count]))).toEqual(expected);
  });

  it('analyses the caller\'s jurisdiction only', async () => {
    const from = new Date(Date.now() - 30 * 86_400_000).toISOString();
    const { body } = await get(`/api/analysis/hotspots?from=${from}&category=06`, district);
    const { rows } = await t.db.query<{ n: number }>(
      `SELECT count(*)::integer AS n FROM incidents WHERE district_code = '410502' AND category = '06' AND reported_at >= $1`, [from],
    );
    expect(body.parameters.studyArea.scope).toBe('410502');
    expect(body.parameters.incidents).toBe(rows[0]!.n);
    expect(body.features.reduce((s: number, f: any) => s + f.properties.count, 0)).toBe(rows[0]!.n);
  });

  it('exports CSV with the same cells', async () => {
    const json = await get('/api/analysis/hotspots?cellMeters=1000');
    const csv = await get('/api/analysis/hotspots?cellMeters=1000&format=csv');
    expect(csv.status).toBe(200);
    expect(csv.type).toContain('text/csv');
    const lines = csv.text.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('cell,q,r,count,gi_z,gi_p,class,wkt');
    expect(lines).toHaveLength(json.body.features.length + 1);
    expect(lines[1]).toMatch(/POLYGON \(\(/);
  });

  it('answers bad parameters with a 400 and a code', async () => {
    const cases: [string, string][] = [
      ['category=77', 'UNKNOWN_CATEGORY'],
      ['from=2026-03-02&to=2026-03-01', 'INVALID_WINDOW'],
      ['from=yesterday', 'INVALID_DATETIME'],
      ['cellMeters=50', 'CELL_SIZE_OUT_OF_RANGE'],
      ['cellMeters=900000', 'CELL_SIZE_OUT_OF_RANGE'],
      ['cellMeters=abc', 'INVALID_PARAMETER'],
      ['cellsize=500', 'UNKNOWN_PARAMETER'],
      ['format=xlsx', 'INVALID_FORMAT'],
    ];
    for (const [q, code] of cases) {
      const r = await get(`/api/analysis/hotspots?${q}`);
      expect([r.status, r.body?.error?.code], q).toEqual([400, code]);
    }
  });

  it('needs analysis:read', async () => {
    expect((await get('/api/analysis/hotspots', {})).status).toBe(401);
    expect((await get('/api/analysis/hotspots', bearer(await issueTestToken(t.db, 'grid_worker', '410502')))).status).toBe(403);
  });
});
