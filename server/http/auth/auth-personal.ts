/**
 * Personal data on the way out (Art. 10). Every handler that returns tenant/landlord identities, phone
 * numbers, ID numbers or parties to disputes passes them through revealPersonal:
 *   - roles with personal:read get them in full, and the view is audited (personal.read, with the subject);
 *   - roles with personal:masked get them masked (张*, 138****5678, 410502********1234);
 *   - everyone else (viewer, wall, anonymous) gets undefined: leave the key out of the payload.
 * The subject must already have passed the jurisdiction check (canAccess) for the feature it belongs to.
 */
import type { Request } from 'express';
import { appendAudit } from '../../db/auth/audit-repository.ts';
import { applyPersonalView, personalView, type PersonalView } from '../../auth/personal-view.ts';
import type { AuthContext } from '../../auth/services/auth-context.ts';
import { auditEntry } from './auth-common.ts';

export interface PersonalSubject {
  /** The collection or table, e.g. "rental-housing", "incident-parties". */
  type: string;
  id: string;
}

/**
 * `at most` narrows the view below what the role allows (an endpoint that masks by default asks for 'masked'
 * unless the caller explicitly wants it in full); it never widens it.
 */
export async function revealPersonal<T>(
  ctx: Pick<AuthContext, 'db'>,
  req: Request,
  subject: PersonalSubject,
  personal: T,
  atMost: PersonalView = 'full',
): Promise<T | undefined> {
  const allowed = personalView(req.principal);
  const view = RANK[atMost] < RANK[allowed] ? atMost : allowed;
  if (view === 'full') {
    // Audited before it leaves: if the audit cannot be written, the data is not sent.
    await appendAudit(ctx.db, auditEntry(req, 'personal.read', subject, 'ok', { view }));
  }
  return applyPersonalView(view, personal);
}

const RANK: Record<PersonalView, number> = { none: 0, masked: 1, full: 2 };
