/** Types for vt-pbf 3 (it ships none): the part used by server/db/tiles/tile-encoder-js.ts. */
declare module 'vt-pbf' {
  export type VtTagValue = string | number | boolean | null;
  /** A feature in geojson-vt's tile format: tile coordinates, y down. */
  export interface VtFeature {
    /** 1 point, 2 line, 3 polygon. */
    type: 1 | 2 | 3;
    /** Points: [[x, y], ...]; lines and polygons: rings [[[x, y], ...], ...] (polygon rings closed). */
    geometry: number[][] | number[][][];
    tags: Record<string, VtTagValue>;
    id?: number;
  }
  export function fromGeojsonVt(
    layers: Record<string, { features: VtFeature[] }>,
    options?: { version?: number; extent?: number },
  ): Uint8Array;
  const vtpbf: { fromGeojsonVt: typeof fromGeojsonVt };
  export default vtpbf;
}
