/**
 * A real OGC API - Features client: GDAL's OAPIF driver (what QGIS uses) lists and copies every collection
 * from a server running on the test database, with an API token. Skipped only when the GDAL binaries are not installed.
 */
import { execFile, spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COLLECTION_IDS } from '../../server/protocol/collections.ts';
import { LAYER_SOURCES } from '../../server/db/features/layer-sources.ts';
import { openTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { CAMERA_COUNT, loadOgcFixtures } from './ogc-fixtures.ts';
import { startOgcServer, type RunningServer } from './ogc-server.ts';

const run = promisify(execFile);
const hasGdal = ['ogrinfo', 'ogr2ogr'].every((bin) => spawnSync(bin, ['--version']).status === 0);

let t: TestDatabase;
let server: RunningServer;
let dir: string;

beforeAll(async () => {
  if (!hasGdal) return;
  t = await openTestDatabase();
  await loadOgcFixtures(t.db);
  server = await startOgcServer(t.db, 8122);
  dir = await mkdtemp(path.join(tmpdir(), 'ogc-gdal-'));
});
afterAll(async () => {
  await server?.close();
  await t?.dispose();
  if (dir) await rm(dir, { recursive: true, force: true });
});

// A machine client authenticates with an API token, as QGIS or GDAL would (GDAL_HTTP_HEADERS, GDAL >= 3.6).
const gdal = async (bin: string, args: string[]) =>
  (await run(bin, args, { timeout: 120_000, env: { ...process.env, GDAL_HTTP_TIMEOUT: '60', GDAL_HTTP_HEADERS: `Authorization: Bearer ${server.token}` } })).stdout;

describe.skipIf(!hasGdal)('GDAL OAPIF reads every collection (skipped when ogrinfo/ogr2ogr are not installed)', () => {
  it('ogrinfo lists every collection with its geometry type', async () => {
    const out = await gdal('ogrinfo', ['-ro', '-so', `OAPIF:${server.base}/ogc`]);
    for (const id of COLLECTION_IDS) expect(out).toMatch(new RegExp(`\\d+: ${id} \\(title: .+\\) \\((Point|Multi Polygon)\\)`));
  });

  it('ogr2ogr copies every camera into a GeoPackage (default paging and PAGE_SIZE=1000)', async () => {
    for (const opts of [[], ['-oo', 'PAGE_SIZE=1000']]) {
      const gpkg = path.join(dir, `cameras-${opts.length}.gpkg`);
      await gdal('ogr2ogr', ['-f', 'GPKG', gpkg, ...opts, `OAPIF:${server.base}/ogc`, 'cameras']);
      const out = await gdal('ogrinfo', ['-ro', gpkg, '-sql', 'SELECT count(*) AS n, count(DISTINCT id) AS ids FROM cameras']);
      expect(out).toContain(`n (Integer) = ${CAMERA_COUNT}`);
      expect(out).toContain(`ids (Integer) = ${CAMERA_COUNT}`);
      const one = await gdal('ogrinfo', ['-ro', gpkg, '-sql', "SELECT name FROM cameras WHERE id = '41050000001310000002'"]);
      expect(one).toContain('name (String) = 文峰区 "引号" \\ 反斜杠 ✓');
    }
  });

  it('ogr2ogr copies all collections with every feature', async () => {
    const gpkg = path.join(dir, 'all.gpkg');
    await gdal('ogr2ogr', ['-f', 'GPKG', gpkg, '-oo', 'PAGE_SIZE=1000', `OAPIF:${server.base}/ogc`]);
    for (const id of COLLECTION_IDS) {
      const source = LAYER_SOURCES[id];
      const { rows } = await t.db.query<{ n: number }>(
        `SELECT count(*)::integer AS n FROM ${source.relation}${source.where ? ` WHERE ${source.where}` : ''}`,
      );
      const out = await gdal('ogrinfo', ['-ro', '-so', gpkg, id]);
      expect(out, id).toContain(`Feature Count: ${rows[0]!.n}`);
    }
  });
});
