/**
 * Read-your-writes of the collection versions (server/db/features/collection-versions.ts) and the middleware that
 * drives it (server/http/platform/fresh-after-writes.ts): with the write's NOTIFY not yet arrived, a version stays
 * as it was — until this process answers a write, after which the next caller reads the log and sees the new version.
 */
import { describe, expect, it } from 'vitest';
import express from 'express';
import type { Database } from '../../server/db/core/database.ts';
import { startCollectionVersions } from '../../server/db/features/collection-versions.ts';
import { freshAfterWrites } from '../../server/http/platform/fresh-after-writes.ts';
import { COLLECTIONS } from '../../server/protocol/collections.ts';

/** A change log in memory behind the one query the versions ask; NOTIFYs are never delivered. */
function fakeLog() {
  const log: { layer: string; seq: number }[] = [];
  let reads = 0;
  const db = {
    async query(_sql: string, params: unknown[]) {
      reads += 1;
      const after = Number(params[0]);
      const top = new Map<string, number>();
      for (const r of log) if (r.seq > after) top.set(r.layer, Math.max(top.get(r.layer) ?? 0, r.seq));
      const rows = [...top].map(([layer, seq]) => ({ layer, seq, pruned: 0 }));
      return { rows: rows.length ? rows : [{ layer: null, seq: null, pruned: 0 }], rowCount: rows.length };
    },
    async listen() {
      return async () => undefined;
    },
  } as unknown as Database;
  return { db, log, reads: () => reads };
}

describe('collection versions', () => {
  it('show a write answered by this process at once, without waiting for its NOTIFY', async () => {
    const { db, log, reads } = fakeLog();
    log.push({ layer: 'cameras', seq: 3 });
    const versions = await startCollectionVersions(db);
    const v1 = await versions.of(COLLECTIONS.cameras);
    expect(v1).toMatch(/\.3$/);
    log.push({ layer: 'cameras', seq: 7 }); // committed; its NOTIFY has not arrived
    const before = reads();
    expect(await versions.of(COLLECTIONS.cameras), 'no NOTIFY, no write here: from memory').toBe(v1);
    expect(reads()).toBe(before);
    versions.written();
    expect(await versions.of(COLLECTIONS.cameras)).toMatch(/\.7$/);
    expect(await versions.of(COLLECTIONS.incidents)).toMatch(/\.0$/);
    expect(reads(), 'one read for the write, then from memory again').toBe(before + 1);
    await versions.stop();
  });
});

describe('freshAfterWrites', () => {
  it('marks the versions stale when a write is answered, not on reads', async () => {
    let marks = 0;
    const app = express();
    app.use(freshAfterWrites({ written: () => void (marks += 1) }));
    app.all('/x', (_req, res) => void res.status(200).json({ ok: true }));
    const server = app.listen(0);
    const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/x`;
    try {
      await fetch(url);
      expect(marks).toBe(0);
      for (const method of ['POST', 'PATCH', 'PUT', 'DELETE']) await fetch(url, { method });
      expect(marks).toBe(4);
    } finally {
      server.close();
    }
  });
});
