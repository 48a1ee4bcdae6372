/**
 * The audit log over HTTP, and the audit hook for other routers' writes.
 *   GET /api/audit?after=<seq>&limit=<1..500>&action=<action>&actor=<id> (permission audit:read)
 *       → 200 { entries: [{ seq, at, actorKind, actorId, actorName, actorRole, action, targetType, targetId,
 *         outcome, ip, userAgent, details, prevHash, hash }], next: <seq to pass as after> | null }
 *       400 INVALID_QUERY. Reading the log is itself recorded (audit.read).
 *
 * auditWrites(ctx): middleware that records every POST/PUT/PATCH/DELETE (who, what path, status, from where)
 * once the response is sent, unless the handler recorded a more precise entry itself (res.locals.audited).
 */
import type { Request, RequestHandler, Response } from 'express';
import { z } from 'zod';
import { badRequest } from '../../errors.ts';
import { appendAudit, listAudit } from '../../db/auth/audit-repository.ts';
import type { AuthContext } from '../../auth/services/auth-context.ts';
import { auditEntry } from './auth-common.ts';

const AuditQuery = z.strictObject({
  after: z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  action: z.string().regex(/^[a-z_.]{1,60}$/).optional(),
  actor: z.string().regex(/^[0-9]{1,18}$/).optional(),
});

export function auditHandlers(ctx: AuthContext) {
  async function list(req: Request, res: Response): Promise<void> {
    const parsed = AuditQuery.safeParse(req.query);
    if (!parsed.success) throw badRequest('INVALID_QUERY', 'Bad audit query', parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
    const q = parsed.data;
    const entries = await listAudit(ctx.db, { afterSeq: q.after, limit: q.limit, action: q.action, actorId: q.actor });
    await appendAudit(ctx.db, auditEntry(req, 'audit.read', { type: 'audit_log', id: null }, 'ok', { after: q.after ?? 0, returned: entries.length }));
    const last = entries[entries.length - 1];
    res.set('Cache-Control', 'no-store').json({ entries, next: entries.length === q.limit && last ? last.seq : null });
  }
  return { list };
}

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Records writes that no handler recorded itself. Mount after authenticate (docs/security.md). */
export function auditWrites(ctx: AuthContext): RequestHandler {
  return (req, res, next) => {
    if (!WRITES.has(req.method)) return next();
    res.on('finish', () => {
      if (res.locals.audited === true) return;
      const outcome = res.statusCode < 400 ? 'ok' : res.statusCode === 401 || res.statusCode === 403 ? 'denied' : 'failed';
      const entry = auditEntry(req, `http.${req.method.toLowerCase()}`, { type: 'route', id: req.originalUrl.split('?')[0]!.slice(0, 200) }, outcome, { status: res.statusCode });
      appendAudit(ctx.db, entry).catch((err: unknown) => ctx.log.error({ err }, 'audit append failed'));
    });
    next();
  };
}

/** Marks a response as audited by its handler (auditWrites then skips it). */
export function markAudited(res: Response): void {
  res.locals.audited = true;
}
