/**
 * Request generators of the API fuzz, one per route family of the read side: OGC API - Features reads,
 * vector tiles and TileJSON, search, the org tree, personal data and the auth endpoints.
 * Each yields a FuzzRequest (method, raw request-target, who asks, extra headers, body).
 */
import fc from 'fast-check';
import { COLLECTION_IDS, COLLECTIONS, type CollectionDef } from '../../server/protocol/collections.ts';
import type { WriteBody } from './fuzz-writes.ts';
import { evilString, nastyNumberText, nastyText, pct, queryOf, segment, strangeParam } from './fuzz-values.ts';

/** Who sends the request; resolved to headers by the test (tokens exist only at run time). */
export type Who = 'dispatcher' | 'district' | 'viewer' | 'wall' | 'invalid' | 'anon' | 'session' | 'session-bad-csrf' | 'garbage';

export interface FuzzRequest {
  family: string;
  method: string;
  /** Raw request-target: path and query as sent. */
  target: string;
  who: Who;
  headers?: Array<[string, string]>;
  body?: WriteBody;
  /** A write: it must be refused (no 2xx), whoever sends it. */
  mustRefuse?: boolean;
}

export interface FuzzContext {
  /** Some existing feature ids per collection, all in 文峰区 410502 (reads of real features; PATCHes that must still be refused). */
  ids: Record<string, string[]>;
}

export const who: fc.Arbitrary<Who> = fc.oneof(
  { weight: 52, arbitrary: fc.constant<Who>('dispatcher') },
  { weight: 3, arbitrary: fc.constant<Who>('district') },
  { weight: 9, arbitrary: fc.constant<Who>('viewer') },
  { weight: 7, arbitrary: fc.constant<Who>('wall') },
  { weight: 7, arbitrary: fc.constant<Who>('invalid') },
  { weight: 7, arbitrary: fc.constant<Who>('anon') },
  { weight: 6, arbitrary: fc.constant<Who>('session') },
  { weight: 4, arbitrary: fc.constant<Who>('session-bad-csrf') },
  { weight: 5, arbitrary: fc.constant<Who>('garbage') },
);

const ODD_COLLECTIONS = ['CAMERAS', 'Cameras', 'cameras ', 'cameras.json', 'toString', '__proto__', 'constructor', 'hasOwnProperty', '..', '.', 'incidents%00',
  'fire_hazards', 'rental_housing', 'change_log', 'users', 'api_tokens', 'pg_catalog.pg_user', 'incidents;DROP TABLE incidents', '', ' ', 'ćámeras'];
export const collectionName = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom(...COLLECTION_IDS) },
  { weight: 1, arbitrary: fc.constantFrom(...ODD_COLLECTIONS) },
  { weight: 1, arbitrary: nastyText },
);
/** Mostly encoded; sometimes raw (unencoded unicode, spaces, `..`, NUL — whatever the HTTP parser makes of it). */
export const rawness = fc.oneof({ weight: 9, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) });

/** An id that no feature has: it always carries a character or prefix no real id uses. */
export const absentId = fc.oneof(
  fc.tuple(fc.string({ maxLength: 15 }), fc.constantFrom('\u0000', ' ', '/', '\\', '%', '..', '?', '#', '😀', '张', "'", '\u202e', '\n', '\uD800'), fc.string({ maxLength: 15 })).map(([a, x, b]) => a + x + b),
  fc.string({ maxLength: 30 }).map((s) => `ZZFUZZ-absent-${s}`),
  fc.constantFrom('0', '-1', '99999999999999999999999', '1e3', '1.5', '41050000001310000000000', 'x'.repeat(201), 'y'.repeat(9000), '%00', '..%2F..%2Fetc%2Fpasswd', '%2e%2e'),
);

const bboxText = fc.oneof(
  fc.tuple(fc.double({ min: 113, max: 115, noNaN: true }), fc.double({ min: 35, max: 37, noNaN: true })).map(([x, y]) => `${x},${y},${x + 0.02},${y + 0.02}`),
  fc.array(nastyNumberText, { minLength: 1, maxLength: 8 }).map((a) => a.join(',')),
  fc.constantFrom('', ',,,', '1,2,3', '1,2,3,4,', '181,0,182,1', '0,-91,1,0', '0,1,1,0', '170,0,-170,1', 'NaN,NaN,NaN,NaN', '1e400,0,1,1',
    '114,36,115,37,0,100', '114;36;115;37', '114 36 115 37', '[114,36,115,37]', '0x72,36,115,37', '-180,-90,180,90'),
  nastyText,
);

