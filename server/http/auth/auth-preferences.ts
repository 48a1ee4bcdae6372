/**
 * A signed-in user's own settings (docs/api.md "Preferences"):
 *   GET /api/users/me/preferences → 200 { lang, theme, layers, filters, updatedAt } (null: never chosen).
 *   PUT /api/users/me/preferences { lang?, theme?, layers?, filters? } → 200 the merged preferences. A field left
 *       out keeps its value; null clears it. 400 INVALID_BODY (unknown field, language, theme, layer, filter
 *       property or code; more than 50 values). Cookie sessions send the CSRF header as for every write.
 * Both: 401 UNAUTHENTICATED without a principal; 403 USER_ONLY for an API token (a wall display has no user to
 * keep settings for; it takes them from its address).
 */
import type { Request, Response } from 'express';
import { z } from 'zod';
import { AppError } from '../../errors.ts';
import { COLLECTIONS, type CollectionId } from '../../protocol/collections.ts';
import { PREFERENCE_LANGS, PREFERENCE_LAYERS, PREFERENCE_THEMES, type LayerFilterPrefs } from '../../protocol/preferences.ts';
import { findPreferences, savePreferences } from '../../db/auth/preferences-repository.ts';
import type { AuthContext } from '../../auth/services/auth-context.ts';
import { parseBody } from './auth-common.ts';
import { unauthenticated } from './auth-middleware.ts';

const layerId = z.enum(PREFERENCE_LAYERS as unknown as [CollectionId, ...CollectionId[]]);
const Body = z.strictObject({
  lang: z.enum(PREFERENCE_LANGS).nullable().optional(),
  theme: z.enum(PREFERENCE_THEMES).nullable().optional(),
  layers: z.array(layerId).max(PREFERENCE_LAYERS.length).nullable().optional(),
  filters: z.record(z.string().max(40), z.record(z.string().max(40), z.array(z.string().max(200)).max(50))).nullable().optional(),
});

/** Every layer, property and value of a filter choice must be one the registry offers (codes from its code list). */
export function filterProblems(filters: Record<string, Record<string, string[]>>): string[] {
  const problems: string[] = [];
  for (const [layer, props] of Object.entries(filters)) {
    if (!(PREFERENCE_LAYERS as readonly string[]).includes(layer)) {
      problems.push(`filters.${layer}: unknown layer`);
      continue;
    }
    const defs = COLLECTIONS[layer as CollectionId].properties;
    for (const [name, values] of Object.entries(props)) {
      const def = defs.find((d) => d.name === name && d.filterable);
      if (!def) problems.push(`filters.${layer}.${name}: not a filterable property`);
      else if (def.codes) for (const v of values) if (!Object.hasOwn(def.codes, v)) problems.push(`filters.${layer}.${name}: unknown code ${JSON.stringify(v.slice(0, 40))}`);
    }
  }
  return problems;
}

function userId(req: Request): string {
  const p = req.principal;
  if (!p) throw unauthenticated();
  if (p.kind !== 'user') throw new AppError(403, 'USER_ONLY', 'Preferences belong to a signed-in user; an API token has none');
  return p.id;
}

export function preferenceHandlers(ctx: AuthContext) {
  return {
    async get(req: Request, res: Response) {
      const id = userId(req);
      res.set('Cache-Control', 'private, no-store').json(await findPreferences(ctx.db, id));
    },
    async put(req: Request, res: Response) {
      const id = userId(req);
      const body = parseBody(Body, req.body);
      const problems = body.filters ? filterProblems(body.filters) : [];
      if (problems.length) throw new AppError(400, 'INVALID_BODY', 'The request body is not valid', problems.slice(0, 20).map((message) => ({ path: 'filters', message })));
      const saved = await savePreferences(ctx.db, id, { ...body, ...(body.filters !== undefined ? { filters: body.filters as LayerFilterPrefs | null } : {}) });
      res.set('Cache-Control', 'private, no-store').json(saved);
    },
  };
}
