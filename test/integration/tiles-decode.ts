/** Decodes a Mapbox Vector Tile into plain data for assertions (with @mapbox/vector-tile + pbf). */
import Pbf from 'pbf';
import { VectorTile } from '@mapbox/vector-tile';

export interface DecodedFeature {
  id: number | undefined;
  type: number;
  properties: Record<string, number | string | boolean>;
  /** Rings (polygons) or a list of points, in tile units. */
  rings: [number, number][][];
}

export interface DecodedLayer {
  name: string;
  extent: number;
  version: number;
  features: DecodedFeature[];
}

export function decodeTile(bytes: Uint8Array): Record<string, DecodedLayer> {
  // pbf 4 reads doubles through a DataView over the whole ArrayBuffer, ignoring byteOffset: a pooled
  // Node Buffer (a view into a shared ArrayBuffer) decodes garbage doubles. Copy into a fresh array.
  const own = new Uint8Array(bytes.byteLength);
  own.set(bytes);
  // pbf 4 and the reader type @mapbox/vector-tile 3 declares differ only in typings.
  const tile = new VectorTile(new Pbf(own) as unknown as ConstructorParameters<typeof VectorTile>[0]);
  const out: Record<string, DecodedLayer> = {};
  for (const [name, layer] of Object.entries(tile.layers)) {
    const features: DecodedFeature[] = [];
    for (let i = 0; i < layer.length; i++) {
      const f = layer.feature(i);
      features.push({
        id: f.id,
        type: f.type,
        properties: { ...f.properties },
        rings: f.loadGeometry().map((ring) => ring.map((p) => [p.x, p.y] as [number, number])),
      });
    }
    out[name] = { name, extent: layer.extent, version: layer.version, features };
  }
  return out;
}

/** Shoelace area in tile coordinates as MVT 2.1 defines it: exterior rings are positive. */
export function ringArea(ring: [number, number][]): number {
  let s = 0;
  for (let i = 0; i < ring.length; i++) {
    const [x1, y1] = ring[i]!;
    const [x2, y2] = ring[(i + 1) % ring.length]!;
    s += x1 * y2 - x2 * y1;
  }
  return s / 2;
}
