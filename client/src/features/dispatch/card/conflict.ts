/**
 * What the operator reads when a command is refused, pure: the server's error code (docs/api.md) → a message
 * key of the dispatch catalogue. A 409 means someone else was faster (the unit was sent elsewhere, the incident
 * changed): the card reloads and the live state shows; the message says what happened.
 */
import type { MessageKey } from '../../../i18n/index.ts';

export interface Refusal {
  status: number;
  code: string;
}

export function refusalMessage(err: Refusal): MessageKey {
  switch (err.code) {
    case 'VERSION_CONFLICT':
    case 'STALE_VERSION':
      return 'dispatch.error.stale';
    case 'UNIT_UNAVAILABLE':
    case 'UNIT_TAKEN':
    case 'UNIT_BUSY':
    case 'ALREADY_ASSIGNED':
      return 'dispatch.error.unitTaken';
    case 'INVALID_TRANSITION':
      return 'dispatch.error.notAllowed';
    case 'FORBIDDEN':
    case 'OUT_OF_JURISDICTION':
      return 'dispatch.error.forbidden';
    case 'NOT_FOUND':
    case 'UNKNOWN_UNIT':
      return 'dispatch.error.notFound';
    case 'INVALID_COMMAND':
    case 'INVALID_BODY':
      return 'dispatch.error.invalid';
    default:
      return err.status === 409 ? 'dispatch.error.conflict' : 'dispatch.error.failed';
  }
}
