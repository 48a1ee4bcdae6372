/** numberMatched: exact, free for short pages, cached per selection for long ones (docs/api.md). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COLLECTIONS } from '../../server/protocol/collections.ts';
import { createFeaturesRepository } from '../../server/db/features/features-repository.ts';
import { parseItemsQuery } from '../../server/http/ogc/ogc-params.ts';
import { openTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { CAMERA_COUNT, loadOgcFixtures } from './ogc-fixtures.ts';

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
  await loadOgcFixtures(t.db);
});
afterAll(async () => t?.dispose());

const cameras = COLLECTIONS.cameras;
const q = (query: Record<string, string>) => parseItemsQuery(cameras, query);
const addCamera = (id: string, status = 'ON') =>
  t.db.query(
    `INSERT INTO cameras (id, name, ptz_type, ptz_type_label, point_class, point_class_label, status, status_label, management_unit, district_code, geom)
     VALUES ($1, '新增', 1, '球机', 1, '一类', $2, '在线', '测试', '410502', ST_SetSRID(ST_MakePoint(114.35, 36.09), 4326))`,
    [id, status],
  );

describe('numberMatched', () => {
  it('reuses the count of a selection while paging, and counts again after its time to live', async () => {
    const cached = createFeaturesRepository(t.db, { countTtlMs: 60_000 });
    const fresh = createFeaturesRepository(t.db, { countTtlMs: 0 });
    expect((await cached.page(cameras, q({ limit: '10' }))).numberMatched).toBe(CAMERA_COUNT);
    await addCamera('41050000001399999991');
    expect((await cached.page(cameras, q({ limit: '10', offset: '10' }))).numberMatched).toBe(CAMERA_COUNT);
    expect((await fresh.page(cameras, q({ limit: '10', offset: '10' }))).numberMatched).toBe(CAMERA_COUNT + 1);
    // Another selection has its own count.
    expect((await cached.page(cameras, q({ limit: '10', status: 'ON' }))).numberMatched).toBe(CAMERA_COUNT + 1 - 22);
  });

  it('is exact without a cache for a page shorter than the limit', async () => {
    const cached = createFeaturesRepository(t.db, { countTtlMs: 60_000 });
    const before = (await cached.page(cameras, q({ status: 'OFF' }))).numberMatched;
    await addCamera('41050000001399999992', 'OFF');
    expect((await cached.page(cameras, q({ status: 'OFF' }))).numberMatched).toBe(before + 1);
  });
});
