/**
 * Options every vector-tile layer shares: binary attributes, tiles parsed in a locally served worker (never
 * a CDN), bounded requests, and the tile server's zoom range.
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
      // After a refresh, revalidate (ETag → 304 when unchanged) instead of reusing a cached tile.
      ...(src.version > 0 ? { fetch: { cache: 'no-cache' as const } } : {}),
    },
    pickable: true,
  };
}
