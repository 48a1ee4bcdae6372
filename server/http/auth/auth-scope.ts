/**
 * The jurisdiction a request reads in: the principal's admin unit, or the whole city for an anonymous caller
 * (who only gets this far on a deployment that made some reads public — enforceRoutes refuses the rest).
 * Every data read passes this down to its repository; nothing reads "everything" on behalf of a request.
 */
import type { Request } from 'express';
import { AppError } from '../../errors.ts';
import { withinScope } from '../../auth/jurisdiction.ts';
import { CITY_CODE } from '../../dataset/constants.ts';

export const readScope = (req: Request): string => req.principal?.adminCode ?? CITY_CODE;

export const outOfJurisdiction = (what: string) =>
  new AppError(403, 'OUT_OF_JURISDICTION', `${what} lies outside your jurisdiction`);

/** Throws 403 OUT_OF_JURISDICTION unless the codes lie inside the request's scope. */
export function assertInScope(req: Request, codes: readonly (string | null | undefined)[], what: string): void {
  if (!withinScope(readScope(req), codes)) throw outOfJurisdiction(what);
}
