/**
 * The built client (dist/client). Reference: docs/operations.md "Client assets".
 *
 *   GET /assets/<name>-<hash>.<ext>  hashed by Vite: `Cache-Control: public, max-age=31536000, immutable`; the
 *                                    `.br` / `.gz` written beside it at build (vite.config.ts) is sent with
 *                                    Content-Encoding when Accept-Encoding takes it (Vary: Accept-Encoding)
 *   GET other files (glyphs, icons)  max-age one hour
 *   GET any other path               index.html with `Cache-Control: no-cache` (it names the current hashes)
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import express, { Router, type Request, type Response, type NextFunction } from 'express';

const IMMUTABLE = 'public, max-age=31536000, immutable';
const CODINGS = [
  { coding: 'br', ext: '.br' },
  { coding: 'gzip', ext: '.gz' },
] as const;

/** Serves a precompressed sibling of a hashed asset when the client accepts its coding. */
function precompressed(assetsDir: string) {
  const seen = new Map<string, boolean>();
  const has = (file: string) => {
    let v = seen.get(file);
    if (v === undefined) {
      v = existsSync(file);
      seen.set(file, v);
    }
    return v;
  };
  return (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    const name = path.basename(req.path);
    if (name !== req.path.slice(1) || name.startsWith('.')) return next();
    const file = path.join(assetsDir, name);
    for (const { coding, ext } of CODINGS) {
      if (req.acceptsEncodings(coding) !== coding || !has(file + ext)) continue;
      res.vary('Accept-Encoding');
      res.set({ 'Content-Encoding': coding, 'Cache-Control': IMMUTABLE });
      res.type(path.extname(name));
      res.sendFile(file + ext, { headers: { 'Cache-Control': IMMUTABLE }, cacheControl: false }, (err) => err && next(err));
      return;
    }
    next();
  };
}

export function staticAssetsRouter(clientDir: string): Router {
  const router = Router();
  const assetsDir = path.join(clientDir, 'assets');
  router.use('/assets', precompressed(assetsDir), express.static(assetsDir, {
    index: false,
    cacheControl: false,
    setHeaders: (res) => {
      res.setHeader('Cache-Control', IMMUTABLE);
      res.setHeader('Vary', 'Accept-Encoding');
    },
  }));
  router.use(express.static(clientDir, { index: false, maxAge: '1h' }));
  router.get(/^\/(?!socket\.io\/).*/, (_req, res) => {
    res.set('Cache-Control', 'no-cache').sendFile(path.join(clientDir, 'index.html'), { cacheControl: false });
  });
  return router;
}
