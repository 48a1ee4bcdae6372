/**
 * API tokens for machine clients (QGIS, GDAL, other city systems), wall displays (role wall) and metrics
 * scrapers (role monitor: metrics:read only). Admin only
 * (permission tokens:admin), and only inside the admin's own jurisdiction.
 *   POST   /api/auth/tokens { name, role, scope: <admin code>, expiresInDays? } → 201 { token, id, name, role,
 *          roleLabel, scope, hint, expiresAt }. The token is shown once; send it as `Authorization: Bearer <token>`.
 *          400 INVALID_BODY / INVALID_ROLE (admin tokens do not exist) / UNKNOWN_ADMIN_UNIT, 403 OUT_OF_JURISDICTION.
 *   GET    /api/auth/tokens → 200 { tokens: [{ id, name, hint, role, roleLabel, scope, createdBy, createdAt,
 *          expiresAt, lastUsedAt, revokedAt }] } (never the token itself).
 *   DELETE /api/auth/tokens/{id} → 204 (revoking twice is fine); 404 NOT_FOUND (no such token, or one outside
 *          your jurisdiction).
 */
import type { Request, Response } from 'express';
import { z } from 'zod';
import { badRequest, notFound } from '../../errors.ts';
import { outOfJurisdiction } from './auth-scope.ts';
import { ADMIN_CODE, jurisdictionFilter, scopeContains } from '../../auth/jurisdiction.ts';
import { ROLE_LABELS, TOKEN_ROLES } from '../../auth/permissions.ts';
import { appendAuditTx } from '../../db/auth/audit-repository.ts';
import { findToken, issueToken, listTokens, revokeToken, type ApiToken } from '../../db/auth/tokens-repository.ts';
import { adminUnitName } from '../../db/auth/users-repository.ts';
import type { AuthContext } from '../../auth/services/auth-context.ts';
import { auditEntry, idParam, parseBody } from './auth-common.ts';
import { unauthenticated } from './auth-middleware.ts';

const TokenBody = z.strictObject({
  name: z.string().trim().min(1).max(100),
  role: z.string().trim().toLowerCase().max(40),
  scope: z.string().regex(ADMIN_CODE, 'an admin code of 6, 9 or 12 digits'),
  expiresInDays: z.number().int().min(1).max(3650).optional(),
});


/** Checks that an admin may hand out this scope: inside their own, and a real admin unit. */
export async function assertAssignableScope(ctx: AuthContext, req: Request, code: string): Promise<string> {
  if (!req.principal) throw unauthenticated();
  if (!scopeContains(req.principal.adminCode, code)) throw outOfJurisdiction(`Admin unit ${code}`);
  const name = await adminUnitName(ctx.db, code);
  if (name === null) throw badRequest('UNKNOWN_ADMIN_UNIT', `No admin unit ${code}`, { code });
  return name;
}

function publicToken(t: ApiToken) {
  return {
    id: t.id,
    name: t.name,
    hint: t.hint,
    role: t.role,
    roleLabel: ROLE_LABELS[t.role],
    scope: t.scope,
    createdBy: t.createdBy,
    createdAt: t.createdAt,
    expiresAt: t.expiresAt,
    lastUsedAt: t.lastUsedAt,
    revokedAt: t.revokedAt,
  };
}

export function tokenHandlers(ctx: AuthContext) {
  async function create(req: Request, res: Response): Promise<void> {
    const body = parseBody(TokenBody, req.body);
    const role = TOKEN_ROLES.find((r) => r === body.role);
    if (!role) throw badRequest('INVALID_ROLE', `A token's role is one of ${TOKEN_ROLES.join(', ')}`, { role: body.role });
    await assertAssignableScope(ctx, req, body.scope);
    const expiresAt = body.expiresInDays ? new Date(Date.now() + body.expiresInDays * 86_400_000) : null;
    const createdBy = req.principal?.kind === 'user' ? req.principal.id : null;
    const { token, saved } = await ctx.db.transaction(async (tx) => {
      const issued = await issueToken(tx, { name: body.name, role, scope: body.scope, createdBy, expiresAt });
      const t = issued.saved;
      await appendAuditTx(tx, auditEntry(req, 'token.create', { type: 'token', id: t.id }, 'ok', { name: t.name, role, scope: t.scope }));
      return issued;
    });
    res.status(201).set('Cache-Control', 'no-store').json({ token, ...publicToken(saved) });
  }

  async function list(req: Request, res: Response): Promise<void> {
    if (!req.principal) throw unauthenticated();
    const tokens = await listTokens(ctx.db, jurisdictionFilter(req.principal.adminCode).pattern);
    res.set('Cache-Control', 'no-store').json({ tokens: tokens.map(publicToken) });
  }

  async function revoke(req: Request, res: Response): Promise<void> {
    if (!req.principal) throw unauthenticated();
    const id = idParam(req);
    const existing = await findToken(ctx.db, id);
    // A token outside the jurisdiction answers as one that does not exist (the two are not told apart).
    if (!existing || !scopeContains(req.principal.adminCode, existing.scope)) throw notFound('NOT_FOUND', `No token ${id}`);
    const by = req.principal.kind === 'user' ? req.principal.id : null;
    await ctx.db.transaction(async (tx) => {
      const t = await revokeToken(tx, id, by);
      await appendAuditTx(tx, auditEntry(req, 'token.revoke', { type: 'token', id }, 'ok', { name: t?.name, alreadyRevoked: existing.revokedAt !== null }));
    });
    res.status(204).end();
  }

  return { create, list, revoke };
}
