/** The one interface both tile encoders implement (server/db/tiles/tiles-repository.ts picks one by database kind). */
import type { TileRequest } from './tiles-sql.ts';

export interface TileEncoder {
  readonly name: 'postgis' | 'js';
  /** The encoded Mapbox Vector Tile; empty when nothing falls in the tile. */
  encode(req: TileRequest): Promise<Buffer>;
}
