/**
 * canonicalRequests(): the first middleware of the app. Rewrites every request's path to its one canonical
 * spelling (server/auth/route-path.ts) before any router, the route table or the audit sees it, so all of them
 * work on the same path; a path without one is answered 400 INVALID_PATH `{ error: { code, message } }`.
 * The query string is left as sent.
 */
import type { RequestHandler } from 'express';
import { AppError } from '../../errors.ts';
import { canonicalPath, splitTarget } from '../../auth/route-path.ts';

export function canonicalRequests(): RequestHandler {
  return (req, _res, next) => {
    const { path, query } = splitTarget(req.url);
    const canonical = canonicalPath(path);
    if (!canonical.ok) return next(new AppError(400, 'INVALID_PATH', canonical.reason));
    if (canonical.encoded !== path) req.url = `${canonical.encoded}${query}`;
    req.originalUrl = req.url;
    next();
  };
}
