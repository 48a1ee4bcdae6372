/** The one error funnel of the HTTP layer: AppErrors pass with their code, anything else is a bare 500. */
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { AppError, notFound, toErrorBody, unavailable } from '../../errors.ts';
import type { Logger } from '../../logger.ts';
import type { Readiness } from '../../readiness.ts';

/** Body-parser failures by their `type`: a code and a message of ours (never the parser's own text). */
const BODY_ERRORS: Record<string, [string, string]> = {
  'entity.too.large': ['PAYLOAD_TOO_LARGE', 'The request body is too large'],
  'entity.parse.failed': ['INVALID_JSON', 'The request body is not valid JSON'],
  'entity.verify.failed': ['INVALID_BODY', 'The request body was refused'],
  'encoding.unsupported': ['UNSUPPORTED_ENCODING', 'Unsupported Content-Encoding'],
  'charset.unsupported': ['UNSUPPORTED_CHARSET', 'Unsupported charset; send UTF-8'],
  'request.aborted': ['REQUEST_ABORTED', 'The request was aborted'],
  'request.size.invalid': ['INVALID_BODY', 'The request body does not match its Content-Length'],
};

/** A middleware error with a 4xx status of its own (body-parser, …) as an AppError; anything else unchanged. */
function fromMiddleware(err: { status?: unknown; type?: unknown; message?: unknown }): unknown {
  const status = typeof err?.status === 'number' && err.status >= 400 && err.status < 500 ? err.status : undefined;
  if (!status) return err;
  const known = typeof err.type === 'string' && Object.hasOwn(BODY_ERRORS, err.type) ? BODY_ERRORS[err.type] : undefined;
  return known ? new AppError(status, known[0], known[1]) : new AppError(status, 'BAD_REQUEST', 'Bad request');
}

export function errorHandler(log: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const known = err instanceof AppError ? err : fromMiddleware(err);
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
