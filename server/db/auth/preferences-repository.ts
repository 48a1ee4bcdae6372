/**
 * A user's own settings (table user_preferences, migration 055): read, and merged on write (a field left out
 * keeps its value; null clears it).
 */
import type { Queryable } from '../core/database.ts';
import { NO_PREFERENCES, type UserPreferences } from '../../protocol/preferences.ts';

type Row = { lang: string | null; theme: string | null; layers: string[] | null; filters: unknown; updated_at: Date | string };

function toPreferences(r: Row | undefined): UserPreferences {
  if (!r) return NO_PREFERENCES;
  const filters = typeof r.filters === 'string' ? (JSON.parse(r.filters) as unknown) : r.filters;
  return {
    lang: r.lang as UserPreferences['lang'],
    theme: r.theme as UserPreferences['theme'],
    layers: (r.layers ?? null) as UserPreferences['layers'],
    filters: (filters ?? null) as UserPreferences['filters'],
    updatedAt: new Date(r.updated_at).toISOString(),
  };
}

export async function findPreferences(db: Queryable, userId: string): Promise<UserPreferences> {
  const { rows } = await db.query<Row>('SELECT lang, theme, layers, filters, updated_at FROM user_preferences WHERE user_id = $1', [userId]);
  return toPreferences(rows[0]);
}

/** Fields present in `patch` replace the stored ones (null clears); absent fields are kept. */
export async function savePreferences(db: Queryable, userId: string, patch: Partial<Omit<UserPreferences, 'updatedAt'>>): Promise<UserPreferences> {
  const has = (k: keyof typeof patch) => Object.hasOwn(patch, k);
  const { rows } = await db.query<Row>(
    `INSERT INTO user_preferences AS p (user_id, lang, theme, layers, filters) VALUES ($1, $2, $3, $4::text[], $5::jsonb)
     ON CONFLICT (user_id) DO UPDATE SET
       lang = CASE WHEN $6 THEN EXCLUDED.lang ELSE p.lang END,
       theme = CASE WHEN $7 THEN EXCLUDED.theme ELSE p.theme END,
       layers = CASE WHEN $8 THEN EXCLUDED.layers ELSE p.layers END,
       filters = CASE WHEN $9 THEN EXCLUDED.filters ELSE p.filters END,
       updated_at = now()
     RETURNING lang, theme, layers, filters, updated_at`,
    [
      userId,
      patch.lang ?? null,
      patch.theme ?? null,
      patch.layers ?? null,
      patch.filters === undefined || patch.filters === null ? null : JSON.stringify(patch.filters),
      has('lang'),
      has('theme'),
      has('layers'),
      has('filters'),
    ],
  );
  return toPreferences(rows[0]);
}
