/** Small helpers shared by the auth routers: body validation, ids, the audit "from where", audit entries. */
import type { Request } from 'express';
import type { z } from 'zod';
import { AppError, badRequest } from '../../errors.ts';
import { actorOf } from '../../auth/principal.ts';
import type { AuditEntry, AuditOutcome } from '../../auth/audit-chain.ts';

/** Parses a JSON body with a zod schema; a 400 INVALID_BODY lists each problem by path. */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
  if (body === undefined || body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw badRequest('INVALID_BODY', 'Expected a JSON object body (Content-Type: application/json)');
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const details = parsed.error.issues.slice(0, 20).map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
    throw badRequest('INVALID_BODY', 'The request body is not valid', details);
  }
  return parsed.data;
}

const ID = /^[1-9][0-9]{0,17}$/;

/** A numeric id from the path; 404 for anything else (it cannot name a row). */
export function idParam(req: Request, name = 'id'): string {
  const id = String(req.params[name] ?? '');
  if (!ID.test(id)) throw new AppError(404, 'NOT_FOUND', `No such ${name}: ${id.slice(0, 40)}`);
  return id;
}

export function clientIp(req: Request): string | null {
  return req.ip ?? req.socket.remoteAddress ?? null;
}

export function userAgent(req: Request): string | null {
  const ua = req.headers['user-agent'];
  return typeof ua === 'string' ? ua : null;
}

/** An audit entry for this request: the principal (if any), the action, its target and outcome. */
export function auditEntry(
  req: Request,
  action: string,
  target: { type: string; id: string | null } | null,
  outcome: AuditOutcome,
  details: Record<string, unknown> = {},
): AuditEntry {
  const actor = actorOf(req.principal);
  return {
    actorKind: actor.kind,
    actorId: actor.id,
    actorName: actor.name,
    actorRole: actor.role,
    action,
    targetType: target?.type ?? null,
    targetId: target?.id ?? null,
    outcome,
    ip: clientIp(req),
    userAgent: userAgent(req),
    details,
  };
}
