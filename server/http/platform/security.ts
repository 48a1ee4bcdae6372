/**
 * Security basics (docs/security.md): helmet headers with a strict Content Security Policy, request size
 * limits with clean 4xx errors, and rate limits (login per address, writes per principal).
 */
import express, { type ErrorRequestHandler, type RequestHandler } from 'express';
import helmet from 'helmet';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import { AppError } from '../../errors.ts';
import type { RateLimit } from '../../auth/services/auth-context.ts';

export interface CspOptions {
  /** Extra origins the client may fetch from (basemap style, Tianditu tiles, glyphs), e.g. "https://t0.tianditu.gov.cn". */
  connectOrigins?: string[];
  /** Extra origins for images (basemap raster tiles, sprites). */
  imageOrigins?: string[];
}

/** The Content-Security-Policy directives: same-origin scripts only, no inline script, no framing, no plugins. */
export function cspDirectives(opts: CspOptions = {}): Record<string, string[]> {
  const connect = opts.connectOrigins ?? [];
  const images = opts.imageOrigins ?? connect;
  return {
    'default-src': ["'self'"],
    'script-src': ["'self'"],
    'style-src': ["'self'"],
    // maplibre-gl's worker runs from a same-origin file (setWorkerUrl) or a blob URL.
    'worker-src': ["'self'", 'blob:'],
    'child-src': ["'self'", 'blob:'],
    'img-src': ["'self'", 'data:', 'blob:', ...images],
    'font-src': ["'self'", 'data:'],
    'connect-src': ["'self'", ...connect],
    'object-src': ["'none'"],
    'base-uri': ["'self'"],
    'form-action': ["'self'"],
    'frame-ancestors': ["'none'"],
  };
}

/** helmet with the strict CSP; HSTS only matters behind TLS (browsers ignore it over plain HTTP). */
export function securityHeaders(opts: CspOptions = {}): RequestHandler {
  return helmet({
    contentSecurityPolicy: { useDefaults: false, directives: cspDirectives(opts) },
    crossOriginEmbedderPolicy: false,
    referrerPolicy: { policy: 'no-referrer' },
  });
}

/** A JSON body parser with a size limit; malformed JSON, wrong charset and oversize bodies become clean 4xx errors. */
export function jsonBody(limit: string): RequestHandler[] {
  const parse = express.json({ limit, strict: true });
  const mapErrors: ErrorRequestHandler = (err, _req, _res, next) => {
    const type = typeof err?.type === 'string' ? err.type : '';
    if (type === 'entity.too.large') return next(new AppError(413, 'PAYLOAD_TOO_LARGE', `The body is larger than ${limit}`));
    if (type === 'entity.parse.failed') return next(new AppError(400, 'INVALID_JSON', 'The body is not valid JSON'));
    if (type === 'charset.unsupported' || type === 'encoding.unsupported') {
      return next(new AppError(415, 'UNSUPPORTED_ENCODING', 'Send JSON as UTF-8 without content encoding'));
    }
    if (typeof err?.status === 'number' && err.status >= 400 && err.status < 500) return next(new AppError(err.status, 'BAD_REQUEST', 'The request body could not be read'));
    next(err);
  };
  return [parse, mapErrors as unknown as RequestHandler];
}

function limiter(limit: RateLimit, key: (req: Parameters<RequestHandler>[0]) => string, what: string): RequestHandler {
  return rateLimit({
    windowMs: limit.windowMs,
    limit: limit.max,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    keyGenerator: key,
    handler: (_req, _res, next, options) => {
      next(new AppError(429, 'RATE_LIMITED', `Too many ${what}; try again in ${Math.ceil(options.windowMs / 1000)} s`));
    },
  });
}

const ipKey = (req: Parameters<RequestHandler>[0]) => ipKeyGenerator(req.ip ?? req.socket.remoteAddress ?? 'unknown');

/** Login attempts per client address (account lockout handles slow guessing of one account). */
export function loginRateLimit(limit: RateLimit): RequestHandler {
  return limiter(limit, ipKey, 'login attempts');
}

/** Writes per principal (or per address when anonymous); reads pass untouched. */
export function writeRateLimit(limit: RateLimit): RequestHandler {
  const inner = limiter(limit, (req) => (req.principal ? `${req.principal.kind}:${req.principal.id}` : ipKey(req)), 'writes');
  return (req, res, next) => (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS' ? next() : inner(req, res, next));
}
