/** Chooses the database from configuration: DATABASE_URL set means PostGIS, unset means embedded. */
import path from 'node:path';
import type { Database } from './database.ts';
import type { Logger } from '../../logger.ts';

export async function openDatabase(opts: { databaseUrl?: string; dataDir: string }, log: Logger): Promise<Database> {
  if (opts.databaseUrl) {
    const { openPostgres } = await import('./postgres.ts');
    return openPostgres(opts.databaseUrl, log);
  }
  const { openEmbedded } = await import('./embedded.ts');
  return openEmbedded(path.resolve(opts.dataDir, 'pglite'), log);
}
