/**
 * The jurisdiction a request reads in: the principal's admin unit, or the whole city for an anonymous caller
 * (who only gets this far on a deployment that made some reads public — enforceRoutes refuses the rest).
 * Every data read passes this down to its repository; nothing reads "everything" on behalf of a request.
 * Likewise the personal view (readLayerView): every read that returns layer properties passes it down.
 */
import type { Request } from 'express';
import { AppError } from '../../errors.ts';
import { CITY_CODE } from '../../protocol/geo.ts';
import { layerView, type LayerView } from '../../auth/personal-view.ts';

export const readScope = (req: Pick<Request, 'principal'>): string => req.principal?.adminCode ?? CITY_CODE;

/** How the request receives personal layer properties (masking.ts LAYER_PERSONAL): masked unless personal:read. */
export const readLayerView = (req: Pick<Request, 'principal'>): LayerView => layerView(req.principal);

/** A write that would place something outside the caller's jurisdiction (reads answer 404 instead). */
export const outOfJurisdiction = (what: string) =>
  new AppError(403, 'OUT_OF_JURISDICTION', `${what} lies outside your jurisdiction`);
