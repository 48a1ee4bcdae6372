/**
 * Write bodies for the API fuzz (OGC API - Features Part 4: POST/PATCH on /ogc/collections/{id}/items).
 *
 * A write that could succeed would change data, and the fuzz asserts that nothing changes. So every body
 * sent where a write could land (POST to a live collection, PATCH of an existing feature) carries at least
 * one POISON: a defect the documented contract (docs/live.md "Writing") says must be refused — an unknown
 * property, a value of the wrong type or outside its code list, an invalid geometry, no id, a body that is
 * not a Feature, text that is not JSON, a content type the route does not parse, an oversized body.
 * Around the poison the body is otherwise near-valid (built from the live fixtures), with NOISE that is
 * legal but unusual (unicode, NUL bytes in strings, nulls, stray GeoJSON members), so the poison is often
 * the only thing wrong. Bodies without a poison only go where nothing can be written (an absent or odd
 * feature id, a read-only or unknown collection).
 */
import fc from 'fast-check';
import { z } from 'zod';
import { COLLECTIONS, isCollectionId, type CollectionDef, type PropertyDef } from '../../server/protocol/collections.ts';
import { CHECKPOINT_FUNCTION } from '../../server/protocol/codes.ts';
import { FIXTURES } from './live-fixtures.ts';
import { evilString, nastyNumber, nastyText } from './fuzz-values.ts';

export interface WriteBody {
  text: string | Buffer;
  contentType?: string;
  extraHeaders?: Array<[string, string]>;
  /** Which poison makes it invalid (undefined: none — only for targets where nothing can be written). */
  poison?: string;
}

type Json = Record<string, unknown>;

const DERIVED = new Set(['generated', 'updated_at', 'function_labels']);
const writable = (def: CollectionDef) => def.properties.filter((p) => !p.name.endsWith('_label') && !DERIVED.has(p.name));

/** A near-valid feature of any collection: the live fixtures, or a made-up point/polygon for the others. */
function baseFeature(def: CollectionDef): Json {
  const f = FIXTURES[def.id];
  if (f) return { type: 'Feature', id: `ZZFUZZ-${def.id}`, geometry: structuredClone(f.geometry), properties: structuredClone(f.properties) };
  const geometry =
    def.geometryType === 'Point'
      ? { type: 'Point', coordinates: [114.35, 36.1] }
      : { type: 'MultiPolygon', coordinates: [[[[114.3, 36.0], [114.31, 36.0], [114.31, 36.01], [114.3, 36.0]]]] };
  return { type: 'Feature', id: `ZZFUZZ-${def.id}`, geometry, properties: { name: '模糊测试' } };
}

const isoDateTime = z.iso.datetime({ offset: true });
const isoDate = z.iso.date();
const FUNCTIONS = new RegExp(`^(${Object.keys(CHECKPOINT_FUNCTION).join('|')})(,(${Object.keys(CHECKPOINT_FUNCTION).join('|')}))*$`);
const nonScalar = fc.oneof(fc.constant({}), fc.constant([]), fc.array(fc.integer(), { minLength: 1, maxLength: 3 }), fc.dictionary(fc.string({ maxLength: 4 }), fc.string({ maxLength: 4 }), { minKeys: 1, maxKeys: 2 }));

/** A value the property's schema must refuse (never null: null is a legal "clear this property"). */
function badValue(p: PropertyDef): fc.Arbitrary<unknown> {
  const notString = fc.oneof(nastyNumber, fc.boolean(), nonScalar);
  if (p.codes) {
    const codes = p.codes;
    return fc.oneof(fc.oneof(nastyText, nastyNumber).filter((v) => !Object.hasOwn(codes, String(v))), fc.boolean(), nonScalar);
  }
  if (p.name === 'functions') return fc.oneof(nastyText.filter((s) => !FUNCTIONS.test(s)), notString);
  switch (p.type) {
    case 'integer':
      return fc.oneof(nastyNumber.filter((n) => !Number.isSafeInteger(n)), nastyText, fc.boolean(), nonScalar);
    case 'number':
      return fc.oneof(nastyText, fc.boolean(), nonScalar);
    case 'boolean':
      return fc.oneof(nastyText, nastyNumber, nonScalar);
    case 'date-time':
      return fc.oneof(
        fc.constantFrom('yesterday', '2026-13-01T00:00:00Z', '2026-02-30T00:00:00Z', '2026-01-01T25:00:00Z', '2026-01-01 08:00:00', '2026-01-01', '+275760-09-13T00:00:00Z'),
        nastyText.filter((s) => !isoDateTime.safeParse(s).success),
        notString,
      );
    case 'date':
      return fc.oneof(fc.constantFrom('2026-02-30', '20260101', '2026-1-1', '2026-01-01T00:00:00Z', '99999-01-01'), nastyText.filter((s) => !isoDate.safeParse(s).success), notString);
    default:
      return fc.oneof(notString, fc.constant('长'.repeat(4001)), fc.constant('x'.repeat(5000)));
  }
}

