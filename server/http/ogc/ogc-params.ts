/**
 * Query parameters of /ogc/collections/{id}/items and /tiles/{id}/...: parsed and validated from the
 * registry, so every collection gets the same rules. Pure; throws AppError (400) with a machine-readable code.
 */
import type { CollectionDef, PropertyDef } from '../../protocol/collections.ts';
import { badRequest } from '../../errors.ts';
import { isBboxError, parseBbox, type Bbox } from '../../domain/geo/bbox.ts';
import { isDatetimeError, parseDatetime, temporalProperty } from '../../domain/features/datetime.ts';
import type { FilterValue, ItemsQuery, PropertyFilter } from '../../domain/features/feature-query.ts';
import { bboxToLngLat, type Crs } from '../../domain/geo/crs.ts';
import { parseCrs, parseFilterParam, parseProperties, parseSkipGeometry, parseSortby } from './ogc-query-params.ts';

export type RawQuery = Record<string, unknown>;

export const LIMIT_DEFAULT = 1_000;
export const LIMIT_MAX = 10_000;
/** Offset paging past this is refused: deep pages are slow and no client needs them (use bbox/filters). */
export const OFFSET_MAX = 10_000_000;
const FILTER_VALUE_MAX_LENGTH = 200;
const FILTER_VALUES_MAX = 50;

/** Parameters the items endpoint understands besides property filters (`f` is accepted for clients that send it). */
export const ITEMS_PARAMS = new Set([
  'limit', 'offset', 'bbox', 'bbox-crs', 'datetime', 'f',
  'filter', 'filter-lang', 'filter-crs', 'sortby', 'properties', 'skipGeometry', 'crs',
]);
/** Parameters of a single feature. */
export const FEATURE_PARAMS = new Set(['f', 'crs', 'properties', 'skipGeometry']);

function single(query: RawQuery, name: string): string | undefined {
  const v = query[name];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw badRequest('INVALID_PARAMETER', `Parameter "${name}" may be given only once`, { parameter: name });
  return v;
}

function parseIntParam(query: RawQuery, name: string, code: string, min: number, max: number, fallback: number): number {
  const text = single(query, name);
  if (text === undefined) return fallback;
  if (!/^\d{1,12}$/.test(text.trim())) {
    throw badRequest(code, `"${name}" must be an integer within ${min}..${max}`, { parameter: name, min, max });
  }
  const n = Number(text.trim());
  if (n < min || n > max) throw badRequest(code, `"${name}" must be within ${min}..${max}`, { parameter: name, min, max, value: n });
  return n;
}

/** Parses one filter value by the property's registry type (and its code list, if classified). */
export function parseFilterValue(prop: PropertyDef, text: string): FilterValue {
  const fail = (why: string, extra: Record<string, unknown> = {}): never => {
    throw badRequest('INVALID_FILTER', `Filter "${prop.name}": ${why}`, { property: prop.name, type: prop.type, ...extra });
  };
  if (text.length === 0) fail('the value is empty');
  if (text.length > FILTER_VALUE_MAX_LENGTH) fail(`the value is longer than ${FILTER_VALUE_MAX_LENGTH} characters`);
  if (/[\u0000-\u001f]/.test(text)) fail('the value contains control characters');
  if (prop.codes && !Object.hasOwn(prop.codes, text)) fail(`unknown code ${JSON.stringify(text)}`, { allowed: Object.keys(prop.codes) });
  switch (prop.type) {
    case 'integer':
      if (!/^-?\d{1,15}$/.test(text)) fail('expected an integer');
      return Number(text);
    case 'number':
      if (!/^-?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d{1,3})?$/.test(text)) fail('expected a number');
      return Number(text);
    case 'boolean':
      if (text !== 'true' && text !== 'false') fail('expected true or false');
      return text === 'true';
    case 'string':
      return text;
    default:
      return fail(`properties of type ${prop.type} cannot be filtered by equality`);
  }
}

/**
 * Reads the registry's filterable properties from the query. Any other parameter not in `known` is an
 * error (OGC API - Features: unknown parameters are a 400), so typos never silently return everything.
 */
export function parseFilters(def: CollectionDef, query: RawQuery, known: ReadonlySet<string>): PropertyFilter[] {
  const filterable = new Map(def.properties.filter((p) => p.filterable).map((p) => [p.name, p]));
  const filters: PropertyFilter[] = [];
  for (const [name, raw] of Object.entries(query)) {
    if (known.has(name)) continue;
    const prop = filterable.get(name);
    if (!prop) {
      throw badRequest('UNKNOWN_PARAMETER', `Unknown query parameter "${name.slice(0, 60)}"`, {
        parameter: name.slice(0, 60),
        filterable: [...filterable.keys()],
      });
    }
    const texts = Array.isArray(raw) ? raw : [raw];
    if (texts.length > FILTER_VALUES_MAX) throw badRequest('INVALID_FILTER', `Filter "${name}" has more than ${FILTER_VALUES_MAX} values`, { property: name });
    const values = texts.map((t) => (typeof t === 'string' ? parseFilterValue(prop, t) : parseFilterValue(prop, '')));
    filters.push({ name, type: prop.type, values: [...new Set(values)] });
  }
  return filters.sort((a, b) => a.name.localeCompare(b.name));
}

