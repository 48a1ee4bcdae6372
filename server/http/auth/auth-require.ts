/**
 * requirePermission(req, permission): a handler's own check of the permission its action needs, on the
 * collection and action it resolved — defence in depth behind the route table (enforceRoutes). Every write
 * handler calls it before it touches data, so no spelling of a path that slipped past the table reaches a
 * write with fewer rights than the canonical path. Throws 401 UNAUTHENTICATED without a principal (unless the
 * deployment made the permission public, PUBLIC_PERMISSIONS), 403 FORBIDDEN when the role lacks it.
 */
import type { Request } from 'express';
import { hasPermission, type Permission } from '../../auth/permissions.ts';
import { forbidden, unauthenticated } from './auth-middleware.ts';

export function requirePermission(req: Request, permission: Permission): void {
  if (!req.principal) {
    if (req.publicPermissions?.includes(permission)) return;
    throw unauthenticated();
  }
  if (!hasPermission(req.principal.role, permission)) throw forbidden(`Your role (${req.principal.role}) lacks the permission ${permission}`);
}
