/**
 * A TileEncoder decorator: keeps recently encoded tiles in memory for a short time and lets concurrent
 * requests for the same tile share one database query. Many screens show the same views (the wall, the
 * dispatch desks), and aggregated low-zoom tiles scan a whole layer, so this matters more than speed per tile.
 * Live layers are kept for 5 s (their HTTP max-age is longer), their aggregated low-zoom tiles for 30 s,
 * static boundaries for minutes.
 */
import type { TileEncoder, TileRequest } from './tiles-repository.ts';
import { tileMode } from './tiles-sql.ts';
import { scopePrefix } from '../../auth/jurisdiction.ts';

export interface TileCacheOptions {
  /** Time to live of a tile of a live / static collection, and of aggregated (below minZoom) tiles. */
  liveTtlMs?: number;
  staticTtlMs?: number;
  aggregatedTtlMs?: number;
  /** Memory bound over all cached tiles. */
  maxBytes?: number;
  now?: () => number;
}

/**
 * The cache key: tile, filters, the jurisdiction prefix (one district's tiles never serve another's) and the
 * personal view (a masked reader never gets a tile encoded for a full one, nor the other way round).
 */
export function tileKey(req: TileRequest): string {
  const filters = req.filters.map((f) => `${f.name}=${[...f.values].map(String).sort().join('|')}`).join('&');
  const scope = req.scope === undefined ? '*' : scopePrefix(req.scope);
  const time = req.datetime ? `&@${req.datetime.start ?? '..'}/${req.datetime.end ?? '..'}` : '';
  return `${scope}:${req.view ?? 'stored'}:${req.def.id}/${req.tile.z}/${req.tile.x}/${req.tile.y}?${filters}${time}`;
}

/** A TileEncoder with its cache readable without encoding (the warm-tile lane, server/http/tiles/warm-tile-lane.ts). */
export interface CachedTileEncoder extends TileEncoder {
  /** The cached, unexpired tile of `req`, if there is one; never encodes. */
  peek(req: TileRequest): Buffer | undefined;
}

export function cachedTileEncoder(inner: TileEncoder, opts: TileCacheOptions = {}): CachedTileEncoder {
  const liveTtl = opts.liveTtlMs ?? 5_000;
  const staticTtl = opts.staticTtlMs ?? 300_000;
  // Density at low zoom barely moves in seconds, and these tiles scan a whole layer.
  const aggregatedTtl = opts.aggregatedTtlMs ?? 30_000;
  const ttlOf = (req: TileRequest) =>
    !req.def.live ? staticTtl : tileMode(req.def, req.tile.z) === 'bins' ? aggregatedTtl : liveTtl;
  const maxBytes = opts.maxBytes ?? 64 * 1024 * 1024;
  const now = opts.now ?? Date.now;
  const entries = new Map<string, { bytes: Buffer; expires: number }>();
  const inFlight = new Map<string, Promise<Buffer>>();
  let total = 0;

  const drop = (key: string) => {
    const e = entries.get(key);
    if (!e) return;
    total -= e.bytes.length;
    entries.delete(key);
  };
  const store = (key: string, bytes: Buffer, ttl: number) => {
    drop(key);
    if (bytes.length > maxBytes / 8) return;
    entries.set(key, { bytes, expires: now() + ttl });
    total += bytes.length;
    for (const oldest of entries.keys()) {
      if (total <= maxBytes) break;
      drop(oldest);
    }
  };

  return {
    name: inner.name,
    peek(req) {
      const hit = entries.get(tileKey(req));
      return hit && hit.expires > now() ? hit.bytes : undefined;
    },
    async encode(req) {
      const key = tileKey(req);
      const hit = entries.get(key);
      if (hit && hit.expires > now()) return hit.bytes;
      drop(key);
      const pending = inFlight.get(key);
      if (pending) return pending;
      const work = inner
        .encode(req)
        .then((bytes) => {
          store(key, bytes, ttlOf(req));
          return bytes;
        })
        .finally(() => inFlight.delete(key));
      inFlight.set(key, work);
      return work;
    },
  };
}
