/**
 * Sending JSON answers cheaply: content coding negotiated from Accept-Encoding (br, then gzip, else identity),
 * compressed while it is written (a big page streams through zlib in chunks, never held compressed whole), and
 * strong entity tags compared with If-None-Match. Used by the OGC API (server/http/ogc/ogc-items.ts) and the analyses
 * (server/http/analysis/analysis-send.ts).
 */
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { constants, createBrotliCompress, createGzip } from 'node:zlib';
import type { Request, Response } from 'express';

export type Coding = 'br' | 'gzip' | 'identity';

/** Below this many bytes compressing costs more than it saves. */
export const COMPRESS_MIN_BYTES = 1024;
/** Brotli 4 compresses JSON better than gzip 6 at about gzip's speed (11, the default, is ~30x slower). */
const BROTLI_QUALITY = 4;
const GZIP_LEVEL = 5;

export function negotiateCoding(req: Request): Coding {
  // Our preference decides among codings the client accepts (negotiator would follow the header's order).
  if (req.acceptsEncodings('br') === 'br') return 'br';
  if (req.acceptsEncodings('gzip') === 'gzip') return 'gzip';
  return 'identity';
}

/** A strong ETag of the parts (version, query, reader, …) and the content coding (each coding is its own entity). */
export function strongEtag(parts: readonly string[], coding: Coding): string {
  const h = createHash('sha256').update(parts.join('\u0000')).digest('base64url').slice(0, 32);
  return `"${h}${coding === 'identity' ? '' : `-${coding}`}"`;
}

/** If-None-Match holds `etag` (or `*`). Weak comparison, as RFC 9110 asks for If-None-Match. */
export function notModified(req: Request, etag: string): boolean {
  const header = req.get('if-none-match');
  if (!header) return false;
  if (header.trim() === '*') return true;
  return header.split(',').some((t) => t.trim().replace(/^W\//, '') === etag);
}

/**
 * Bodies at least this big (an analysis over the whole city: megabytes) are compressed at the fastest levels:
 * brotli 1 takes a quarter of brotli 4's time on 4 MB of GeoJSON (9 vs 34 ms) for ~4 % more bytes.
 */
const BIG_BODY_BYTES = 512 * 1024;

function compressor(coding: Exclude<Coding, 'identity'>, big = false) {
  return coding === 'br'
    ? createBrotliCompress({ params: { [constants.BROTLI_PARAM_QUALITY]: big ? 1 : BROTLI_QUALITY, [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT } })
    : createGzip({ level: big ? 1 : GZIP_LEVEL });
}

/**
 * Sends a body given as chunks of text. Identity: one buffer with Content-Length. Compressed: the chunks flow
 * through zlib into the response as they are produced (Transfer-Encoding: chunked).
 */
export async function sendChunks(req: Request, res: Response, chunks: string[], coding: Coding): Promise<void> {
  res.vary('Accept-Encoding');
  const size = chunks.reduce((n, c) => n + c.length, 0);
  if (coding === 'identity' || size < COMPRESS_MIN_BYTES) {
    res.send(Buffer.from(chunks.join(''), 'utf8'));
    return;
  }
  await streamCompressed(req, res, chunks.map((c) => Buffer.from(c, 'utf8')), coding);
}

/** The compressed answer: Content-Encoding set, no length; the body (none for HEAD) streamed through zlib. */
async function streamCompressed(req: Request, res: Response, body: Iterable<Buffer>, coding: Exclude<Coding, 'identity'>, big = false): Promise<void> {
  res.set('Content-Encoding', coding);
  res.removeHeader('Content-Length');
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  await pipeline(Readable.from(body), compressor(coding, big), res);
}

/** zlib is fed this much at a time, so a big body is compressed in steps between other work. */
const CHUNK_BYTES = 64 * 1024;

/**
 * Sends a body already in bytes. Identity (or small): as it is, with Content-Length and no entity tag. Compressed:
 * streamed through zlib in 64 KiB steps (Transfer-Encoding: chunked).
 */
export async function sendBytes(req: Request, res: Response, body: Buffer, coding: Coding): Promise<void> {
  res.vary('Accept-Encoding');
  if (coding === 'identity' || body.length < COMPRESS_MIN_BYTES) {
    res.set('Content-Length', String(body.length));
    res.end(req.method === 'HEAD' ? undefined : body);
    return;
  }
  const steps = function* () {
    for (let at = 0; at < body.length; at += CHUNK_BYTES) yield body.subarray(at, at + CHUNK_BYTES);
  };
  await streamCompressed(req, res, steps(), coding, body.length >= BIG_BODY_BYTES);
}
