/**
 * Who is asking: a user (session cookie) or an API token (Authorization: Bearer). Pure types and helpers.
 */
import { hasPermission, type Permission, type Role } from './permissions.ts';

export interface Principal {
  kind: 'user' | 'token';
  /** Numeric id of the user or the token, as a string. */
  id: string;
  /** The username, or the token's name. */
  name: string;
  role: Role;
  /** Jurisdiction: the admin unit the principal is responsible for (410500 = the whole city). */
  adminCode: string;
}

/** The audit "who" of a principal (or an anonymous caller). */
export function actorOf(p: Principal | undefined): { kind: 'user' | 'token' | 'anonymous'; id: string | null; name: string | null; role: string | null } {
  return p ? { kind: p.kind, id: p.id, name: p.name, role: p.role } : { kind: 'anonymous', id: null, name: null, role: null };
}

export function can(p: Principal | undefined, permission: Permission): boolean {
  return p !== undefined && hasPermission(p.role, permission);
}
