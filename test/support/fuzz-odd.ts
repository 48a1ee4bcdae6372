/**
 * The odd corners of the API fuzz: unusual methods, garbage credentials and headers, path traversal,
 * and requests that are broken at the HTTP level (NUL bytes, raw unicode, huge targets and headers).
 * None of them can write: paths with ids name absent features.
 */
import fc from 'fast-check';
import { evilString, nastyText } from './fuzz-values.ts';
import { who, type FuzzRequest } from './fuzz-routes.ts';

/** Header values cannot carry CR/LF here (that would split the header); NUL stays (Node must refuse it). */
const headerSafe = (s: string) => s.replace(/[\r\n]/g, ' ');
const junk = fc.oneof(nastyText, evilString).map(headerSafe);

/** Authorization, Cookie and X-CSRF-Token garbage (the `garbage` principal, and the odd-header family). */
export const garbageAuth: fc.Arbitrary<Array<[string, string]>> = fc.array(
  fc.oneof(
    fc.tuple(fc.constant('Authorization'), fc.oneof(
      junk,
      junk.map((s) => `Bearer ${s}`),
      fc.constantFrom('Bearer', 'Bearer ', 'Bearer  pa_x', 'bearer pa_', 'Bearer pa_' + 'A'.repeat(5000), 'Basic YWRtaW46YWRtaW4=', 'Basic', 'Digest x', 'Bearer a b', 'Bearer pa_\u00ff\u00fe',
        'Bearer eyJhbGciOiJub25lIn0.eyJyb2xlIjoiYWRtaW4ifQ.', 'Token pa_x', 'Bearer null', 'Bearer undefined', 'Bearer [object Object]'),
    )),
    fc.tuple(fc.constant('Cookie'), fc.oneof(
      junk.map((s) => `pa_session=${s}`),
      fc.constantFrom('pa_session=', 'pa_session', '=;=;=', 'pa_session=a; pa_session=b', 'pa_session="x"', 'pa_session=%', 'pa_session=%00', 'pa_csrf=x; pa_session=' + 'z'.repeat(4000),
        '__proto__=1', 'constructor=x; pa_session=y', ';;;'),
      junk,
    )),
    fc.tuple(fc.constant('X-CSRF-Token'), fc.oneof(junk, fc.constantFrom('', 'undefined', 'null', 'x'.repeat(3000)))),
  ),
  { minLength: 1, maxLength: 3 },
);

const ODD_METHODS = ['PUT', 'DELETE', 'PATCH', 'POST', 'OPTIONS', 'HEAD', 'TRACE', 'PROPFIND', 'PROPPATCH', 'MKCOL', 'COPY', 'MOVE', 'LOCK', 'UNLOCK', 'PURGE', 'SEARCH',
  'REPORT', 'MERGE', 'LINK', 'UNLINK', 'QUERY', 'SOURCE', 'ACL', 'BIND', 'get', 'Get', 'FOO', 'G3T', 'GET\u0000', ''];

/** One path per route family; ids are absent ones. */
const PATHS = ['/ogc', '/ogc/collections', '/ogc/collections/incidents', '/ogc/collections/incidents/items?limit=1', '/ogc/collections/incidents/items/ZZFUZZ-absent',
  '/ogc/collections/districts/items/ZZFUZZ-absent', '/tiles/cameras/10/837/402.mvt', '/tiles/cameras.json', '/api/search?q=%E5%AE%89%E9%98%B3', '/api/admin-units/410500/children',
  '/api/personal/incidents/ZZFUZZ-absent', '/api/personal/rental-housing/ZZFUZZ-absent', '/api/health', '/api/client-config', '/metrics', '/api/auth/me', '/api/nope',
  '/glyphs/Noto%20Sans%20Regular/0-255.pbf', '/', '/index.html'];

const oddMethod: fc.Arbitrary<FuzzRequest> = fc.record({ method: fc.constantFrom(...ODD_METHODS), target: fc.constantFrom(...PATHS), who })
  .map((r) => ({ family: 'odd-method', ...r, mustRefuse: !['GET', 'HEAD', 'OPTIONS', 'get', 'Get'].includes(r.method) && r.target.startsWith('/ogc') }));