function checkFormat(query: RawQuery): void {
  const f = single(query, 'f');
  if (f !== undefined && !['json', 'geojson'].includes(f)) {
    throw badRequest('INVALID_PARAMETER', 'Only f=json and f=geojson are offered', { parameter: 'f' });
  }
}

/** `bbox` in `bbox-crs` (default CRS84) as a CRS84 box. */
function parseBboxParam(query: RawQuery): Bbox | undefined {
  const text = single(query, 'bbox');
  const crs = parseCrs(query, 'bbox-crs');
  if (text === undefined) {
    if (crs) throw badRequest('INVALID_PARAMETER', '"bbox-crs" goes with "bbox"', { parameter: 'bbox-crs' });
    return undefined;
  }
  if (!crs || crs.axes === 'lnglat') {
    const bbox = parseBbox(text);
    if (isBboxError(bbox)) throw badRequest('INVALID_BBOX', bbox.reason, { parameter: 'bbox' });
    return bbox;
  }
  const parts = text.split(',').map((s) => s.trim());
  if (!parts.every((s) => /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(s))) throw badRequest('INVALID_BBOX', 'bbox values must be decimal numbers', { parameter: 'bbox' });
  const n = parts.map(Number);
  const box = bboxToLngLat(n.length === 6 ? [n[0]!, n[1]!, n[3]!, n[4]!] : n, crs);
  if (typeof box === 'string') throw badRequest('INVALID_BBOX', box, { parameter: 'bbox', bboxCrs: crs.uri });
  return box;
}

/** The answer's properties, geometry and CRS (items and single features). */
export function parseShape(def: CollectionDef, query: RawQuery): { properties?: string[]; skipGeometry?: boolean; crs?: Crs } {
  const shape: { properties?: string[]; skipGeometry?: boolean; crs?: Crs } = {};
  if (parseSkipGeometry(query)) shape.skipGeometry = true;
  const properties = parseProperties(def, query);
  if (properties) shape.properties = properties;
  const crs = parseCrs(query, 'crs');
  if (crs) shape.crs = crs;
  return shape;
}

/** Parameters of a single feature: f, crs, properties, skipGeometry; anything else is a 400. */
export function parseFeatureQuery(def: CollectionDef, query: RawQuery): ReturnType<typeof parseShape> {
  checkFormat(query);
  for (const name of Object.keys(query)) {
    if (!FEATURE_PARAMS.has(name)) throw badRequest('UNKNOWN_PARAMETER', `Unknown query parameter "${name.slice(0, 60)}"`, { parameter: name.slice(0, 60) });
  }
  return parseShape(def, query);
}

/**
 * Parses and validates every parameter of an items request. `hidden`: properties this reader receives masked
 * (neither queryable nor sortable).
 */
export function parseItemsQuery(def: CollectionDef, query: RawQuery, hidden: ReadonlySet<string> = new Set()): ItemsQuery {
  checkFormat(query);
  const limit = parseIntParam(query, 'limit', 'INVALID_LIMIT', 1, LIMIT_MAX, LIMIT_DEFAULT);
  const offset = parseIntParam(query, 'offset', 'INVALID_OFFSET', 0, OFFSET_MAX, 0);
  const items: ItemsQuery = { limit, offset, filters: parseFilters(def, query, ITEMS_PARAMS), ...parseShape(def, query) };
  const bbox = parseBboxParam(query);
  if (bbox) items.bbox = bbox;
  const filter = parseFilterParam(def, query, hidden);
  if (filter) items.filter = filter;
  const sortby = parseSortby(def, query, hidden);
  if (sortby) items.sortby = sortby;

  const datetime = parseDatetimeParam(def, single(query, 'datetime'));
  if (datetime) items.datetime = datetime;
  return items;
}

/** The `datetime` parameter (an instant or interval) on the collection's temporal property; 400 INVALID_DATETIME. */
export function parseDatetimeParam(def: CollectionDef, text: string | undefined, parameter = 'datetime'): ItemsQuery['datetime'] {
  if (text === undefined) return undefined;
  const property = temporalProperty(def);
  if (!property) throw badRequest('INVALID_DATETIME', `Collection "${def.id}" has no date-time property to filter on`, { parameter });
  const range = parseDatetime(text);
  if (isDatetimeError(range)) throw badRequest('INVALID_DATETIME', range.reason, { parameter });
  return { ...range, property };
}

/** Filters and the time window of a tile request (`datetime` as on items). */
export function parseTileQuery(def: CollectionDef, query: RawQuery): Pick<ItemsQuery, 'filters' | 'datetime'> {
  const filters = parseFilters(def, query, TILE_PARAMS);
  const datetime = parseDatetimeParam(def, single(query, 'datetime'));
  return datetime ? { filters, datetime } : { filters };
}
const TILE_PARAMS = new Set(['datetime']);
