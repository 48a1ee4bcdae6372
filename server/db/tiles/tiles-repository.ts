/**
 * Vector tiles of the registry's collections: one interface, two encoders chosen by the database kind.
 *  - PostGIS: ST_AsMVT / ST_AsMVTGeom / ST_TileEnvelope (server/db/tiles/tile-encoder-postgis.ts);
 *  - embedded PGlite (no protobuf-c, so no ST_AsMVT): clip/simplify/transform in SQL, encode with vt-pbf
 *    (server/db/tiles/tile-encoder-js.ts).
 * Both read the same rows (server/db/tiles/tiles-sql.ts) and return equivalent tiles: one layer named after
 * the collection id, extent 4096, buffer 64. An empty Buffer means the tile has no features.
 */
import type { Database } from '../core/database.ts';
import type { TileEncoder } from './tile-encoder.ts';
import { postgisTileEncoder } from './tile-encoder-postgis.ts';
import { jsTileEncoder } from './tile-encoder-js.ts';

export type { TileRequest, TileMode } from './tiles-sql.ts';
export { tileMode, TILE_EXTENT, TILE_BUFFER, BIN_CELLS } from './tiles-sql.ts';

export type { TileEncoder } from './tile-encoder.ts';

export function createTileEncoder(db: Database): TileEncoder {
  return db.kind === 'postgis' ? postgisTileEncoder(db) : jsTileEncoder(db);
}
