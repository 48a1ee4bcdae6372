/**
 * The embedded tile encoder (PGlite has no ST_AsMVT): SQL clips, simplifies and maps geometry to integer
 * tile coordinates (y down, polygons made valid with positive-area exterior rings as MVT 2.1 requires);
 * vt-pbf writes the protobuf.
 */
import vtpbf, { type VtFeature, type VtTagValue } from 'vt-pbf';
import type { CollectionDef } from '../../protocol/collections.ts';
import type { Database, Queryable } from '../core/database.ts';
import type { TileEncoder } from './tile-encoder.ts';
import {
  binRowsSql, chooseMode, featureRowsSql, literal, preferHashAggregate, TILE_BUFFER, TILE_EXTENT, tileFrame, withoutParallelQuery, type TileFrame, type TileRequest,
} from './tiles-sql.ts';
import { ident, SqlParams } from '../features/features-sql.ts';

type Position = [number, number];
type TileGeometry = { type: 'Point'; coordinates: Position } | { type: 'Polygon'; coordinates: Position[][] } | { type: 'MultiPolygon'; coordinates: Position[][][] };

const MIN = -TILE_BUFFER;
const MAX = TILE_EXTENT + TILE_BUFFER;

/** SQL expression: a 3857 geometry in integer tile coordinates. */
function toTileCoords(def: CollectionDef, g: string, f: TileFrame): string {
  const s = literal(f.scale);
  const affine = `ST_SnapToGrid(ST_Affine(${g}, ${s}, 0, 0, -${s}, ${literal(-f.xmin * f.scale)}, ${literal(f.ymax * f.scale)}), 1)`;
  if (def.geometryType === 'Point') return affine;
  return `ST_ForcePolygonCCW(ST_CollectionExtract(ST_MakeValid(${affine}), 3))`;
}

/** GeoJSON in tile coordinates to geojson-vt's feature geometry; undefined when nothing is left. */
function vtGeometry(g: TileGeometry): Pick<VtFeature, 'type' | 'geometry'> | undefined {
  if (g.type === 'Point') {
    const [x, y] = g.coordinates;
    if (x < MIN || x > MAX || y < MIN || y > MAX) return undefined;
    return { type: 1, geometry: [[x, y]] };
  }
  const polygons = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  const rings = polygons.flat().filter((r) => r.length >= 4);
  return rings.length ? { type: 3, geometry: rings } : undefined;
}

function tags(def: CollectionDef, row: Record<string, unknown>): Record<string, VtTagValue> {
  const out: Record<string, VtTagValue> = {};
  for (const p of def.properties) out[p.name] = (row[p.name] ?? null) as VtTagValue;
  return out;
}

async function featureTile(db: Queryable, req: TileRequest): Promise<VtFeature[]> {
  const params = new SqlParams();
  const rows = featureRowsSql(req, params);
  const geom = toTileCoords(req.def, 'r.__g', tileFrame(req.tile));
  const columns = req.def.properties.map((p) => `r.${ident(p.name)}`).join(', ');
  const result = await db.query<Record<string, unknown> & { __geom: string }>(
    `SELECT ${columns}, ST_AsGeoJSON(${geom}, 0) AS __geom FROM (${rows}) r`,
    params.values,
  );
  const features: VtFeature[] = [];
  for (const row of result.rows) {
    const g = vtGeometry(JSON.parse(row.__geom) as TileGeometry);
    if (g) features.push({ ...g, tags: tags(req.def, row) });
  }
  return features;
}

async function binTile(db: Queryable, req: TileRequest): Promise<VtFeature[]> {
  await preferHashAggregate(db);
  const params = new SqlParams();
  const f = tileFrame(req.tile);
  const { rows } = await db.query<{ cell: number; count: number; mx: number; my: number }>(binRowsSql(req, params), params.values);
  return rows.map((r) => ({
    type: 1,
    id: r.cell,
    geometry: [[Math.round((r.mx - f.xmin) * f.scale), Math.round((f.ymax - r.my) * f.scale)]],
    tags: { count: r.count, aggregated: true },
  }));
}

export function jsTileEncoder(db: Database): TileEncoder {
  return {
    name: 'js',
    async encode(req) {
      const features = await withoutParallelQuery(db, async (q) => {
        const mode = await chooseMode(q, req);
        if (mode === 'empty') return [];
        return mode === 'bins' ? binTile(q, req) : featureTile(q, req);
      });
      if (features.length === 0) return Buffer.alloc(0);
      const bytes = vtpbf.fromGeojsonVt({ [req.def.id]: { features } }, { version: 2, extent: TILE_EXTENT });
      return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    },
  };
}
