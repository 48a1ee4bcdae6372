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
import { CELL_CENTRE_SQL, cellCentre, cellKey, cellOf, project, unproject, type Axial } from '../../server/domain/analysis/hex-lattice.ts';
import { cellCounts, studyAreaCellsPacked } from '../../server/db/analysis/hotspots-sql.ts';
import { unpackCells } from '../../server/http/analysis/analysis-results.ts';

const studyAreaCells = async (...args: Parameters<typeof studyAreaCellsPacked>) => unpackCells(await studyAreaCellsPacked(...args));

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

  it('finds the study area in SQL exactly as the pure lattice and a point-in-polygon test of each centre', async () => {
    // The reference: every cell of the unit's box enumerated one by one, its centre computed here and sent as text.
    const reference = async (code: string, size: number): Promise<Axial[]> => {
      const { rows: [b] } = await t.db.query<{ a: number; b: number; c: number; d: number }>(
        'SELECT ST_XMin(geom) AS a, ST_YMin(geom) AS b, ST_XMax(geom) AS c, ST_YMax(geom) AS d FROM admin_units WHERE code = $1', [code],
      );
      const [x0, y0] = project(b!.a, b!.b);
      const [x1, y1] = project(b!.c, b!.d);
      const candidates: Axial[] = [];
      const span = Math.ceil(Math.max(Math.abs(x0), Math.abs(x1), Math.abs(y0), Math.abs(y1)) / size) + 2;
      for (let r = -span; r <= span; r++) {
        for (let q = -2 * span; q <= 2 * span; q++) {
          const [cx, cy] = cellCentre(q, r, size);
          if (cx >= x0 && cx <= x1 && cy >= y0 && cy <= y1) candidates.push([q, r]);
        }
      }
      const centres = candidates.map(([q, r]) => unproject(...cellCentre(q, r, size)));
      const { rows } = await t.db.query<{ i: number }>(
        `SELECT (c.i - 1)::integer AS i FROM unnest($1::float8[], $2::float8[]) WITH ORDINALITY AS c (lng, lat, i),
                (SELECT geom FROM admin_units WHERE code = $3) u
         WHERE ST_Intersects(u.geom, ST_SetSRID(ST_MakePoint(c.lng, c.lat), 4326)) ORDER BY c.i`,
        [centres.map((c) => c[0]), centres.map((c) => c[1]), code],
      );
      return rows.map((row) => candidates[row.i]!);
    };
    // The centres themselves are the very doubles of the pure functions (so no boundary case can answer otherwise).
    const probes = [[0, 0, 500], [-117, 43, 500], [251, -389, 200], [12, 7, 777.7], [-3, -2, 5000]] as const;
    const { rows: centres } = await t.db.query<{ lng: number; lat: number }>(
      `SELECT ${CELL_CENTRE_SQL.lng('p.q', 'p.r', 'p.size')} AS lng, ${CELL_CENTRE_SQL.lat('p.r', 'p.size')} AS lat
       FROM unnest($1::integer[], $2::integer[], $3::float8[]) WITH ORDINALITY AS p (q, r, size, i) ORDER BY p.i`,
      [probes.map((p) => p[0]), probes.map((p) => p[1]), probes.map((p) => p[2])],
    );
    expect(centres.map((c) => [Number(c.lng), Number(c.lat)])).toEqual(probes.map(([q, r, size]) => unproject(...cellCentre(q, r, size))));
    for (const [code, size] of [['410500', 500], ['410500', 1300], ['410502', 200], ['410502', 777], ['410523', 5000]] as const) {
      const got = await studyAreaCells(t.db, code, size, 120_000);
      expect(got.length, `${code} at ${size} m`).toBeGreaterThan(0);
      expect(got, `${code} at ${size} m`).toEqual(await reference(code, size));
    }
    expect(await studyAreaCells(t.db, '999999', 500, 120_000)).toEqual([]);
    await expect(studyAreaCells(t.db, '410500', 200, 1_000)).rejects.toThrow(RangeError);
  }, 60_000);

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
