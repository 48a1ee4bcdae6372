/**
 * API tokens for tests that talk to the real app: every data route needs a principal now (deny by default),
 * so a test issues itself a token of the role and jurisdiction it plays and sends `Authorization: Bearer`.
 * The token is written straight into api_tokens (as POST /api/auth/tokens would), so no admin login is needed.
 */
import type { Queryable } from '../../server/db/core/database.ts';
import type { Role } from '../../server/auth/permissions.ts';
import { issueToken } from '../../server/db/auth/tokens-repository.ts';

/** Issues a token (default: a city-wide dispatcher, who may read every layer and write incidents and units). */
export async function issueTestToken(db: Queryable, role: Exclude<Role, 'admin'> = 'dispatcher', scope = '410500'): Promise<string> {
  return (await issueToken(db, { name: `test ${role} ${scope}`, role, scope, createdBy: null, expiresAt: null })).token;
}

/** Headers for a Bearer token. */
export const bearer = (token: string): Record<string, string> => ({ authorization: `Bearer ${token}` });

/** fetch with the token: `const get = authedFetch(token); await get(url)`. */
export function authedFetch(token: string): typeof fetch {
  return (input, init = {}) => fetch(input, { ...init, headers: { ...bearer(token), ...(init.headers as Record<string, string> | undefined) } });
}
