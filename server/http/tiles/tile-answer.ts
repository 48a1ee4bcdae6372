/**
 * The answer to a tile request once its bytes are known: status, headers and body, the same whether Express sends it
 * (tiles.ts) or the warm-tile lane does (warm-tile-lane.ts). Strong ETags and gzip copies are worked out once per
 * cached (hence shared) tile buffer and dropped with it.
 *   204 when the tile is empty; 304 when If-None-Match holds the ETag; else 200 with the tile, gzip-coded when the
 *   reader accepts it and the tile is worth it. Cache-Control by the collection's liveness; private, because a tile
 *   holds what the reader's jurisdiction allows, and Vary keeps one browser's users apart.
 */
import { createHash } from 'node:crypto';
import { gzip } from 'node:zlib';
import { promisify } from 'node:util';
import type { CollectionDef } from '../../protocol/collections.ts';

export const MVT_TYPE = 'application/vnd.mapbox-vector-tile';

const gzipAsync = promisify(gzip);
/** Smaller tiles are not worth compressing. */
const GZIP_MIN_BYTES = 1024;
/** Compressed copies of tile buffers. */
const gzipped = new WeakMap<Buffer, Promise<Buffer>>();

function gzipOf(bytes: Buffer): Promise<Buffer> {
  let z = gzipped.get(bytes);
  if (!z) {
    z = gzipAsync(bytes, { level: 6 });
    gzipped.set(bytes, z);
  }
  return z;
}

/** Strong ETags of tile buffers: a warm tile is hashed once, not on every request. */
const etags = new WeakMap<Buffer, string>();

function etagOf(bytes: Buffer): string {
  let etag = etags.get(bytes);
  if (etag === undefined) {
    etag = `"${createHash('sha1').update(bytes).digest('base64url').slice(0, 27)}"`;
    etags.set(bytes, etag);
  }
  return etag;
}

/** Whether an If-None-Match header names the ETag (weak or strong, in a list or alone). */
function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(',').some((t) => t.trim().replace(/^W\//, '') === etag);
}

/** Live layers change every few seconds; boundaries rarely. */
function cacheControl(def: CollectionDef): string {
  return def.live ? 'private, max-age=15, stale-while-revalidate=30' : 'private, max-age=300, stale-while-revalidate=600';
}

/** What a tile depends on besides its URL: the coding, and who asks (the reader's jurisdiction). */
const TILE_VARY = 'Accept-Encoding, Authorization, Cookie';

export interface TileAsk {
  /** The reader accepts gzip (negotiated from Accept-Encoding). */
  acceptsGzip: boolean;
  ifNoneMatch: string | undefined;
  /** A Vary header already on the response, which the tile's is added to. */
  vary?: string;
}

export interface TileAnswer {
  status: 200 | 204 | 304;
  headers: [string, string | number][];
  body?: Buffer;
}

export async function tileAnswer(def: CollectionDef, bytes: Buffer, ask: TileAsk): Promise<TileAnswer> {
  const headers: [string, string | number][] = [
    ['Cache-Control', cacheControl(def)],
    ['Vary', ask.vary ? `${ask.vary}, ${TILE_VARY}` : TILE_VARY],
  ];
  if (bytes.length === 0) return { status: 204, headers };
  const compress = bytes.length >= GZIP_MIN_BYTES && ask.acceptsGzip;
  const etag = compress ? `${etagOf(bytes).slice(0, -1)}-gz"` : etagOf(bytes);
  headers.push(['ETag', etag]);
  if (matches(ask.ifNoneMatch, etag)) return { status: 304, headers };
  const body = compress ? await gzipOf(bytes) : bytes;
  headers.push(['Content-Type', MVT_TYPE]);
  if (compress) headers.push(['Content-Encoding', 'gzip']);
  headers.push(['Content-Length', body.length]);
  return { status: 200, headers, body };
}
