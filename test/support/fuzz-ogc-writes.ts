/**
 * Write requests of the API fuzz: POST / PATCH / DELETE / PUT on /ogc/collections/{id}/items[/{id}].
 *
 * Guarantee (see fuzz-writes.ts): wherever a write could land — POST to a live collection, PATCH of an
 * existing feature — the body is poisoned; DELETE only names absent or odd ids; valid bodies only go to
 * absent ids, read-only or unknown collections, or routes that do not exist. So whoever sends them, none
 * may succeed, and the data must be unchanged afterwards.
 *
 * The authz family (only when the server enforces auth) is the exception on purpose: VALID writes on
 * existing features, sent by principals that may not write (viewer, wall, bad token, anonymous, a session
 * without its CSRF token, a dispatcher on a layer without a write rule). Enforcement is what refuses them.
 */
import fc from 'fast-check';
import { COLLECTION_IDS, COLLECTIONS, type CollectionId } from '../../server/protocol/collections.ts';
import { FIXTURES } from './live-fixtures.ts';
import { anyBody, JSON_TYPES, poisonedBody, type WriteBody } from './fuzz-writes.ts';
import { absentId, collectionName, rawness, who, type FuzzContext, type FuzzRequest, type Who } from './fuzz-routes.ts';
import { pct, queryOf, segment, strangeParam } from './fuzz-values.ts';

const LIVE = COLLECTION_IDS.filter((c) => COLLECTIONS[c].live);
const READ_ONLY = COLLECTION_IDS.filter((c) => !COLLECTIONS[c].live);
const query = fc.oneof({ weight: 9, arbitrary: fc.constant('') }, { weight: 1, arbitrary: fc.array(strangeParam, { minLength: 1, maxLength: 2 }).map(queryOf) });

const req = (method: string, target: string, w: Who, body?: WriteBody): FuzzRequest => ({ family: 'ogc-write', method, target, who: w, body, mustRefuse: true });

export function ogcWrites(ctx: FuzzContext): fc.Arbitrary<FuzzRequest> {
  const existing = (c: string) => (Object.hasOwn(ctx.ids, c) ? ctx.ids[c]! : []);
  const liveWithIds = LIVE.filter((c) => existing(c).length);

  const postLive = fc.tuple(fc.constantFrom(...LIVE), query, who).chain(([c, q, w]) =>
    poisonedBody(c, 'POST').map((b) => req('POST', `/ogc/collections/${c}/items${q}`, w, b)));
  const patchExisting = fc.tuple(fc.constantFrom(...liveWithIds), query, who).chain(([c, q, w]) =>
    fc.tuple(fc.constantFrom(...existing(c)), poisonedBody(c, 'PATCH')).map(([id, b]) => req('PATCH', `/ogc/collections/${c}/items/${pct(id)}${q}`, w, b)));
  const patchAbsent = fc.tuple(fc.constantFrom(...LIVE), absentId, rawness, who).chain(([c, id, raw, w]) =>
    anyBody(c, 'PATCH').map((b) => req('PATCH', `/ogc/collections/${c}/items/${segment(id, raw)}`, w, b)));
  const deleteAbsent = fc.tuple(collectionName, absentId, rawness, who, fc.option(anyBody('incidents', 'DELETE'), { nil: undefined })).map(([c, id, raw, w, b]) =>
    req('DELETE', `/ogc/collections/${segment(c, raw)}/items/${segment(id, raw)}`, w, b));
  // Read-only, unknown or odd collections: anything goes (405 / 404), existing ids included.
  const elsewhere = fc.tuple(
    fc.oneof(fc.constantFrom<string>(...READ_ONLY), collectionName.filter((c) => !(LIVE as readonly string[]).includes(c))),
    fc.constantFrom('POST', 'PATCH', 'DELETE', 'PUT'), rawness, who,
  ).chain(([c, m, raw, w]) => {
    const ids = existing(c);
    const id = ids.length ? fc.oneof(fc.constantFrom(...ids), absentId) : absentId;
    return fc.tuple(id, anyBody(c, m as 'POST')).map(([i, b]) =>
      req(m, m === 'POST' ? `/ogc/collections/${segment(c, raw)}/items` : `/ogc/collections/${segment(c, raw)}/items/${segment(i, raw)}`, w, b));
  });
  // Routes that do not exist: PUT (no replace), POST on a feature, PATCH/DELETE on the collection, writes on /ogc itself.
  const noRoute = fc.tuple(
    fc.constantFrom(...LIVE), who,
    fc.constantFrom('PUT /items/{id}', 'POST /items/{id}', 'PATCH /items', 'DELETE /items', 'POST /', 'DELETE /', 'POST /queryables', 'PUT /items'),
  ).chain(([c, w, shape]) => {
    const [method, tail] = shape.split(' ') as [string, string];
    const ids = existing(c);
    return fc.tuple(ids.length ? fc.constantFrom(...ids) : absentId, anyBody(c, 'POST')).map(([id, b]) =>
      req(method, `/ogc/collections/${c}${tail.replace('{id}', pct(id)).replace(/\/$/, '')}`, w, b));
  });
  const landing = fc.tuple(fc.constantFrom('/ogc', '/ogc/collections', '/ogc/conformance', '/ogc/api'), fc.constantFrom('POST', 'PUT', 'DELETE', 'PATCH'), who)
    .chain(([t, m, w]) => anyBody('cameras', 'POST').map((b) => req(m, t, w, b)));

  return fc.oneof(
    { weight: 8, arbitrary: postLive },
    { weight: 6, arbitrary: patchExisting },
    { weight: 3, arbitrary: patchAbsent },
    { weight: 3, arbitrary: deleteAbsent },
    { weight: 3, arbitrary: elsewhere },
    { weight: 2, arbitrary: noRoute },
    { weight: 1, arbitrary: landing },
  );
}