const datetimeText = fc.oneof(
  fc.constantFrom('2026-03-01T08:00:00+08:00', '2026-03-01', '2026-01-01/2026-02-01', '../2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z/..', '../..', '..', '/', '//',
    '2026-02-30', '2026-13-01', '0000-01-01', '-0001-01-01', '+275760-09-13T00:00:00Z', '9999-12-31T23:59:59Z', '2026-01-01T00:00:00+25:00', '2026-01-01T24:00:00Z',
    '2026-02-01/2026-01-01', 'now', 'yesterday', '1/2/3', '2026-01-01T00:00:00.1234567890123Z', '1700000000', '2026-W01', '2026-001', 'P1D', '2026-01-01T00:00:00Z/P1D'),
  fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
  fc.tuple(fc.date({ noInvalidDate: true }), fc.date({ noInvalidDate: true })).map(([a, b]) => `${a.toISOString()}/${b.toISOString()}`),
  nastyText,
);

function filterPair(def: CollectionDef): fc.Arbitrary<[string, string, boolean]> {
  const props = def.properties.filter((p) => p.filterable);
  if (!props.length) return strangeParam;
  return fc.tuple(
    fc.constantFrom(...props),
    fc.oneof(nastyText, nastyNumberText, fc.constantFrom('true', 'false', '', '410502', 'ON', 'OFF', 'x'.repeat(201))),
    rawness,
  ).chain(([p, v, raw]) => (p.codes ? fc.oneof(fc.constantFrom(...Object.keys(p.codes)), fc.constant(v)) : fc.constant(v)).map((val): [string, string, boolean] => [p.name, val, raw]));
}

/** limit is nearly always present (and small when valid): the default page of 1,000 would only slow the fuzz down. */
const limitPair = fc.oneof(
  { weight: 5, arbitrary: fc.integer({ min: 1, max: 20 }).map((n): [string, string, boolean] => ['limit', String(n), false]) },
  { weight: 5, arbitrary: fc.tuple(nastyNumberText, rawness).map(([v, raw]): [string, string, boolean] => ['limit', v, raw]) },
);

function itemsQuery(def: CollectionDef): fc.Arbitrary<string> {
  const param = fc.oneof(
    fc.tuple(fc.constant('offset'), fc.oneof(nastyNumberText, fc.constantFrom('0', '5', '10000000', '10000001')), rawness),
    fc.tuple(fc.constant('bbox'), bboxText, rawness),
    fc.tuple(fc.constant('datetime'), datetimeText, rawness),
    fc.tuple(fc.constant('f'), fc.constantFrom('json', 'geojson', 'xml', 'html', 'JSON', '', 'mvt'), fc.constant(false)),
    filterPair(def),
    strangeParam,
  );
  return fc.tuple(limitPair, fc.array(param, { maxLength: 4 }), fc.boolean()).map(([l, ps, dup]) => {
    const pairs = [l, ...ps];
    if (dup && ps.length) pairs.push(ps[0]!); // a parameter given twice
    return queryOf(pairs);
  });
}

