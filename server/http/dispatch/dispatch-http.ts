/**
 * Helpers the dispatch routers share: who acts (flow-log name, jurisdiction, audit entry), the incident id from
 * the path, and answering with no-store JSON.
 */
import type { Request, Response } from 'express';
import type { TransitionActor } from '../../db/incidents/incident-step.ts';
import { notFound } from '../../errors.ts';
import { isFeatureId, quotedId } from '../../protocol/feature-id.ts';
import { auditEntry } from '../auth/auth-common.ts';
import { readScope } from '../auth/auth-scope.ts';

/** The actor of a dispatch command; its audit entry is `action` on the incident. */
export function actorOf(req: Request, action: string, targetId: string, targetType = 'incidents'): TransitionActor {
  const principal = req.principal;
  return {
    id: principal?.id ?? null,
    name: principal ? `${principal.name} (${principal.role})` : 'anonymous',
    scope: readScope(req),
    audit: (details) => auditEntry(req, action, { type: targetType, id: targetId }, 'ok', details),
  };
}

/** The `{id}` of the path: an id that breaks the feature-id rule cannot name an incident (404). */
export function incidentIdOf(req: Request): string {
  const id = String(req.params.id);
  if (!isFeatureId(id)) throw notFound('NOT_FOUND', `No incident ${quotedId(id)}`);
  return id;
}

export function sendJson(res: Response, status: number, body: unknown, type = 'application/json'): void {
  res.status(status).set('Cache-Control', 'no-store').type(type).send(JSON.stringify(body));
}
