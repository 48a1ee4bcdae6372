/**
 * The one spelling of a request path that both the permission table and the routers see. Pure.
 *
 * Express decodes route parameters after matching, and routes case-insensitively, so a table matched against
 * the raw URL can be walked around (`/ogc/collections/%69ncidents/items` is the incidents route to Express but
 * not to a regular expression). Instead every request path is reduced to one canonical form first, the
 * request is rewritten to it (server/http/platform/canonical-path.ts), and the permission is decided on it:
 *
 *   - each segment is percent-decoded exactly once; an invalid escape is refused;
 *   - a decoded segment that holds `/`, `\`, `%` (an encoded slash, or a second layer of encoding), a control
 *     character, or is `.` or `..` is refused — no route has such a segment;
 *   - empty segments (`//`, a trailing `/`) are dropped, as Express's non-strict routing ignores them;
 *   - the path is rebuilt with every segment encoded the same way (encodeURIComponent), so `/%41BC` and `/ABC`
 *     are one path; `decoded` is the same path unencoded, which the permission table matches lower-cased
 *     (Express matches paths case-insensitively).
 *
 * A path that is refused is answered 400 INVALID_PATH before any router runs.
 */

export type CanonicalPath =
  | { ok: true; /** The path to route, every segment encoded canonically. */ encoded: string; /** The same path decoded. */ decoded: string }
  | { ok: false; reason: string };

// eslint-disable-next-line no-control-regex
const FORBIDDEN_IN_SEGMENT = /[/\\%\u0000-\u001f\u007f]/;

function decodeSegment(raw: string): string | null {
  try {
    return decodeURIComponent(raw);
  } catch {
    return null;
  }
}

/** The canonical form of a request target's path (the part before `?`). */
export function canonicalPath(rawPath: string): CanonicalPath {
  if (!rawPath.startsWith('/')) return { ok: false, reason: 'The path must start with /' };
  if (rawPath.includes('#')) return { ok: false, reason: 'The path must not contain #' };
  const segments: string[] = [];
  for (const raw of rawPath.split('/')) {
    if (raw === '') continue;
    const seg = decodeSegment(raw);
    if (seg === null) return { ok: false, reason: 'The path holds an invalid percent-escape' };
    if (FORBIDDEN_IN_SEGMENT.test(seg)) return { ok: false, reason: 'A path segment holds an encoded slash, a % or a control character' };
    if (seg === '.' || seg === '..') return { ok: false, reason: 'The path must not contain . or .. segments' };
    segments.push(seg);
  }
  return { ok: true, encoded: `/${segments.map(encodeURIComponent).join('/')}`, decoded: `/${segments.join('/')}` };
}

/** Splits a request target into its path and its query (with the `?`, or ''). */
export function splitTarget(url: string): { path: string; query: string } {
  const q = url.indexOf('?');
  return q < 0 ? { path: url, query: '' } : { path: url.slice(0, q), query: url.slice(q) };
}
