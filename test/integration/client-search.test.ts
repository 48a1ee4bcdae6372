/**
 * /api/search and /api/admin-units/{code}/children through createApp on a private copy of the test
 * database. The test adds its own small branch of the org tree under a made-up city code 419900, so it
 * depends neither on the generator nor on the real Anyang names.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createServer } from '../../server/compose.ts';
import { buildIdReader } from '../../server/http/platform/client-config.ts';
import { loadConfig } from '../../server/config.ts';
import { openTestDatabase, testLog, type TestDatabase } from '../support/test-database.ts';
import { bearer, issueTestToken } from '../support/test-tokens.ts';

let t: TestDatabase;
let base: string;
let close: () => Promise<void>;
let headers: Record<string, string> = {};

const square = (x: number, y: number, d: number) =>
  `ST_Multi(ST_MakeEnvelope(${x}, ${y}, ${x + d}, ${y + d}, 4326))`;

async function seedBranch(): Promise<void> {
  const unit = (code: string, level: number, label: string, name: string, parent: string | null, x: number, d: number) =>
    t.db.query(
      `INSERT INTO admin_units (code, level, level_label, name, parent_code, district_code, street_code, geom, geom_source, generated)
       VALUES ($1, $2, $3, $4, $5, $6, $7, ${square(x, 30, d)}, 'test', true)`,
      [code, level, label, name, parent, code.length >= 6 && level > 1 ? code.slice(0, 6) : null, code.length >= 9 ? code.slice(0, 9) : null],
    );
  await unit('419900', 1, '市', '测试市', null, 100, 1);
  await unit('419901', 2, '区县', '测试区', '419900', 100, 0.5);
  await unit('419901001', 3, '乡镇街道', '测试街道', '419901', 100, 0.2);
  await unit('419901001001', 4, '村社区', '甲乙测试社区', '419901001', 100, 0.05);
  await unit('419901001002', 4, '村社区', '丙丁测试社区', '419901001', 100.1, 0.05);
  await t.db.query(
    `INSERT INTO grids (code, name, type, type_label, community_code, street_code, district_code, geom)
     VALUES ('419901001001001', '甲乙测试社区第一网格', 'COMPREHENSIVE', '综合网格', '419901001001', '419901001', '419901', ${square(100, 30, 0.01)})`,
  );
  await t.db.query(
    `INSERT INTO cameras (id, name, ptz_type, ptz_type_label, point_class, point_class_label, status, status_label, management_unit, district_code, geom)
     VALUES ('41990000001320000001', '甲乙测试社区东门球机', 1, '球机', 1, '一类', 'ON', '在线', '测试分局', '419901', ST_SetSRID(ST_MakePoint(100.01, 30.01), 4326))`,
  );
}

beforeAll(async () => {
  t = await openTestDatabase();
  await seedBranch();
  // The test branch lives in a made-up city 419900: read it as a city-wide viewer of that city.
  headers = bearer(await issueTestToken(t.db, 'viewer', '419900'));
  const server = await createServer({ config: loadConfig({}), db: t.db, log: testLog });
  base = `http://127.0.0.1:${(await server.start({ port: 0, host: '127.0.0.1' })).port}`;
  close = () => server.stop();
});
afterAll(async () => {
  await close?.();
  await t?.dispose();
});

const get = async (path: string) => {
  const res = await fetch(`${base}${path}`, { headers });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
};

describe('GET /api/search', () => {
  it('finds a community by name with its collection and bbox', async () => {
    const { status, body } = await get(`/api/search?q=${encodeURIComponent('甲乙测试社区')}`);
    expect(status).toBe(200);
    const hit = body.results.find((r: { id: string }) => r.id === '419901001001');
    expect(hit).toMatchObject({ collection: 'communities', label: '甲乙测试社区' });
    expect(hit.bbox).toEqual([100, 30, 100.05, 30.05]);
  });

  it('puts the exact-code match first: a camera by its 20-digit GB id, with its point', async () => {
    const { body } = await get('/api/search?q=41990000001320000001');
    expect(body.results[0]).toMatchObject({ collection: 'cameras', id: '41990000001320000001', point: [100.01, 30.01] });
  });

  it('finds a grid by its 15-digit code prefix', async () => {
    const { body } = await get('/api/search?q=419901001001');
    const collections = body.results.map((r: { collection: string; id: string }) => `${r.collection}/${r.id}`);
    expect(collections[0]).toBe('communities/419901001001');
    expect(collections).toContain('grids/419901001001001');
  });

  it('treats LIKE wildcards literally', async () => {
    const { body } = await get('/api/search?q=%25%25%25');
    expect(body.results).toEqual([]);
  });

  it('answers 400 for a blank or over-long query and a bad limit', async () => {
    // %00 and %01: regression (issue 9 §6), a NUL byte reached PostgreSQL text and answered 500.
    for (const q of ['', '%20%20', 'x'.repeat(65), '%00', 'a%00b', '%E7%BD%91%00', 'a%01']) {
      const { status, body } = await get(`/api/search?q=${q}`);
      expect(status).toBe(400);
      expect(body.error.code).toBe('BAD_QUERY');
    }
    expect((await get('/api/search?q=a&limit=0')).status).toBe(400);
    expect((await get('/api/search?limit=5')).status).toBe(400);
  });

  it('respects the limit', async () => {
    const { body } = await get(`/api/search?q=${encodeURIComponent('测试')}&limit=2`);
    expect(body.results).toHaveLength(2);
  });
});

describe('GET /api/admin-units/{code}/children', () => {
  it('gives a street its path from the city and its communities', async () => {
    const { status, body } = await get('/api/admin-units/419901001/children');
    expect(status).toBe(200);
    expect(body.node).toMatchObject({ code: '419901001', name: '测试街道', level: 3, childCount: 2 });
    expect(body.path.map((n: { code: string }) => n.code)).toEqual(['419900', '419901']);
    expect(body.children.map((n: { name: string }) => n.name)).toEqual(['甲乙测试社区', '丙丁测试社区']);
  });

  it("lists a community's grids as its children, and a grid has none", async () => {
    const community = await get('/api/admin-units/419901001001/children');
    expect(community.body.children).toEqual([
      expect.objectContaining({ code: '419901001001001', level: 5, levelLabel: '综合网格', childCount: 0 }),
    ]);
    const grid = await get('/api/admin-units/419901001001001/children');
    expect(grid.body.path.map((n: { code: string }) => n.code)).toEqual(['419900', '419901', '419901001', '419901001001']);
    expect(grid.body.children).toEqual([]);
  });

  it('answers 400 for a malformed code and 404 for an unknown one', async () => {
    expect((await get('/api/admin-units/41050/children')).body.error.code).toBe('BAD_CODE');
    expect((await get('/api/admin-units/41990x/children')).status).toBe(400);
    const missing = await get('/api/admin-units/419909/children');
    expect(missing.status).toBe(404);
  });
});

describe('GET /glyphs and /api/client-config', () => {
  it('serves a shipped glyph range and an empty set for others', async () => {
    const shipped = await fetch(`${base}/glyphs/Noto%20Sans%20Regular/0-255.pbf`);
    expect(shipped.status).toBe(200);
    expect((await shipped.arrayBuffer()).byteLength).toBeGreaterThan(10_000);
    const empty = await fetch(`${base}/glyphs/Noto%20Sans%20Regular/19968-20223.pbf`);
    expect(empty.status).toBe(200);
    expect(empty.headers.get('content-type')).toContain('application/x-protobuf');
    expect((await fetch(`${base}/glyphs/Noto%20Sans%20Regular/1-256.pbf`)).status).toBe(400);
  });

  it('tells the client to use the offline basemap when no style is configured', async () => {
    // This server serves no built client: no build id either.
    expect((await get('/api/client-config')).body).toEqual({ basemapStyleUrl: null, buildId: null });
  });

  it('names the served build by its index.html, and a new deploy by a new id', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'pingan-build-'));
    try {
      const read = buildIdReader(dir);
      expect(read()).toBeNull();
      await writeFile(path.join(dir, 'index.html'), '<script src="/assets/index-aaaa.js"></script>');
      const first = read();
      expect(first).toMatch(/^[0-9a-f]{16}$/);
      expect(read()).toBe(first);
      await writeFile(path.join(dir, 'index.html'), '<script src="/assets/index-bbbb.js"></script>');
      await utimes(path.join(dir, 'index.html'), new Date(), new Date(Date.now() + 5000));
      expect(read()).not.toBe(first);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
