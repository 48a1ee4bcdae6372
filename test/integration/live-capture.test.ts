import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { headSeq, pruneChanges, prunedThrough, readChanges } from '../../server/db/live/changes-repository.ts';
import { createFeature, deleteFeature, isWritable, updateFeature } from '../../server/db/features/features-write-repository.ts';
import { raiseWarnings } from '../../server/db/analysis/warnings-repository.ts';
import { createFeaturesRepository } from '../../server/db/features/features-repository.ts';
import { COLLECTIONS, type CollectionId } from '../../server/protocol/collections.ts';
import { LIVE_LAYERS } from '../../server/protocol/live.ts';
import { openTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { ensureCommunity, FIXTURES } from '../support/live-fixtures.ts';

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
  await ensureCommunity(t.db);
});
afterAll(async () => t?.dispose());

/** The live layers people write as features; warnings are live too, but raised by the analysis only. */
const WRITTEN = LIVE_LAYERS.filter(isWritable);

describe('change capture', () => {
  it('appends one record per insert, update and delete on every live layer, in commit order', async () => {
    expect([...WRITTEN].sort()).toEqual(Object.keys(FIXTURES).sort());
    expect(LIVE_LAYERS.filter((l) => !isWritable(l))).toEqual(['warnings']);
    const start = await headSeq(t.db);
    for (const layer of WRITTEN) {
      const f = FIXTURES[layer]!;
      await createFeature(t.db, layer, f);
      await updateFeature(t.db, layer, f.id, { properties: { district_code: '410503' } });
      await deleteFeature(t.db, layer, f.id);
    }
    const changes = await readChanges(t.db, start, 1000);
    expect(changes.map((c) => `${c.layer}:${c.op}:${c.id}`)).toEqual(
      WRITTEN.flatMap((l) => [`${l}:upsert:${FIXTURES[l]!.id}`, `${l}:upsert:${FIXTURES[l]!.id}`, `${l}:delete:${FIXTURES[l]!.id}`]),
    );
    expect(changes.map((c) => c.seq)).toEqual(changes.map((_, i) => start + i + 1));
    expect(changes.filter((c) => c.op === 'delete').every((c) => c.feature === null)).toBe(true);
    expect(await headSeq(t.db)).toBe(start + changes.length);
  });

  it('carries the same GeoJSON Feature the OGC items endpoint returns for the row', async () => {
    const features = createFeaturesRepository(t.db);
    for (const layer of WRITTEN) {
      const start = await headSeq(t.db);
      const f = FIXTURES[layer]!;
      await createFeature(t.db, layer, { ...f, id: `${f.id.slice(0, -1)}9` });
      const [change] = await readChanges(t.db, start, 10);
      const row = (await features.get(COLLECTIONS[layer as CollectionId], change!.id))?.feature;
      expect(row, layer).toBeDefined();
      expect(change!.feature!.id).toBe(String(row!.id));
      expect(change!.feature!.properties, layer).toEqual(row!.properties);
      expect(change!.feature!.geometry, layer).toEqual(row!.geometry);
    }
  });

  it('records a warning the analysis raises, as the OGC items endpoint returns it', async () => {
    const grid = FIXTURES.grids!;
    await createFeature(t.db, 'grids', { ...grid, id: '410502001001998' });
    const start = await headSeq(t.db);
    const raised = await raiseWarnings(t.db, [
      { kind: 'RISK_RISE', level: 2, title: '测试预警', reason: '风险上升', evidence: { score: 80 }, causeKey: 'RISK_RISE:410502001001998', area: { gridCodes: ['410502001001998'] } },
    ]);
    expect(raised).toBe(1);
    const [change, ...rest] = await readChanges(t.db, start, 10);
    expect(rest).toEqual([]);
    expect(change).toMatchObject({ layer: 'warnings', op: 'upsert' });
    const row = (await createFeaturesRepository(t.db).get(COLLECTIONS.warnings, change!.id))?.feature;
    expect(change!.feature!.properties).toEqual(row!.properties);
    expect(change!.feature!.properties).toMatchObject({ status: 'ACTIVE', level: 2, grid_code: '410502001001998' });
    await t.db.query(`DELETE FROM warnings WHERE cause_key = 'RISK_RISE:410502001001998'`);
    await deleteFeature(t.db, 'grids', '410502001001998');
  });

  it('skips a no-op update and everything written with capture off (the dataset loader)', async () => {
    const f = FIXTURES.units!;
    await createFeature(t.db, 'units', { ...f, id: 'T-UNIT-NOOP' });
    const start = await headSeq(t.db);
    await t.db.query(`UPDATE units SET name = name WHERE id = 'T-UNIT-NOOP'`);
    await t.db.transaction(async (tx) => {
      await tx.query(`SELECT set_config('pingan.capture', 'off', true)`);
      await tx.query(`UPDATE units SET name = 'loader' WHERE id = 'T-UNIT-NOOP'`);
    });
    await t.db.query(`UPDATE units SET name = 'after' WHERE id = 'T-UNIT-NOOP'`);
    const changes = await readChanges(t.db, start, 10);
    expect(changes.map((c) => c.feature?.properties.name)).toEqual(['after']);
  });

  it('prunes by retention and remembers how far', async () => {
    const head = await headSeq(t.db);
    await t.db.query(`UPDATE change_log SET committed_at = now() - interval '3 hours' WHERE seq <= $1`, [head - 1]);
    expect(await pruneChanges(t.db, 2)).toBeGreaterThan(0);
    expect(await prunedThrough(t.db)).toBe(head - 1);
    expect((await readChanges(t.db, 0, 10)).map((c) => c.seq)).toEqual([head]);
    expect(await headSeq(t.db)).toBe(head);
  });
});

