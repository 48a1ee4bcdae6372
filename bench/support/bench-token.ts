/**
 * An API token for benchmarks that talk to the real app (every data route and the /live handshake need a
 * principal once auth is on): written straight into api_tokens, as POST /api/auth/tokens would, the same
 * way test/support/test-tokens.ts does for tests. Sent from the start, so a bench works before and after
 * enforcement is switched on.
 */
import type { Queryable } from '../../server/db/core/database.ts';
import type { Role } from '../../server/auth/permissions.ts';
import { issueToken } from '../../server/db/auth/tokens-repository.ts';

/** A city-wide dispatcher by default (reads every live layer of the whole city). */
export async function issueBenchToken(db: Queryable, role: Exclude<Role, 'admin'> = 'dispatcher', scope = '410500'): Promise<string> {
  return (await issueToken(db, { name: `bench ${role} ${scope}`, role, scope, createdBy: null, expiresAt: null })).token;
}