export function ogcReads(ctx: FuzzContext): fc.Arbitrary<FuzzRequest> {
  const defOf = (c: string) => (Object.hasOwn(COLLECTIONS, c) ? COLLECTIONS[c as keyof typeof COLLECTIONS] : COLLECTIONS.cameras);
  const items = fc.tuple(collectionName, rawness).chain(([c, raw]) => itemsQuery(defOf(c)).map((q) => `/ogc/collections/${segment(c, raw)}/items${q}`));
  const existing = Object.entries(ctx.ids).flatMap(([c, ids]) => ids.map((id) => `/ogc/collections/${c}/items/${pct(id)}`));
  const item = fc.oneof(
    fc.tuple(collectionName, absentId, rawness).map(([c, id, raw]) => `/ogc/collections/${segment(c, raw)}/items/${segment(id, raw)}`),
    fc.tuple(fc.constantFrom(...existing), fc.constantFrom('', '?f=json', '?f=xml', '?limit=5', '?crs=EPSG:3857', '/', '/extra', '%00', '.json')).map(([p, s]) => p + s),
  );
  const fixed = fc.tuple(
    fc.constantFrom('/ogc', '/ogc/', '/ogc/api', '/ogc/conformance', '/ogc/collections', '/ogc/collections/', '/ogc/collections//items', '/ogc/collections/cameras/items/',
      '/ogc/collections/cameras/items/x/y', '/ogc/collections/cameras/queryables', '/ogc/collections/cameras/tiles', '/ogc/api.json', '/ogc/openapi', '/ogc//collections'),
    fc.array(strangeParam, { maxLength: 2 }),
  ).map(([p, q]) => p + queryOf(q));
  const collection = fc.tuple(collectionName, rawness, fc.array(strangeParam, { maxLength: 2 })).map(([c, raw, q]) => `/ogc/collections/${segment(c, raw)}${queryOf(q)}`);
  const target = fc.oneof({ weight: 10, arbitrary: items }, { weight: 4, arbitrary: item }, { weight: 1, arbitrary: fixed }, { weight: 2, arbitrary: collection });
  return fc.record({ target, who, method: fc.constantFrom('GET', 'GET', 'GET', 'GET', 'HEAD', 'OPTIONS') }).map((r) => ({ family: 'ogc-read', ...r }));
}

const tileCoordText = fc.oneof(
  { weight: 3, arbitrary: fc.integer({ min: 0, max: 30 }).map(String) },
  { weight: 3, arbitrary: nastyNumberText },
  { weight: 1, arbitrary: fc.constantFrom('-0', '01', '1.0', '1e1', '0x1', '4294967296', '9007199254740993', '99999999999999999999', ' 1', '%31', '١', '') },
);
/** Real tiles of Anyang (cached by the server after the first hit). */
const REAL_TILES = ['0/0/0', '5/26/12', '8/209/100', '10/837/402', '12/3349/1607', '14/13396/6428', '16/53585/25714', '22/3429461/1645743'];

export const tiles: fc.Arbitrary<FuzzRequest> = (() => {
  const mvt = fc.tuple(collectionName, fc.oneof(fc.constantFrom(...REAL_TILES), fc.tuple(tileCoordText, tileCoordText, tileCoordText).map((t) => t.join('/'))),
    fc.constantFrom('.mvt', '.mvt', '.mvt', '.pbf', '.MVT', '.mvt.gz', '', '.json', '.mvt/extra', '.mvt%00'), rawness,
    fc.array(fc.oneof(filterPair(COLLECTIONS.cameras), filterPair(COLLECTIONS.incidents), strangeParam), { maxLength: 3 }))
    .map(([c, zxy, ext, raw, q]) => `/tiles/${segment(c, raw)}/${zxy}${ext}${queryOf(q)}`);
  const tilejson = fc.tuple(collectionName, rawness, fc.array(fc.oneof(filterPair(COLLECTIONS.cameras), strangeParam), { maxLength: 3 }))
    .map(([c, raw, q]) => `/tiles/${segment(c, raw)}.json${queryOf(q)}`);
  const odd = fc.constantFrom('/tiles', '/tiles/', '/tiles/.json', '/tiles/cameras', '/tiles/cameras/1', '/tiles/cameras/1/1', '/tiles/cameras/1/1/1/1.mvt', '/tiles//1/1/1.mvt', '/tiles/cameras.json.json');
  const headers = fc.array(fc.oneof(
    fc.tuple(fc.constant('If-None-Match'), fc.oneof(nastyText, fc.constantFrom('*', 'W/"x"', '"abc", W/"def"', ',,,'))),
    fc.tuple(fc.constant('Accept-Encoding'), fc.constantFrom('gzip', 'br', 'gzip;q=0', '*', 'identity;q=0, *;q=0', 'x'.repeat(500), ',')),
    fc.tuple(fc.constant('Range'), fc.constantFrom('bytes=0-10', 'bytes=-1', 'bytes=9999999-', 'lines=1-2')),
  ), { maxLength: 2 }).map((h) => h.map(([k, v]) => [k, v.replace(/[\r\n\u0000]/g, '')] as [string, string]));
  return fc.record({ target: fc.oneof({ weight: 10, arbitrary: mvt }, { weight: 3, arbitrary: tilejson }, { weight: 1, arbitrary: odd }), who, headers, method: fc.constantFrom('GET', 'GET', 'GET', 'HEAD') })
    .map((r) => ({ family: 'tiles', ...r }));
})();