const coord = fc.oneof(nastyNumber, fc.constantFrom(181, -181, 91, -91, 1e308, -1e308));
/** Positions outside [-180..180] x [-90..90], of the wrong arity or not numbers. */
const badPosition = fc.oneof(
  fc.tuple(fc.constantFrom(180.0001, -180.5, 1e308, -1e308, 400), fc.double({ min: -90, max: 90, noNaN: true })),
  fc.tuple(fc.double({ min: -180, max: 180, noNaN: true }), fc.constantFrom(90.0001, -90.5, 1e308, 1000)),
  fc.array(coord, { maxLength: 1 }),
  fc.array(coord, { minLength: 3, maxLength: 5 }),
  fc.tuple(nastyText, nastyText),
  fc.constant(null),
);

function badGeometry(def: CollectionDef): fc.Arbitrary<unknown> {
  const ring = fc.array(fc.tuple(fc.double({ min: 114, max: 115, noNaN: true }), fc.double({ min: 35, max: 37, noNaN: true })), { maxLength: 3 });
  const wrongType = def.geometryType === 'Point'
    ? fc.constantFrom(
        { type: 'Polygon', coordinates: [[[114, 36], [114.1, 36], [114.1, 36.1], [114, 36]]] },
        { type: 'MultiPoint', coordinates: [[114, 36]] },
        { type: 'LineString', coordinates: [[114, 36], [114.1, 36.1]] },
        { type: 'GeometryCollection', geometries: [{ type: 'Point', coordinates: [114, 36] }] },
        { type: 'point', coordinates: [114, 36] },
      )
    : fc.constantFrom(
        { type: 'Point', coordinates: [114, 36] },
        { type: 'LineString', coordinates: [[114, 36], [114.1, 36.1]] },
        { type: 'multipolygon', coordinates: [] },
        { type: 'MultiPolygon', coordinates: [] },
        { type: 'Polygon', coordinates: [] },
      );
  return fc.oneof(
    wrongType,
    def.geometryType === 'Point'
      ? badPosition.map((c) => ({ type: 'Point', coordinates: c }))
      : fc.oneof(
          ring.map((r) => ({ type: 'Polygon', coordinates: [r] })), // fewer than 4 positions
          badPosition.map((c) => ({ type: 'MultiPolygon', coordinates: [[[c, c, c, c]]] })),
        ),
    fc.constantFrom(null, 'POINT(114 36)', 42, [], {}, { type: def.geometryType }, { coordinates: [114, 36] }, { type: 'Point', coordinates: '114,36' }),
    nonScalar,
  );
}

/** Legal but unusual touches that must not change the outcome (the poison still decides). */
function noise(def: CollectionDef, f: Json): fc.Arbitrary<Json> {
  const strings = writable(def).filter((p) => p.type === 'string' && !p.codes && p.name !== 'functions' && p.name !== def.idProperty);
  return fc
    .record({
      text: strings.length ? fc.tuple(fc.constantFrom(...strings.map((p) => p.name)), fc.oneof(evilString, fc.constant('\u0000'), fc.string({ maxLength: 50 }))) : fc.constant(undefined),
      nulls: fc.subarray(writable(def).map((p) => p.name).filter((n) => n !== def.idProperty), { maxLength: 2 }),
      member: fc.constantFrom(undefined, 'bbox', 'crs', 'links', 'foo'),
    }, { requiredKeys: [] })
    .map((n) => {
      const g = structuredClone(f);
      const props = (g.properties ??= {}) as Json;
      if (n.text) props[n.text[0]] = n.text[1];
      for (const k of n.nulls ?? []) props[k] = null;
      if (n.member) g[n.member] = n.member === 'bbox' ? [114, 36, 115, 37] : { junk: [1, { x: null }] };
      return g;
    });
}

