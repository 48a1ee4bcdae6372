/**
 * How a refused incident command answers over HTTP (the incident transitions and the dispatch routes share it):
 *   404 NOT_FOUND           no such incident, or it lies outside your jurisdiction (a feature you cannot read is
 *                           one that does not exist: the house rule of every read)
 *   404 UNKNOWN_UNIT        no such unit
 *   403 OUT_OF_JURISDICTION the unit exists but you may not send it (outside your jurisdiction, or — for a city
 *                           dispatcher — from a district that does not border the incident's; details.reason)
 *   409 INVALID_TRANSITION  details: from, to, allowed (the lifecycle actions allowed now)
 *   409 VERSION_CONFLICT    details: version (the incident's current one) or unitVersion, allowed
 *   409 UNIT_UNAVAILABLE    details: unitId, status, incidentId (where it is out)
 *   409 NOT_ASSIGNED        the unit is not on the incident (unassign)
 */
import { TransitionError } from '../../db/incidents/transition-error.ts';
import { AppError, notFound } from '../../errors.ts';

export function commandHttpError(err: unknown): unknown {
  if (!(err instanceof TransitionError)) return err;
  switch (err.kind) {
    case 'not-found':
      return notFound('NOT_FOUND', err.message);
    case 'unknown-unit':
      return notFound('UNKNOWN_UNIT', err.message, err.details);
    case 'out-of-jurisdiction':
      return new AppError(403, 'OUT_OF_JURISDICTION', err.message, err.details);
    case 'version-conflict':
      return new AppError(409, 'VERSION_CONFLICT', err.message, err.details);
    case 'invalid-transition':
      return new AppError(409, 'INVALID_TRANSITION', err.message, err.details);
    case 'unit-unavailable':
      return new AppError(409, 'UNIT_UNAVAILABLE', err.message, err.details);
    case 'not-assigned':
      return new AppError(409, 'NOT_ASSIGNED', err.message, err.details);
  }
}