/** Traversal and look-alike paths; the body must never leak a file from disk. */
const TRAVERSAL = ['/ogc/../../../etc/passwd', '/ogc/collections/..%2f..%2f..%2fetc%2fpasswd/items', '/tiles/..%2F..%2Fpackage.json', '/tiles/..%2f..%2f..%2fetc%2fpasswd.json',
  '/api/../server/config.ts', '/%2e%2e/%2e%2e/etc/passwd', '/glyphs/..%2f..%2f..%2fetc%2fpasswd/0-255.pbf', '/glyphs/../../package.json', '/glyphs/x/..%2f..%2f..%2f..%2fetc%2fpasswd',
  '/glyphs/..%5c..%5c..%5cpackage.json/0-255.pbf', '/glyphs/%2e%2e/0-255.pbf', '/glyphs/Noto%20Sans%20Regular/..%2f..%2f..%2f..%2f..%2fpackage.json',
  '/ogc/collections/cameras/items/..%252f..%252fetc%252fpasswd', '/tiles/cameras/..%2f/1/1.mvt', '//etc/passwd', '/\\..\\..\\windows\\win.ini',
  '/ogc/collections/cameras/items/....//....//etc/passwd', '/.env', '/.git/config', '/package.json', '/data/../.env', '/node_modules/.bin/tsx', '/server/config.ts',
  '/OGC/collections/incidents/items?limit=1', '/Ogc/collections/cameras/items?limit=1', '/TILES/cameras/10/837/402.mvt', '/API/search?q=x', '/Api/admin-units/410500/children',
  '/ogc/collections/incidents/items/?limit=1', '/ogc//collections/incidents/items?limit=1', '/ogc/collections/incidents/items;x=1?limit=1', '/ogc/collections/incidents/items%3Flimit=1',
  '/ogc/collections/incidents/items%2F..%2F..%2Fcollections', '/ogc/collections/%69ncidents/items?limit=1', '/%6fgc/collections/incidents/items?limit=1',
  'http://evil.example/ogc/collections/incidents/items?limit=1', 'http://127.0.0.1/api/search?q=x', '*'];

/** Every traversal and look-alike path once without credentials (case variants of data routes must still be refused). */
export const anonymousProbes: FuzzRequest[] = TRAVERSAL.flatMap((target) => ['GET', 'OPTIONS'].map((method) => ({ family: 'traversal', method, target, who: 'anon' as const })));

const traversal: fc.Arbitrary<FuzzRequest> = fc.record({ target: fc.constantFrom(...TRAVERSAL), who, method: fc.constantFrom('GET', 'GET', 'HEAD', 'OPTIONS') })
  .map((r) => ({ family: 'traversal', ...r }));

const HEADER_NAMES = ['Host', 'X-Forwarded-For', 'X-Forwarded-Proto', 'X-Forwarded-Host', 'Forwarded', 'Origin', 'Referer', 'Accept', 'Accept-Language', 'Accept-Encoding',
  'Content-Type', 'If-None-Match', 'If-Modified-Since', 'Range', 'Expect', 'X-HTTP-Method-Override', 'X-Requested-With', 'User-Agent', 'Upgrade-Insecure-Requests', 'Via',
  'X-Real-IP', 'Sec-Fetch-Site', 'Content-Encoding', 'Transfer-Encoding', 'X-CSRF-Token', 'Cookie', 'Authorization', 'X Bad Name', 'X-\u00e4', '', 'X-Long'];

const oddHeaders: fc.Arbitrary<FuzzRequest> = fc.record({
  target: fc.constantFrom(...PATHS),
  who,
  headers: fc.array(fc.tuple(fc.constantFrom(...HEADER_NAMES), fc.oneof(junk, fc.constantFrom('DELETE', '*', 'gzip', 'chunked', '100-continue', 'javascript', '999.999.999.999',
    '::ffff:1.2.3.4, 10.0.0.1', 'for=evil;proto=javascript', 'h2c', 'x'.repeat(9000)))), { minLength: 1, maxLength: 4 }),
  extra: garbageAuth,
}).map((r) => ({
  family: 'odd-header', method: 'GET', target: r.target, who: r.who,
  headers: [...r.headers.map(([k, v]): [string, string] => [k, k === 'X-Long' ? 'y'.repeat(20_000) : v]), ...(r.who === 'garbage' ? r.extra : [])],
}));

/** Broken at the HTTP level: Node's parser should refuse most of these before the app sees them. */
const protocol: fc.Arbitrary<FuzzRequest> = fc.record({
  target: fc.oneof(
    fc.tuple(fc.constantFrom('/ogc/collections/', '/api/search?q=', '/tiles/', '/api/admin-units/'), fc.oneof(evilString, fc.string({ unit: 'binary', maxLength: 30 }), fc.constantFrom('\u0000', '%00\u0000', ' HTTP/1.0', '\u00ff', '张三', '😀')))
      .map(([p, s]) => p + s.replace(/[\r\n]/g, '')),
    fc.constantFrom('/ogc/' + 'a'.repeat(10_000), '/api/search?q=' + 'b'.repeat(70_000), '/tiles/' + '9/'.repeat(3000) + '1.mvt', '', '/ogc\t/collections', 'ogc/collections'),
  ),
  who,
}).map((r) => ({ family: 'protocol', method: 'GET', ...r }));

export const odd: fc.Arbitrary<FuzzRequest> = fc.oneof(
  { weight: 3, arbitrary: oddMethod },
  { weight: 2, arbitrary: traversal },
  { weight: 3, arbitrary: oddHeaders },
  { weight: 2, arbitrary: protocol },
);

/** What a traversal must never reveal. */
export const LEAK_MARKERS = ['root:x:0:0', '"name": "pingan-anyang"', '[core]', 'repositoryformatversion', 'loadConfig', '#!/usr/bin/env', 'ADMIN_PASSWORD='];