type Mutator = (f: Json) => Json;
/** The properties object to poison (a throwaway when an earlier poison made it a non-object: that one stays). */
const propsOf = (g: Json): Json => {
  if (g.properties === undefined) g.properties = {};
  const p = g.properties;
  return p && typeof p === 'object' && !Array.isArray(p) ? (p as Json) : {};
};
const set = (f: Json, fn: (g: Json) => void): Json => {
  const g = structuredClone(f);
  fn(g);
  return g;
};

/** Poisons that apply to both POST and PATCH bodies. */
function propertyPoisons(def: CollectionDef): fc.Arbitrary<[string, Mutator]> {
  const names = new Set(writable(def).map((p) => p.name));
  const unknownKey = fc.oneof(
    fc.constantFrom('status_label', 'generated', 'updated_at', 'function_labels', 'geom', 'lessor_name', 'phone', 'id_number', 'Status', 'STATUS', 'status ', ''),
    fc.string({ maxLength: 20 }),
    evilString,
  ).filter((k) => !names.has(k) && k !== '__proto__');
  return fc.oneof(
    fc.tuple(unknownKey, fc.oneof(nastyText, nastyNumber, nonScalar)).map(([k, v]): [string, Mutator] => [`unknown property ${JSON.stringify(k).slice(0, 40)}`, (f) => set(f, (g) => void (propsOf(g)[k] = v))]),
    fc.constantFrom(...writable(def)).chain((p) => badValue(p).map((v): [string, Mutator] => [`bad ${p.type}${p.codes ? ' code' : ''} ${p.name}`, (f) => set(f, (g) => void (propsOf(g)[p.name] = v))])),
    badGeometry(def).map((geom): [string, Mutator] => ['bad geometry', (f) => set(f, (g) => void (g.geometry = geom))]),
    fc.oneof(nastyText, nastyNumber, fc.boolean(), fc.array(fc.jsonValue(), { maxLength: 3 })).map((v): [string, Mutator] => ['properties not an object', (f) => set(f, (g) => void (g.properties = v))]),
  );
}

function postPoisons(def: CollectionDef): fc.Arbitrary<[string, Mutator]> {
  return fc.oneof(
    { weight: 6, arbitrary: propertyPoisons(def) },
    { weight: 1, arbitrary: fc.constantFrom(undefined, 'FeatureCollection', 'feature', 'Point', '', 1, null).map((t): [string, Mutator] => ['type is not Feature', (f) => set(f, (g) => (t === undefined ? delete g.type : (g.type = t)))]) },
    { weight: 1, arbitrary: fc.oneof(nastyNumber, fc.boolean(), nonScalar, fc.constant(null)).map((v): [string, Mutator] => ['id not a string', (f) => set(f, (g) => void (g.id = v))]) },
    { weight: 1, arbitrary: fc.constantFrom(undefined, '').map((v): [string, Mutator] => ['no id', (f) => set(f, (g) => {
      if (v === undefined) delete g.id; else g.id = v;
      delete propsOf(g)[def.idProperty];
    })]) },
  );
}

function patchPoisons(def: CollectionDef): fc.Arbitrary<[string, Mutator]> {
  return fc.oneof(
    { weight: 6, arbitrary: propertyPoisons(def) },
    { weight: 1, arbitrary: fc.constantFrom<Json>({}, { type: 'Feature' }, { id: 'x' }, { props: {} }, { Properties: {} }, { geometry: undefined }).map((b): [string, Mutator] => ['nothing to change', () => b]) },
    { weight: 1, arbitrary: fc.string({ minLength: 1, maxLength: 20 }).map((id): [string, Mutator] => ['id property changed', (f) => set(f, (g) => void (propsOf(g)[def.idProperty] = `ZZFUZZ-other-${id}`))]) },
  );
}

/** Text that is not a JSON object at all. */
export const notJsonText = fc.oneof(
  fc.constantFrom('', '{', '{"type":"Feature"', '{"type":"Feature"}}', "{'type':'Feature'}", '{"a":NaN}', '{"a":1e400,}', '/*c*/{}', 'null', '42', '"Feature"',
    '[{"type":"Feature"}]', 'true', '[]', '\u0000', '{"type":"Feature","properties":{"a":"\\ud800"}', 'type=Feature&id=1', '<Feature/>'),
  fc.string({ unit: 'binary', maxLength: 100 }).filter((s) => { try { const v = JSON.parse(s); return typeof v !== 'object' || v === null || Array.isArray(v); } catch { return true; } }),
  fc.jsonValue().filter((v) => typeof v !== 'object' || v === null || Array.isArray(v)).map((v) => JSON.stringify(v)),
);

