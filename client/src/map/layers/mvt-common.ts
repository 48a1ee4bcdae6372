/**
 * Options every vector-tile layer shares: binary attributes, tiles parsed in a locally served worker (never
 * a CDN), bounded requests, the tile server's zoom range, and the page's credentials (a wall display's
 * Bearer header; a session's cookie goes by itself) with a hook for refused tiles.
 */
import type { CollectionId } from '../../../../server/protocol/collections.ts';
import { tileUrlTemplate } from '../tile-query.ts';

/** The tile endpoint's deepest zoom; deeper views over-zoom these tiles. */
export const TILE_MAX_ZOOM = 16;

export interface TileSource {
  origin: string;
  filters: Readonly<Record<string, string>>;
  version: number;
  /** URL of the MVT worker bundled with the client (see MapView). Empty: parse on the main thread. */
  workerUrl: string;
  /** Request headers for tiles (net/credentials.ts): Authorization for a wall display's token. */
  headers?: Readonly<Record<string, string>>;
  /** A tile failed (see isUnauthorizedTileError). */
  onTileError?: (error: unknown) => void;
}

/**
 * Whether a tile error is the server refusing the credentials: loaders.gl's FetchError carries the
 * response ("Failed to fetch resource (401) Unauthorized: …"; older versions: "fetch failed 401 …"). Pure.
 */
export function isUnauthorizedTileError(error: unknown): boolean {
  const e = error as { message?: unknown; response?: { status?: unknown } } | null | undefined;
  if (e?.response?.status === 401) return true;
  return /\((401)\)|\bfetch failed 401\b/.test(String(e?.message ?? error));
}

export function mvtCommon(layer: CollectionId, src: TileSource) {
  return {
    id: `tiles-${layer}`,
    data: tileUrlTemplate(src.origin, layer, src.filters, src.version),
    binary: true,
    maxZoom: TILE_MAX_ZOOM,
    maxRequests: 6,
    refinementStrategy: 'no-overlap' as const,
    loadOptions: {
      ...(src.workerUrl ? { worker: true, mvt: { workerUrl: src.workerUrl } } : { worker: false }),
      core: {
        fetch: {
          ...(src.headers && Object.keys(src.headers).length ? { headers: { ...src.headers } } : {}),
          // After a refresh, revalidate (ETag → 304 when unchanged) instead of reusing a cached tile.
          ...(src.version > 0 ? { cache: 'no-cache' as const } : {}),
        },
      },
    },
    ...(src.onTileError ? { onTileError: src.onTileError } : {}),
    pickable: true,
  };
}
