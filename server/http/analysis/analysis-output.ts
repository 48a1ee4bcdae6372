/**
 * How an analysis result leaves the server: a GeoJSON FeatureCollection (application/geo+json; top-level `kind`,
 * `parameters` and any summary beside `features`) or, with ?format=csv, one CSV row per feature (RFC 4180, UTF-8 with
 * a BOM so spreadsheet programs read the Chinese labels): the properties, then the geometry as WKT.
 * No I/O (the analysis worker thread runs it; encodeTextGeometries yields turns of the event loop between its
 * pieces); analysis-send.ts sends the bytes.
 */
import type { Geometry } from 'geojson';
import type { Format } from './analysis-params.ts';
import { yieldToLoop } from '../../domain/time-slices.ts';

export interface ResultFeature {
  type: 'Feature';
  id?: string;
  geometry: Geometry | null;
  properties: Record<string, unknown>;
}

export interface ResultCollection {
  type: 'FeatureCollection';
  kind: string;
  parameters: Record<string, unknown>;
  features: ResultFeature[];
  [extra: string]: unknown;
}

const csvCell = (v: unknown): string => {
  if (v === null || v === undefined) return '';
  const s = typeof v === 'object' ? JSON.stringify(v) : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

const pos = (p: readonly number[]) => `${p[0]} ${p[1]}`;
const ring = (r: readonly (readonly number[])[]) => `(${r.map(pos).join(', ')})`;

/** WKT of a GeoJSON geometry (the types analyses return). */
export function toWkt(g: Geometry | null): string {
  if (!g) return '';
  switch (g.type) {
    case 'Point':
      return `POINT (${pos(g.coordinates)})`;
    case 'Polygon':
      return `POLYGON (${g.coordinates.map(ring).join(', ')})`;
    case 'MultiPolygon':
      return `MULTIPOLYGON (${g.coordinates.map((p) => `(${p.map(ring).join(', ')})`).join(', ')})`;
    default:
      return '';
  }
}

export function toCsv(features: readonly ResultFeature[]): string {
  const columns: string[] = [];
  const seen = new Set<string>();
  for (const f of features) for (const k of Object.keys(f.properties)) if (!seen.has(k)) (seen.add(k), columns.push(k));
  const lines = [[...columns, 'wkt'].join(',')];
  for (const f of features) lines.push([...columns.map((c) => csvCell(f.properties[c])), csvCell(toWkt(f.geometry))].join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** A result as bytes with its media type (a Uint8Array of its own buffer, so a worker can transfer it). */
export interface EncodedResult {
  bytes: Uint8Array;
  format: Format;
}

const utf8 = new TextEncoder();

export function encodeResult(format: Format, result: ResultCollection): EncodedResult {
  return { bytes: utf8.encode(format === 'csv' ? toCsv(result.features) : JSON.stringify(result)), format };
}

/** A feature whose geometry is GeoJSON text already (as PostGIS wrote it). */
export interface TextGeometryFeature {
  id: string;
  geometry: string | null;
  properties: Record<string, unknown>;
}

/** Features per piece of encodeTextGeometries: a piece of grid outlines is ~0.4 MB, written and encoded in ~2 ms. */
export const TEXT_GEOMETRY_PIECE = 256;

/**
 * Text written straight into UTF-8 bytes, piece by piece, in a buffer that doubles as it fills. For answers of
 * megabytes written from thousands of small strings: each string is garbage as soon as it is written, where a list
 * of them joined at the end keeps them all alive until then — through the scavenges they survive and the
 * mark-compact their promotion brings (most of the time of writing the city's hotspots went to the collector).
 */
export class Utf8Writer {
  private buf: Uint8Array;
  private at = 0;

  constructor(initialBytes = 64 * 1024) {
    this.buf = new Uint8Array(initialBytes);
  }

  write(text: string): void {
    for (;;) {
      const { read, written } = utf8.encodeInto(text, this.buf.subarray(this.at));
      this.at += written!;
      if (read === text.length) return;
      text = text.slice(read!);
      const grown = new Uint8Array(Math.max(this.buf.length * 2, this.at + text.length * 3));
      grown.set(this.buf.subarray(0, this.at));
      this.buf = grown;
    }
  }

  /** The bytes written, in a Uint8Array of its own buffer (a worker can transfer it). */
  bytes(): Uint8Array {
    return this.buf.slice(0, this.at);
  }

  /** The bytes written, without a copy (valid until the next write). */
  view(): Uint8Array {
    return this.buf.subarray(0, this.at);
  }
}

/**
 * encodeResult for features whose geometry is text, written as the features come: add() a piece at a time (each
 * piece's GeoJSON is written and encoded to bytes at once, its geometries spliced in, never parsed and serialised
 * again — 6,249 grid outlines cost tens of milliseconds of the server's thread each way), finish() with the head
 * once its summary is known; the head is placed first. What is kept between pieces is bytes, not features (a
 * city's features alive together are megabytes for the young generation's collector to copy). CSV parses the
 * geometries for their WKT, so it keeps the features and writes them all at finish().
 */
export class TextGeometryWriter {
  private readonly body = new Utf8Writer();
  private readonly csvFeatures: ResultFeature[] = [];
  private count = 0;

  constructor(private readonly format: Format) {}

  add(features: readonly TextGeometryFeature[]): void {
    if (this.format === 'csv') {
      for (const f of features) this.csvFeatures.push({ type: 'Feature', id: f.id, geometry: f.geometry ? (JSON.parse(f.geometry) as Geometry) : null, properties: f.properties });
      return;
    }
    // Feature by feature: a piece's text joined first is ~0.2 MB (two-byte with the Chinese names), big enough to be
    // allocated in the old generation, and megabytes of such per answer brought mark-compacts on the server's thread.
    for (const f of features) {
      this.body.write(`${this.count++ > 0 ? ',' : ''}{"type":"Feature","id":${JSON.stringify(f.id)},"geometry":${f.geometry ?? 'null'},"properties":${JSON.stringify(f.properties)}}`);
    }
  }

  finish(head: Omit<ResultCollection, 'features'>): EncodedResult {
    if (this.format === 'csv') return encodeResult('csv', { ...head, features: this.csvFeatures } as ResultCollection);
    const open = JSON.stringify({ ...head, features: [] });
    return { bytes: concatBytes([utf8.encode(open.slice(0, -']}'.length)), this.body.view(), utf8.encode(']}')]), format: 'geojson' };
  }
}

/**
 * All of `features` through a TextGeometryWriter in pieces of `piece`, with a turn of the event loop between
 * pieces, so that megabytes of outlines never hold requests and the live feed at once.
 */
export async function encodeTextGeometries(format: Format, head: Omit<ResultCollection, 'features'>, features: readonly TextGeometryFeature[], piece = TEXT_GEOMETRY_PIECE): Promise<EncodedResult> {
  const out = new TextGeometryWriter(format);
  for (let start = 0; start < features.length; start += piece) {
    if (start > 0 && format !== 'csv') await yieldToLoop();
    out.add(features.slice(start, start + piece));
  }
  return out.finish(head);
}

/** One Uint8Array of its own buffer holding the chunks in order. */
function concatBytes(chunks: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.byteLength, 0));
  let at = 0;
  for (const c of chunks) (out.set(c, at), (at += c.byteLength));
  return out;
}
