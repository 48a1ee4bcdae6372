/**
 * Which permission each HTTP route needs: one table, deny by default. Pure.
 * `public` routes answer everyone (health, the client's config and static basemap assets); `self` routes
 * check their own permissions (the auth router). Any route not matched here is refused (403) once
 * enforcement is switched on: a new router must add its line here.
 */
import type { Permission } from './permissions.ts';

export type RouteRule = { methods: 'read' | 'write'; path: RegExp; need: Permission | 'public' | 'self' };

const ITEM_WRITES: Record<string, Permission> = {
  incidents: 'incidents:write',
  units: 'dispatch:write',
  'fire-hazards': 'hazards:write',
  'rental-housing': 'hazards:write',
};

export const ROUTE_RULES: readonly RouteRule[] = [
  { methods: 'read', path: /^\/api\/health$/, need: 'public' },
  { methods: 'read', path: /^\/metrics$/, need: 'public' },
  { methods: 'read', path: /^\/api\/client-config$/, need: 'public' },
  { methods: 'read', path: /^\/glyphs\//, need: 'public' },
  { methods: 'read', path: /^\/api\/(auth|users|audit)(\/|$)/, need: 'self' },
  { methods: 'write', path: /^\/api\/(auth|users|audit)(\/|$)/, need: 'self' },
  { methods: 'read', path: /^\/ogc\/collections\/incidents\/items(\/|$)/, need: 'incidents:read' },
  { methods: 'read', path: /^\/ogc(\/|$)/, need: 'layers:read' },
  { methods: 'read', path: /^\/tiles\/incidents\//, need: 'incidents:read' },
  { methods: 'read', path: /^\/tiles(\/|$)/, need: 'layers:read' },
  { methods: 'read', path: /^\/api\/(search|admin-units)(\/|$)/, need: 'layers:read' },
  { methods: 'read', path: /^\/api\/(stats|kpi|analysis)(\/|$)/, need: 'analysis:read' },
  // The client's shell and assets (index.html, JS, CSS, sprites) carry no data.
  { methods: 'read', path: /^\/(?!api(\/|$)|ogc(\/|$)|tiles(\/|$)|metrics$)/, need: 'public' },
];

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The permission a request needs; null when no rule matches (refuse). */
export function routePermission(method: string, path: string): Permission | 'public' | 'self' | null {
  const kind = READS.has(method.toUpperCase()) ? 'read' : 'write';
  if (kind === 'write') {
    const m = /^\/ogc\/collections\/([a-z-]+)\/items(\/|$)/.exec(path);
    if (m) return ITEM_WRITES[m[1]!] ?? null;
  }
  return ROUTE_RULES.find((r) => r.methods === kind && r.path.test(path))?.need ?? null;
}
