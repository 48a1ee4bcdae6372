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

export type ScopeColumn = 'district_code' | 'street_code' | 'community_code';

/** A feature's admin codes by level, as its row holds them (null where the row has no code at that level). */
export type AdminCodes = Readonly<Record<ScopeColumn, string | null>>;

const LEVEL_LENGTH: Readonly<Record<ScopeColumn, number>> = { district_code: 6, street_code: 9, community_code: 12 };

/** The level a scope is decided at: the column whose code the scope's prefix is matched against. */
export function scopeColumn(adminCode: string): ScopeColumn {
  const prefix = scopePrefix(adminCode);
  return prefix.length <= 6 ? 'district_code' : prefix.length === 9 ? 'street_code' : 'community_code';
}

/**
 * THE jurisdiction rule (docs/security.md "Jurisdiction"): a feature lies inside a scope when its code at the
 * scope's level (district_code for the city or a district, street_code for a street, community_code for a
 * community) starts with the scope's prefix. A feature without a code at that level (a district-only incident
 * for a street user) is outside. Its SQL form is scopeWhere (server/db/features/features-sql.ts); the write path
 * derives every written feature's codes from its geometry (server/db/features/admin-codes.ts) and migration 031
 * makes codes nest (community › street › district), so "the code at the scope's level" and "the most specific
 * code" name the same unit for every stored row.
 */
export function inJurisdiction(scope: string, codes: AdminCodes): boolean {
  if (!ADMIN_CODE.test(scope)) return false;
  const code = codes[scopeColumn(scope)];
  return typeof code === 'string' && ANY_CODE.test(code) && code.startsWith(scopePrefix(scope));
}

/**
 * Admin codes by level from a loose list (a unit's own code, or a row's codes): each valid code fills the slot of
 * its length, and an empty coarser slot takes the prefix of the finest code (a street code stands for its district,
 * a grid code for its community).
 */
export function adminCodesOf(codes: readonly (string | null | undefined)[]): AdminCodes {
  const out: Record<ScopeColumn, string | null> = { district_code: null, street_code: null, community_code: null };
  for (const c of codes) {
    if (typeof c !== 'string' || !ANY_CODE.test(c)) continue;
    for (const [col, len] of Object.entries(LEVEL_LENGTH) as [ScopeColumn, number][]) if (c.length === len) out[col] = c;
  }
  const finest = mostSpecificCode(codes);
  if (finest !== null) {
    for (const [col, len] of Object.entries(LEVEL_LENGTH) as [ScopeColumn, number][]) {
      if (out[col] === null && finest.length >= len) out[col] = finest.slice(0, len);
    }
  }
  return out;
}

/** inJurisdiction over a loose list of codes (see adminCodesOf); a list without any valid code is outside every scope. */
export function withinScope(scope: string, featureAdminCodes: readonly (string | null | undefined)[]): boolean {
  return inJurisdiction(scope, adminCodesOf(featureAdminCodes));
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

/**
 * How a repository restricts a list to the principal's jurisdiction in SQL:
 * `WHERE <column> LIKE $n` with the parameter `pattern` (digits only, so no LIKE escaping is needed).
 */
export function jurisdictionFilter(adminCode: string): { column: ScopeColumn; pattern: string } {
  return { column: scopeColumn(adminCode), pattern: `${scopePrefix(adminCode)}%` };
}
