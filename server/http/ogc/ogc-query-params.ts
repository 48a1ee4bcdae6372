/**
 * The items parameters of OGC API - Features Parts 2 and 3 and of sorting: `filter` + `filter-lang` +
 * `filter-crs`, `sortby`, `properties`, `skipGeometry`, `crs`, `bbox-crs`. Pure; every problem is an AppError
 * 400 whose code names it (CQL2 problems carry their position in `details.position`).
 */
import { badRequest } from '../../errors.ts';
import type { CollectionDef } from '../../protocol/collections.ts';
import { Cql2Error } from '../../domain/features/cql2/cql2-ast.ts';
import { parseCql2Text } from '../../domain/features/cql2/cql2-text.ts';
import { parseCql2Json } from '../../domain/features/cql2/cql2-json.ts';
import { checkFilter } from '../../domain/features/cql2/cql2-check.ts';
import { queryables, sortables } from '../../domain/features/queryables.ts';
import type { CqlFilter, SortKey } from '../../domain/features/feature-query.ts';
import { CRS84, crsOf, CRS_LIST, type Crs } from '../../domain/geo/crs.ts';

export type RawParams = Record<string, unknown>;

export const FILTER_LANGS = ['cql2-text', 'cql2-json'] as const;
const SORT_KEYS_MAX = 5;

function one(query: RawParams, name: string): string | undefined {
  const v = query[name];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw badRequest('INVALID_PARAMETER', `Parameter "${name}" may be given only once`, { parameter: name });
  return v;
}

/** A `crs`, `bbox-crs` or `filter-crs` value; 400 INVALID_CRS for one this server does not offer. */
export function parseCrs(query: RawParams, name: string): Crs | undefined {
  const text = one(query, name);
  if (text === undefined) return undefined;
  const crs = crsOf(text);
  if (!crs) {
    throw badRequest('INVALID_CRS', `"${name}" must be one of the offered CRS`, { parameter: name, value: text.slice(0, 100), offered: CRS_LIST.map((c) => c.uri) });
  }
  return crs;
}

/** `filter` with `filter-lang` (default cql2-text) and `filter-crs`, parsed and checked against the reader's queryables. */
export function parseFilterParam(def: CollectionDef, query: RawParams, hidden: ReadonlySet<string>): CqlFilter | undefined {
  const text = one(query, 'filter');
  const lang = one(query, 'filter-lang') ?? 'cql2-text';
  const filterCrs = parseCrs(query, 'filter-crs');
  if (!(FILTER_LANGS as readonly string[]).includes(lang)) {
    throw badRequest('INVALID_FILTER_LANG', `"filter-lang" must be ${FILTER_LANGS.join(' or ')}`, { parameter: 'filter-lang', supported: [...FILTER_LANGS] });
  }
  if (text === undefined) {
    if (query['filter-lang'] !== undefined || filterCrs) throw badRequest('INVALID_PARAMETER', '"filter-lang" and "filter-crs" go with "filter"', { parameter: 'filter' });
    return undefined;
  }
  const q = queryables(def, hidden);
  try {
    const expr = lang === 'cql2-json' ? parseCql2Json(text) : parseCql2Text(text);
    return { expr: checkFilter(expr, q), queryables: q, crs: filterCrs ?? crsOf(CRS84)! };
  } catch (err) {
    if (!(err instanceof Cql2Error)) throw err;
    throw badRequest(err.problem, err.message, { parameter: 'filter', filterLang: lang, position: err.at });
  }
}

/** `sortby=+name,-updated_at` (a bare name is ascending); only declared sortables (/sortables). */
export function parseSortby(def: CollectionDef, query: RawParams, hidden: ReadonlySet<string>): SortKey[] | undefined {
  const text = one(query, 'sortby');
  if (text === undefined) return undefined;
  const allowed = new Set(sortables(def, hidden).map((p) => p.name));
  const keys = text.split(',').map((raw) => raw.trim());
  if (keys.length > SORT_KEYS_MAX) throw badRequest('INVALID_SORTBY', `"sortby" takes at most ${SORT_KEYS_MAX} keys`, { parameter: 'sortby' });
  const seen = new Set<string>();
  return keys.map((k) => {
    // A '+' in a query string arrives as a space: ' name' is '+name'.
    const m = /^([+-]?)([A-Za-z_][A-Za-z0-9_]*)(?:\s+(ASC|DESC|A|D))?$/i.exec(k);
    if (!m) throw badRequest('INVALID_SORTBY', `"sortby" key ${JSON.stringify(k.slice(0, 60))} is not [+|-]property`, { parameter: 'sortby' });
    const name = m[2]!;
    if (!allowed.has(name)) {
      throw badRequest('INVALID_SORTBY', `"${name.slice(0, 60)}" is not a sortable of this collection (see its /sortables)`, { parameter: 'sortby', sortables: [...allowed] });
    }
    if (seen.has(name)) throw badRequest('INVALID_SORTBY', `"sortby" names "${name}" twice`, { parameter: 'sortby' });
    seen.add(name);
    return { name, desc: m[1] === '-' || /^d/i.test(m[3] ?? '') };
  });
}

/** `properties=a,b`: the properties the answer carries (registry names; hidden ones count as unknown). */
export function parseProperties(def: CollectionDef, query: RawParams): string[] | undefined {
  const text = one(query, 'properties');
  if (text === undefined) return undefined;
  const known = new Set(def.properties.map((p) => p.name));
  const names = text === '' ? [] : text.split(',').map((s) => s.trim());
  for (const n of names) {
    if (!known.has(n)) throw badRequest('UNKNOWN_PROPERTY', `No property ${JSON.stringify(n.slice(0, 60))} in "${def.id}"`, { parameter: 'properties', properties: [...known] });
  }
  return [...new Set(names)];
}

/** `skipGeometry=true|false`. */
export function parseSkipGeometry(query: RawParams): boolean {
  const text = one(query, 'skipGeometry');
  if (text === undefined) return false;
  if (text !== 'true' && text !== 'false') throw badRequest('INVALID_PARAMETER', '"skipGeometry" is true or false', { parameter: 'skipGeometry' });
  return text === 'true';
}
