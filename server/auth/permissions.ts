/**
 * Roles and permissions: the one table in code that every HTTP route and socket event checks.
 * Deny by default — a permission that is not listed for a role is refused. Pure data and lookups.
 *
 * Users hold one of USER_ROLES; API tokens hold one of TOKEN_ROLES (never admin: an admin credential
 * is a person with a password, not a string in a config file). `wall` is the read-only big-screen role;
 * `monitor` is a metrics scraper's token (Prometheus): operational figures only, no map data.
 */
export const PERMISSIONS = [
  'layers:read', // map layers, features, tiles (OGC API, /tiles)
  'incidents:read', // incident lists and details (without personal data)
  'incidents:write', // report, accept, transition incidents
  'dispatch:write', // dispatch and recall units
  'hazards:write', // fire hazards, rental housing inspections
  'assets:write', // the registers of cameras, checkpoints and grids (status, position, new points)
  'analysis:read', // KPIs, trends, hot spots
  'analysis:run', // start an on-demand analysis that writes results (risk grading of the grids)
  'warnings:write', // acknowledge and lift early warnings
  'live:subscribe', // the socket.io live feed
  'personal:masked', // personal data masked (张*, 138****5678)
  'personal:read', // personal data in full (every view audited)
  'users:admin', // user management
  'tokens:admin', // API and wall tokens
  'audit:read', // the audit log
  'metrics:read', // operational figures: /metrics (Prometheus), /api/health/details
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export const ROLES = ['admin', 'dispatcher', 'planner', 'grid_worker', 'viewer', 'wall', 'monitor'] as const;
export type Role = (typeof ROLES)[number];

export const USER_ROLES = ['admin', 'dispatcher', 'planner', 'grid_worker', 'viewer'] as const satisfies readonly Role[];
export const TOKEN_ROLES = ['dispatcher', 'planner', 'grid_worker', 'viewer', 'wall', 'monitor'] as const satisfies readonly Role[];

export const ROLE_LABELS: Record<Role, { zh: string; en: string }> = {
  admin: { zh: '系统管理员', en: 'Administrator' },
  dispatcher: { zh: '调度员', en: 'Dispatcher' },
  planner: { zh: '分析员', en: 'Planner' },
  grid_worker: { zh: '网格员', en: 'Grid worker' },
  viewer: { zh: '查看员', en: 'Viewer' },
  wall: { zh: '大屏展示', en: 'Wall display' },
  monitor: { zh: '运行监控', en: 'Monitoring' },
};

const READ: Permission[] = ['layers:read', 'incidents:read', 'analysis:read', 'live:subscribe'];

/** THE table. Change a role's rights here and nowhere else. */
export const ROLE_PERMISSIONS: Readonly<Record<Role, readonly Permission[]>> = {
  admin: PERMISSIONS,
  dispatcher: [...READ, 'incidents:write', 'dispatch:write', 'hazards:write', 'assets:write', 'personal:masked', 'personal:read', 'warnings:write'],
  planner: [...READ, 'personal:masked', 'analysis:run', 'warnings:write'],
  grid_worker: ['layers:read', 'incidents:read', 'live:subscribe', 'incidents:write', 'hazards:write', 'personal:masked', 'personal:read'],
  viewer: READ,
  wall: READ,
  monitor: ['metrics:read'],
};

const lookup = new Map<Role, ReadonlySet<Permission>>(ROLES.map((r) => [r, new Set(ROLE_PERMISSIONS[r])]));

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

export function isPermission(value: unknown): value is Permission {
  return typeof value === 'string' && (PERMISSIONS as readonly string[]).includes(value);
}

/** Deny by default: unknown roles and unlisted permissions are refused. */
export function hasPermission(role: string, permission: Permission): boolean {
  return isRole(role) && (lookup.get(role)?.has(permission) ?? false);
}

export function permissionsOf(role: Role): Permission[] {
  return [...ROLE_PERMISSIONS[role]];
}
