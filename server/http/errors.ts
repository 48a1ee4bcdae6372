/** The one error funnel of the HTTP layer: AppErrors pass with their code, anything else is a bare 500. */
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { AppError, notFound, toErrorBody, unavailable } from '../errors.ts';
import type { Logger } from '../logger.ts';
import type { Readiness } from '../readiness.ts';

export function errorHandler(log: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    // Body-parser and similar middleware errors carry a 4xx status of their own.
    const status = typeof err?.status === 'number' && err.status >= 400 && err.status < 500 ? err.status : undefined;
    const known = err instanceof AppError ? err : status ? new AppError(status, 'BAD_REQUEST', String(err.message ?? 'Bad request')) : err;
    const { status: code, body } = toErrorBody(known);
    if (code >= 500) log.error({ err, url: req.originalUrl }, 'request failed');
    if (res.headersSent) return;
    res.status(code).json(body);
  };
}

/** 404 JSON for unknown API paths (the SPA fallback handles the rest). */
export const apiNotFound: RequestHandler = (req, _res, next) => {
  next(notFound('NOT_FOUND', `No such resource: ${req.path}`));
};

/** Data routes answer 503 until the database is migrated and loaded. */
export function requireReady(readiness: Readiness): RequestHandler {
  return (_req, _res, next) => {
    if (readiness.ready) return next();
    const s = readiness.snapshot();
    next(unavailable('STARTING', 'The server is still loading its data; see /api/health for progress.', { phase: s.phase, progress: s.progress }));
  };
}
