/**
 * Errors that carry intent. An AppError's code and message leave the server as
 * `{ "error": { "code", "message", "details" } }`; anything else is logged and answered as a bare 500.
 */
export class AppError extends Error {
  override name = 'AppError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export const badRequest = (code: string, message: string, details?: unknown) =>
  new AppError(400, code, message, details);
export const notFound = (code: string, message: string, details?: unknown) =>
  new AppError(404, code, message, details);
export const unavailable = (code: string, message: string, details?: unknown) =>
  new AppError(503, code, message, details);

export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

/** What the wire may carry for any thrown value: known codes pass, internals never do. */
export function toErrorBody(err: unknown): { status: number; body: ErrorBody } {
  if (err instanceof AppError) {
    return { status: err.status, body: { error: { code: err.code, message: err.message, details: err.details } } };
  }
  return { status: 500, body: { error: { code: 'INTERNAL', message: 'Internal server error' } } };
}
