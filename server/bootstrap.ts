/**
 * Brings the database to a usable state: migrations, then the Anyang dataset (skipped when already
 * loaded). Reports progress to Readiness and to the log; safe to run from several processes at once.
 */
import type { Database } from './db/core/database.ts';
import { migrate } from './db/core/migrate.ts';
import { loadDataset } from './db/dataset/dataset-loader.ts';
import type { Logger } from './logger.ts';
import type { Readiness } from './readiness.ts';
import { ensureFirstAdmin } from './auth/services/first-admin.ts';
import { invalidStoredGeometries } from './db/features/features-geometry.ts';

export async function prepareDatabase(
  db: Database,
  opts: { seed: number; scale: number; adminPassword?: string },
  readiness: Readiness,
  log: Logger,
): Promise<void> {
  readiness.set('migrating', undefined, 0);
  const applied = await migrate(db);
  if (applied.length) log.info({ applied }, 'migrations applied');
  await ensureFirstAdmin(db, { password: opts.adminPassword }, log);
  readiness.set('loading', undefined, 0);
  let lastLogged = -1;
  await loadDataset(db, opts, ({ part, fraction }) => {
    readiness.set('loading', part, fraction);
    const pct = Math.floor(fraction * 20) * 5;
    if (pct !== lastLogged) {
      lastLogged = pct;
      log.info({ part, progress: `${pct}%` }, `loading Anyang dataset ${progressBar(fraction)}`);
    }
  });
  for (const bad of await invalidStoredGeometries(db)) {
    log.warn(bad, `${bad.count >= 1000 ? '1000+' : bad.count} stored geometries of ${bad.table} are not valid; reads repair them with ST_MakeValid (docs/security.md "Geometry")`);
  }
  readiness.set('ready');
}

function progressBar(fraction: number, width = 20): string {
  const filled = Math.round(fraction * width);
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${Math.round(fraction * 100)}%`;
}
