/** The PostGIS tile encoder: ST_AsMVTGeom clips and quantises, ST_AsMVT encodes. */
import type { Database } from '../core/database.ts';
import type { TileEncoder } from './tile-encoder.ts';
import {
  binRowsSql, chooseMode, featureRowsSql, preferHashAggregate, tileColumns, TILE_BUFFER, TILE_EXTENT, tileEnvelope, withoutParallelQuery, type TileMode, type TileRequest,
} from './tiles-sql.ts';
import { SqlParams } from '../features/features-sql.ts';

/** The one statement of a tile in a mode (exported for the OGC benchmark's raw-SQL anchor). */
export function sqlFor(req: TileRequest, mode: TileMode, params: SqlParams): string | undefined {
  if (mode === 'empty') return undefined;
  if (mode === 'bins') {
    const bins = binRowsSql(req, params);
    const env = tileEnvelope(req.tile);
    const name = params.add(req.def.id);
    return `SELECT ST_AsMVT(m.*, ${name}::text, ${TILE_EXTENT}, 'geom', 'cell') AS mvt FROM (
        SELECT b.cell, b.count, true AS aggregated,
               ST_AsMVTGeom(ST_SetSRID(ST_MakePoint(b.mx, b.my), 3857), ${env}, ${TILE_EXTENT}, ${TILE_BUFFER}, true) AS geom
        FROM (${bins}) b) m WHERE m.geom IS NOT NULL`;
  }
  const rows = featureRowsSql(req, params);
  const env = tileEnvelope(req.tile);
  const name = params.add(req.def.id);
  const columns = tileColumns(req.def, 'r');
  return `SELECT ST_AsMVT(m.*, ${name}::text, ${TILE_EXTENT}, 'geom') AS mvt FROM (
      SELECT ${columns}, ST_AsMVTGeom(r.__g, ${env}, ${TILE_EXTENT}, ${TILE_BUFFER}, true) AS geom
      FROM (${rows}) r) m WHERE m.geom IS NOT NULL`;
}

export function postgisTileEncoder(db: Database): TileEncoder {
  return {
    name: 'postgis',
    encode: (req) =>
      withoutParallelQuery(db, async (q) => {
        const params = new SqlParams();
        const mode = await chooseMode(q, req);
        if (mode === 'bins') await preferHashAggregate(q);
        const sql = sqlFor(req, mode, params);
        if (!sql) return Buffer.alloc(0);
        const { rows } = await q.query<{ mvt: Buffer | null }>(sql, params.values);
        return rows[0]?.mvt ?? Buffer.alloc(0);
      }),
  };
}