describe.runIf(process.env.TEST_DATABASE_URL)('gap safety with concurrent writers (PostGIS)', () => {
  const client = async () => {
    const c = new pg.Client({ connectionString: t.url });
    await c.connect();
    return c;
  };
  const insertUnit = (c: pg.Client, id: string) =>
    c.query(
      `INSERT INTO units (id, name, type, type_label, status, status_label, district_code, geom)
       VALUES ($1, 'n', 'VOLUNTEER', '志愿者', 'AVAILABLE', '待命', '410502', ST_SetSRID(ST_MakePoint(114.39, 36.1), 4326))`,
      [id],
    );

  it('a transaction that wrote first but commits last is numbered after the one that committed first', async () => {
    const [a, b] = [await client(), await client()];
    try {
      const start = await headSeq(t.db);
      await a.query('BEGIN');
      await insertUnit(a, 'GAP-A'); // written first
      await insertUnit(b, 'GAP-B'); // autocommit: commits first
      const first = await readChanges(t.db, start, 10);
      expect(first.map((c) => c.id)).toEqual(['GAP-B']);
      await a.query('COMMIT');
      const second = await readChanges(t.db, first[0]!.seq, 10);
      expect(second.map((c) => c.id)).toEqual(['GAP-A']);
    } finally {
      await Promise.all([a.end(), b.end()]);
    }
  });

  it('a reader paging by seq during random concurrent commits never skips a record', async () => {
    const writers = await Promise.all(Array.from({ length: 6 }, () => client()));
    const start = await headSeq(t.db);
    const seen: number[] = [];
    let cursor = start;
    let writing = true;
    const reader = (async () => {
      while (writing) {
        const page = await readChanges(t.db, cursor, 500);
        for (const c of page) seen.push(c.seq);
        if (page.length) cursor = page[page.length - 1]!.seq;
      }
    })();
    await Promise.all(
      writers.map(async (c, w) => {
        for (let i = 0; i < 25; i++) {
          await c.query('BEGIN');
          await insertUnit(c, `GAPR-${w}-${i}`);
          await new Promise((r) => setTimeout(r, Math.random() * 15));
          if (i % 7 === 3) await c.query(`UPDATE units SET speed_kmh = ${i} WHERE id = 'GAPR-${w}-${i}'`);
          await c.query(i % 11 === 5 ? 'ROLLBACK' : 'COMMIT');
        }
      }),
    );
    writing = false;
    await reader;
    for (const c of await readChanges(t.db, cursor, 10_000)) seen.push(c.seq);
    const all = (await readChanges(t.db, start, 10_000)).map((c) => c.seq);
    expect(all.length).toBeGreaterThan(100);
    expect(seen).toEqual(all);
    await Promise.all(writers.map((c) => c.end()));
  });
});
