/**
 * GET /glyphs/{fontstack}/{start}-{end}.pbf — SDF glyphs for the offline basemap's labels.
 *   200 application/x-protobuf: the built file (dist/client/glyphs or client/public/glyphs), or an empty
 *       glyph set for a valid range we do not ship (CJK ideographs are drawn locally by MapLibre, so the
 *       client never needs them; an empty set keeps MapLibre from parsing an HTML fallback as a PBF).
 *   400 BAD_RANGE unless the range is a 256-aligned block of the BMP.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Router } from 'express';
import { badRequest } from '../../errors.ts';

const RANGE = /^(\d+)-(\d+)\.pbf$/;

/** An empty `glyphs` message with one fontstack { name, range } (glyphs.proto); hand-encoded, no glyphs. */
export function emptyGlyphSet(stack: string, range: string): Buffer {
  const field = (tag: number, bytes: Buffer) => Buffer.concat([Buffer.from([(tag << 3) | 2]), varint(bytes.length), bytes]);
  const inner = Buffer.concat([field(1, Buffer.from(stack, 'utf8')), field(2, Buffer.from(range, 'utf8'))]);
  return field(1, inner);
}

function varint(n: number): Buffer {
  const out: number[] = [];
  while (n > 127) {
    out.push((n & 127) | 128);
    n >>>= 7;
  }
  out.push(n);
  return Buffer.from(out);
}

export function basemapRouter(deps: { glyphDirs: string[] }): Router {
  const router = Router();
  const dirs = deps.glyphDirs.map((d) => path.resolve(d));
  router.get('/glyphs/:stack/:range', (req, res, next) => {
    const stack = String(req.params.stack);
    const m = RANGE.exec(String(req.params.range));
    const start = Number(m?.[1]);
    const end = Number(m?.[2]);
    if (!m || start % 256 !== 0 || end !== start + 255 || end > 65535 || /[/\\]|\.\./.test(stack)) {
      next(badRequest('BAD_RANGE', 'Glyph ranges are {start}-{start+255}.pbf with start a multiple of 256 below 65536'));
      return;
    }
    res.set('Content-Type', 'application/x-protobuf').set('Cache-Control', 'public, max-age=86400');
    const file = dirs.map((d) => path.join(d, stack, `${start}-${end}.pbf`)).find((f) => existsSync(f));
    if (file) res.sendFile(file);
    else res.send(emptyGlyphSet(stack, `${start}-${end}`));
  });
  return router;
}
