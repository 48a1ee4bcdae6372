/**
 * Why an incident command (a lifecycle action, an assignment) was refused. The routers map the kinds to HTTP
 * (server/http/incidents/incident-transitions.ts, server/http/dispatch/): not-found 404, unknown-unit 404,
 * out-of-jurisdiction 403, invalid-transition / version-conflict / unit-unavailable / not-assigned 409.
 */
export type TransitionErrorKind =
  | 'not-found'
  | 'invalid-transition'
  | 'version-conflict'
  | 'unknown-unit'
  | 'unit-unavailable'
  | 'out-of-jurisdiction'
  | 'not-assigned';

export class TransitionError extends Error {
  override name = 'TransitionError';
  constructor(
    readonly kind: TransitionErrorKind,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}