export const search: fc.Arbitrary<FuzzRequest> = fc.record({
  q: fc.array(fc.tuple(fc.constantFrom('q', 'q', 'q', 'limit', 'Q', 'q[]', 'offset'), fc.oneof(nastyText, nastyNumberText, fc.constantFrom('安阳', '文峰', '410502', '%', '_', '.*', '(', '\\', "'", 'a'.repeat(64), 'a'.repeat(65))), rawness), { maxLength: 3 }),
  who,
}).map(({ q, who: w }) => ({ family: 'search', method: 'GET', target: `/api/search${queryOf(q)}`, who: w }));

export const adminUnits: fc.Arbitrary<FuzzRequest> = fc.record({
  code: fc.oneof(fc.constantFrom('410500', '410502', '410502001', '410502001001', '410502001001001', '999999', '000000', '410500000000000000', '4105', '41050a', '', ' 410500', '410500 '),
    fc.integer({ min: 0, max: 20 }).chain((n) => fc.stringMatching(new RegExp(`^[0-9]{${n}}$`))), nastyText),
  tail: fc.constantFrom('/children', '/children', '/children', '', '/children/x', '/parent', '/children/'),
  raw: rawness,
  q: fc.array(strangeParam, { maxLength: 2 }),
  who,
}).map((r) => ({ family: 'admin-units', method: 'GET', target: `/api/admin-units/${segment(r.code, r.raw)}${r.tail}${queryOf(r.q)}`, who: r.who }));

export function personal(ctx: FuzzContext): fc.Arbitrary<FuzzRequest> {
  const ids = [...(ctx.ids['rental-housing'] ?? []), ...(ctx.ids.incidents ?? [])];
  return fc.record({
    collection: fc.oneof(fc.constantFrom('rental-housing', 'incidents', 'rental_housing', 'incident-parties', 'cameras', 'users'), nastyText),
    id: fc.oneof(fc.constantFrom(...ids), absentId),
    full: fc.array(fc.tuple(fc.constantFrom('full', 'full', 'view', 'FULL'), fc.constantFrom('true', 'false', '1', 'yes', '', 'TRUE', 'true,true'), fc.constant(false)), { maxLength: 2 }),
    raw: rawness,
    method: fc.constantFrom('GET', 'GET', 'GET', 'HEAD', 'POST', 'DELETE'),
    who,
  }).map((r) => ({ family: 'personal', method: r.method, target: `/api/personal/${segment(r.collection, r.raw)}/${segment(r.id, r.raw)}${queryOf(r.full)}`, who: r.who, mustRefuse: r.method === 'POST' || r.method === 'DELETE' }));
}

/** The auth endpoints (already fuzzed on their own in auth-fuzz.test.ts; here a share, with the real app around them). */
export const auth: fc.Arbitrary<FuzzRequest> = (() => {
  const body = fc.oneof(
    fc.record({ username: fc.oneof(evilString, fc.constantFrom('fz-dispatcher', 'admin')), password: nastyText }, { requiredKeys: [] }).map((o) => JSON.stringify(o)),
    fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v) ?? 'null'),
    fc.string({ unit: 'binary', maxLength: 100 }),
  );
  const ep = fc.constantFrom(
    ['POST', '/api/auth/login'], ['POST', '/api/auth/logout'], ['GET', '/api/auth/me'], ['POST', '/api/auth/password'], ['GET', '/api/auth/tokens'],
    ['POST', '/api/auth/tokens'], ['DELETE', '/api/auth/tokens/%00'], ['DELETE', '/api/auth/tokens/1'], ['GET', '/api/users'], ['POST', '/api/users'],
    ['PATCH', '/api/users/x'], ['GET', '/api/audit?after=-1&limit=1e9'], ['GET', '/api/audit?action=%27'], ['PUT', '/api/auth/login'], ['GET', '/api/auth/nope'],
  );
  const w = who.filter((x) => x !== 'session'); // a fuzzed logout or password change must not end the fuzz's own session
  return fc.record({ ep, body, ct: fc.constantFrom('application/json', 'text/plain', '', 'application/json; charset=latin1'), who: w })
    .map(({ ep: [method, target], body: b, ct, who: x }) => ({
      family: 'auth', method, target, who: x,
      body: method === 'GET' ? undefined : { text: b, contentType: ct || undefined },
    }));
})();