/** Content types the write route does not parse (the body then is missing: 400), or refuses (415). */
export const UNPARSED_TYPES = ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml', 'application/vnd.geo+json',
  'application/jsonx', 'text/json', 'application/geo+json+x', 'application/json; charset=latin1', 'application/geo+json; charset=utf-16', 'application/merge-patch+json; charset=koi8-r'];
export const JSON_TYPES = ['application/json', 'application/geo+json', 'application/merge-patch+json', 'application/json; charset=utf-8', 'application/geo+json;charset=UTF-8'];

/** Wraps a poisoned (or clean) object into a body, sometimes through a second transport-level poison. */
function wrap(obj: unknown, poison: string | undefined): fc.Arbitrary<WriteBody> {
  const json = JSON.stringify(obj);
  return fc.oneof(
    { weight: 12, arbitrary: fc.constantFrom(...JSON_TYPES).map((contentType): WriteBody => ({ text: json, contentType, poison })) },
    { weight: 1, arbitrary: fc.constantFrom(...UNPARSED_TYPES).map((contentType): WriteBody => ({ text: json, contentType, poison: poison ?? `content type ${contentType}` })) },
    { weight: 1, arbitrary: fc.constant<WriteBody>({ text: json, poison: poison ?? 'no content type' }) },
    { weight: 1, arbitrary: fc.constantFrom('gzip', 'deflate', 'br', 'compress').map((enc): WriteBody => ({ text: json, contentType: 'application/json', extraHeaders: [['Content-Encoding', enc]], poison: poison ?? `not ${enc}-encoded` })) },
  );
}

/** A body for a write where a write could land: always poisoned. */
export function poisonedBody(collection: string, method: 'POST' | 'PATCH'): fc.Arbitrary<WriteBody> {
  const def = isCollectionId(collection) ? COLLECTIONS[collection] : COLLECTIONS.incidents;
  const base = baseFeature(def);
  const poisons = method === 'POST' ? postPoisons(def) : patchPoisons(def);
  const object = fc
    .tuple(noise(def, base), fc.array(poisons, { minLength: 1, maxLength: 3 }))
    .chain(([noisy, ps]) => wrap(ps.reduce((f, [, m]) => m(f), noisy), ps.map(([name]) => name).join(' + ')));
  return fc.oneof(
    { weight: 60, arbitrary: object },
    { weight: 12, arbitrary: fc.tuple(notJsonText, fc.constantFrom(...JSON_TYPES)).map(([text, contentType]): WriteBody => ({ text, contentType, poison: 'not a JSON object' })) },
    { weight: 1, arbitrary: fc.constantFrom('application/json', 'application/geo+json').map((contentType): WriteBody => ({ text: oversized(base), contentType, poison: 'oversized body' })) },
  );
}

/** A body for a target where nothing can be written: may be perfectly valid, or anything. */
export function anyBody(collection: string, method: 'POST' | 'PATCH' | 'PUT' | 'DELETE'): fc.Arbitrary<WriteBody> {
  const def = isCollectionId(collection) ? COLLECTIONS[collection] : COLLECTIONS.cameras;
  return fc.oneof(
    { weight: 4, arbitrary: noise(def, baseFeature(def)).chain((f) => wrap(f, undefined)) },
    { weight: 4, arbitrary: poisonedBody(collection, method === 'POST' ? 'POST' : 'PATCH') },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((v): WriteBody => ({ text: JSON.stringify(v) ?? 'null', contentType: 'application/json' })) },
    { weight: 1, arbitrary: fc.constant<WriteBody>({ text: '' }) },
  );
}

let oversizedCache: string | undefined;
/** 2.2 MB of otherwise plausible JSON (the write routes accept 1 MB application/json, 2 MB geo+json). */
function oversized(base: Json): string {
  oversizedCache ??= JSON.stringify({ ...base, properties: { ...(base.properties as Json), description: '填'.repeat(800_000) } });
  return oversizedCache;
}
