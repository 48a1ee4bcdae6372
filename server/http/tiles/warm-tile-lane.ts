/**
 * The warm-tile lane: answers `GET /tiles/{collection}/{z}/{x}/{y}.mvt` from the tile cache before Express sees the
 * request, for the one case that is the server's most frequent answer — a reader signed in with the right to the
 * layer asks for a tile the cache holds — with the bytes and headers Express would send (the security headers,
 * then tile-answer.ts's). Express's ~25 layers cost about two thirds of such an answer (a bare Express route
 * serves a third as many requests per second as node's own server on these machines).
 *
 * It decides nothing Express would decide otherwise: every request it is not sure of goes on to Express, which
 * answers it as it always has — another method, a query string, any character outside [a-z_0-9/.] (so no encoded
 * path reaches it), a server still loading, no credentials or bad ones (401), a session that must change its
 * password, a role without the layer's permission (403, audited there), an invalid tile, a cache miss. The
 * credential is resolved as `authenticate` does (the same resolver and its cache); the permission checked as the
 * route table and the tiles router do; the cache key is the tiles router's (jurisdiction and personal view).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import accepts from 'accepts';
import type { RequestHandler } from 'express';
import { COLLECTIONS, isCollectionId } from '../../protocol/collections.ts';
import type { CachedTileEncoder } from '../../db/tiles/tiles-cache.ts';
import { isTileError, parseTileCoord } from '../../domain/geo/bbox.ts';
import { parseTileQuery } from '../ogc/ogc-params.ts';
import { readLayerView, readScope } from '../auth/auth-scope.ts';
import { readPermissionOf, routePermission } from '../../auth/route-permissions.ts';
import { hasPermission } from '../../auth/permissions.ts';
import { SESSION_COOKIE, parseBearer, parseCookies } from '../../auth/credentials.ts';
import { principalResolver, type Resolved } from '../../auth/services/principal-resolver.ts';
import type { AuthContext } from '../../auth/services/auth-context.ts';
import type { Readiness } from '../../readiness.ts';
import { tileAnswer } from './tile-answer.ts';

/** The only request targets the lane looks at: canonical by construction, no query string. */
const WARM_TILE = /^\/tiles\/([a-z_]+)\/(\d{1,2})\/(\d{1,8})\/(\d{1,8})\.mvt$/;

export interface WarmTileLaneDeps {
  auth: AuthContext;
  readiness: Readiness;
  /** The tiles router's encoder: the lane only peeks at its cache. */
  tiles: CachedTileEncoder;
  /** The app's security-headers middleware (helmet): the lane sends the headers it sets. */
  securityHeaders: RequestHandler;
}

export interface Lane {
  /** Answered (true), or left to Express (false). Synchronous false for every request that is not a tile. */
  (req: IncomingMessage, res: ServerResponse): false | Promise<boolean>;
  /** Tiles the lane has answered since the start. */
  readonly answered: number;
}

/**
 * The headers a middleware sets on a response, found by running it once on a recording response: helmet's are the
 * same for every request (a fixed policy, no nonces), and it finishes synchronously.
 */
export function headersSetBy(middleware: RequestHandler): [string, string][] {
  const headers = new Map<string, [string, string]>();
  const recorder = {
    setHeader: (name: string, value: unknown) => void headers.set(name.toLowerCase(), [name, String(value)]),
    removeHeader: (name: string) => void headers.delete(name.toLowerCase()),
    getHeader: (name: string) => headers.get(name.toLowerCase())?.[1],
  };
  let finished = false;
  middleware({ method: 'GET', url: '/', headers: {} } as never, recorder as never, () => void (finished = true));
  if (!finished) throw new Error('the security headers middleware did not finish synchronously');
  return [...headers.values()];
}

export function warmTileLane(deps: WarmTileLaneDeps): Lane {
  const resolver = principalResolver(deps.auth);
  const security = headersSetBy(deps.securityHeaders);

  const resolve = async (req: IncomingMessage): Promise<Resolved | null> => {
    const bearer = parseBearer(req.headers.authorization);
    if (bearer !== undefined) return bearer === null ? null : resolver.fromToken(bearer);
    const sessionId = parseCookies(req.headers.cookie).get(SESSION_COOKIE);
    const resolved = sessionId ? await resolver.fromSessionId(sessionId) : null;
    return resolved?.via === 'session' && !resolved.user.mustChangePassword ? resolved : null;
  };

  const answer = async (req: IncomingMessage, res: ServerResponse, m: RegExpExecArray): Promise<boolean> => {
    const [, id, z, x, y] = m;
    if (!isCollectionId(id!)) return false;
    const def = COLLECTIONS[id];
    const tile = parseTileCoord(z!, x!, y!);
    if (isTileError(tile)) return false;
    const resolved = await resolve(req);
    if (!resolved) return false;
    const { principal } = resolved;
    const need = routePermission('GET', req.url!);
    if (need === null || need === 'self' || (need !== 'public' && !hasPermission(principal.role, need))) return false;
    if (!hasPermission(principal.role, readPermissionOf(def.id))) return false;
    const bytes = deps.tiles.peek({ def, tile, ...parseTileQuery(def, {}), scope: readScope({ principal }), view: readLayerView({ principal }) });
    if (!bytes) return false;
    const ifNoneMatch = req.headers['if-none-match'];
    const tileRes = await tileAnswer(def, bytes, { acceptsGzip: Boolean(accepts(req).encodings('gzip')), ifNoneMatch });
    for (const [name, value] of security) res.setHeader(name, value);
    for (const [name, value] of tileRes.headers) res.setHeader(name, value);
    res.statusCode = tileRes.status;
    res.end(tileRes.body);
    return true;
  };

  let answered = 0;
  const lane = (req: IncomingMessage, res: ServerResponse) => {
    if (req.method !== 'GET' || !deps.readiness.ready) return false as const;
    const m = WARM_TILE.exec(req.url ?? '');
    if (!m) return false as const;
    return answer(req, res, m).then(
      (done) => (done && answered++, done),
      () => false, // a failed credential read: Express asks again and answers it
    );
  };
  return Object.defineProperty(lane, 'answered', { get: () => answered }) as Lane;
}
