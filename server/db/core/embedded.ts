/** Embedded PostgreSQL + PostGIS in WebAssembly (PGlite), persisted under a data directory. */
import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { postgis } from '@electric-sql/pglite-postgis';
import type { Database, Queryable, Row } from './database.ts';
import { normaliseRow } from './database.ts';
import type { Logger } from '../../logger.ts';

export async function openEmbedded(dataDir: string, log: Logger): Promise<Database> {
  await mkdir(dataDir, { recursive: true });
  const started = performance.now();
  const pg = await PGlite.create(dataDir, { extensions: { postgis } });
  log.info({ dataDir, ms: Math.round(performance.now() - started) }, 'embedded database opened');

  const wrap = (q: { query: PGlite['query'] }): Queryable => ({
    async query<R extends Row>(sql: string, params?: readonly unknown[]) {
      const t0 = performance.now();
      const res = await q.query<Row>(sql, params as unknown[]);
      const ms = performance.now() - t0;
      if (ms > 1000) log.warn({ ms: Math.round(ms), sql: sql.slice(0, 200) }, 'slow query');
      const rows = res.rows.map((r) => normaliseRow<R>(r));
      return { rows, rowCount: res.affectedRows ?? rows.length };
    },
  });

  const base = wrap(pg);
  return {
    kind: 'embedded',
    query: base.query,
    async exec(sql) {
      await pg.exec(sql);
    },
    transaction: (fn) => pg.transaction((tx) => fn({ ...wrap(tx), exec: async (sql) => void (await tx.exec(sql)) })),
    async listen(channel, onPayload) {
      const unlisten = await pg.listen(channel, onPayload);
      return async () => unlisten();
    },
    async close() {
      await pg.close();
    },
  };
}
