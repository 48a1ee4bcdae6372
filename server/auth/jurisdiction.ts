/**
 * Jurisdiction: a principal sees only what lies inside its admin unit. Pure.
 *
 * Admin codes nest by prefix (GB/T 2260 + statistical division codes): city 410500 › district 410502 ›
 * street 410502001 › community 410502001001 › grid 410502001001001. A city code (ddddd00) covers every
 * code that starts with its first four digits; any other code covers the codes that start with it.
 */
import { hasPermission, type Permission } from './permissions.ts';
import type { Principal } from './principal.ts';

export const ADMIN_CODE = /^[0-9]{6}([0-9]{3}([0-9]{3})?)?$/;
const ANY_CODE = /^[0-9]{6}([0-9]{3}([0-9]{3}([0-9]{3})?)?)?$/;

/** The prefix a scope covers: 410500 → "4105", 410502 → "410502", 410502001 → "410502001". */
export function scopePrefix(adminCode: string): string {
  if (!ADMIN_CODE.test(adminCode)) throw new Error(`Not an admin code: ${adminCode}`);
  if (adminCode.length === 6 && adminCode.endsWith('0000')) return adminCode.slice(0, 2);
  if (adminCode.length === 6 && adminCode.endsWith('00')) return adminCode.slice(0, 4);
  return adminCode;
}

/** The most specific admin code of a feature (its grid, else community, street, district). */
export function mostSpecificCode(codes: readonly (string | null | undefined)[]): string | null {
  let best: string | null = null;
  for (const c of codes) {
    if (typeof c === 'string' && ANY_CODE.test(c) && (best === null || c.length > best.length)) best = c;
  }
  return best;
}

/**
 * Whether a feature with these admin codes (any of district_code, street_code, community_code, grid_code)
 * lies inside the scope. A feature known only at a coarser level than the scope (a district-only incident
 * for a street user) is outside; a feature without any code is outside every scope.
 */
export function withinScope(scope: string, featureAdminCodes: readonly (string | null | undefined)[]): boolean {
  const code = mostSpecificCode(featureAdminCodes);
  return code !== null && ADMIN_CODE.test(scope) && code.startsWith(scopePrefix(scope));
}

/** One scope inside another (a district admin may only hand out scopes inside the district). */
export function scopeContains(outer: string, inner: string): boolean {
  return withinScope(outer, [inner]);
}

/** The role may do this AND the feature lies inside the principal's jurisdiction. Deny by default. */
export function canAccess(
  principal: Principal | undefined,
  permission: Permission,
  featureAdminCodes: readonly (string | null | undefined)[],
): boolean {
  return principal !== undefined && hasPermission(principal.role, permission) && withinScope(principal.adminCode, featureAdminCodes);
}

export type ScopeColumn = 'district_code' | 'street_code' | 'community_code';

/**
 * How a repository restricts a list to the principal's jurisdiction in SQL:
 * `WHERE <column> LIKE $n` with the parameter `pattern` (digits only, so no LIKE escaping is needed).
 */
export function jurisdictionFilter(adminCode: string): { column: ScopeColumn; pattern: string } {
  const prefix = scopePrefix(adminCode);
  const column: ScopeColumn = prefix.length <= 6 ? 'district_code' : prefix.length === 9 ? 'street_code' : 'community_code';
  return { column, pattern: `${prefix}%` };
}