/** Principals that may not write these features: no write permission, no valid credentials, no CSRF token, or another district. */
const NON_WRITERS: Who[] = ['viewer', 'wall', 'invalid', 'anon', 'session-bad-csrf', 'garbage', 'district', 'district'];

/**
 * VALID writes that only enforcement refuses (run only when the server enforces auth). The existing ids of the
 * context lie in 文峰区 (410502), and so do the fixtures' district codes; `district` is a dispatcher of 北关区.
 */
export function authzWrites(ctx: FuzzContext): fc.Arbitrary<FuzzRequest> {
  const layers = LIVE.filter((c) => (ctx.ids[c] ?? []).length && FIXTURES[c]);
  const valid = (c: CollectionId, id: string) => ({ ...FIXTURES[c]!, type: 'Feature', id });
  return fc.tuple(fc.constantFrom(...layers), fc.constantFrom(...NON_WRITERS), fc.constantFrom('POST', 'PATCH', 'DELETE'), fc.constantFrom(...JSON_TYPES), fc.nat())
    .map(([c, w, method, ct, n]) => {
      const ids = ctx.ids[c]!;
      const id = ids[n % ids.length]!;
      // Ids of the registers' formats: GB/T 28181 for cameras, 15 digits for grids.
      const fresh = c === 'cameras' ? `41050000991399${String(n % 1e6).padStart(6, '0')}` : c === 'grids' ? `4105020019${String(n % 1e5).padStart(5, '0')}` : `ZZFUZZ-authz-${n}`;
      const f = valid(c, method === 'POST' ? fresh : id);
      const body = method === 'DELETE' ? undefined : { text: JSON.stringify(method === 'PATCH' ? { properties: { ...f.properties }, geometry: f.geometry } : f), contentType: ct };
      const target = method === 'POST' ? `/ogc/collections/${c}/items` : `/ogc/collections/${c}/items/${pct(id)}`;
      return { family: 'authz', method, target, who: w, body, mustRefuse: true };
    });
}
