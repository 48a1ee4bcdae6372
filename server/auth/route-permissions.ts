/**
 * Which permission each HTTP route needs: one table, deny by default. Pure.
 * The table is matched against the canonical, decoded path (server/auth/route-path.ts) — the path the routers
 * will actually run — lower-cased, as Express routes case-insensitively. The writers of the live collections
 * and the readers of each collection assert the same permissions again in their handlers
 * (writePermissionOf / readPermissionOf), so a path that slipped past the table would still be refused.
 * `public` routes answer everyone (liveness/readiness, the client's config, the sign-in shell and static
 * basemap assets) and never cost the database more than a constant; `self` routes
 * check their own permissions (the auth router). Any route not matched here is refused (403) once
 * enforcement is switched on: a new router must add its line here.
 */
import type { Permission } from './permissions.ts';

export type RouteRule = { methods: 'read' | 'write'; path: RegExp; need: Permission | 'public' | 'self' };

const ITEM_WRITES: Readonly<Record<string, Permission>> = {
  incidents: 'incidents:write',
  units: 'dispatch:write',
  'fire-hazards': 'hazards:write',
  'rental-housing': 'hazards:write',
  cameras: 'assets:write',
  checkpoints: 'assets:write',
  grids: 'assets:write',
};

/** The permission a write to a live collection needs; null for a collection nobody may write. */
export function writePermissionOf(collection: string): Permission | null {
  return Object.hasOwn(ITEM_WRITES, collection) ? ITEM_WRITES[collection]! : null;
}

/** The permission reading a collection's features (items, tiles) needs. */
export function readPermissionOf(collection: string): Permission {
  return collection === 'incidents' ? 'incidents:read' : 'layers:read';
}

export const ROUTE_RULES: readonly RouteRule[] = [
  { methods: 'read', path: /^\/api\/health$/, need: 'public' },
  // Operational figures (Prometheus text, the live feed's figures): operators only, or METRICS_PORT.
  { methods: 'read', path: /^\/metrics$/, need: 'metrics:read' },
  { methods: 'read', path: /^\/api\/health\/details$/, need: 'metrics:read' },
  // Features per layer inside the caller's jurisdiction (incidents only with incidents:read, decided there).
  { methods: 'read', path: /^\/api\/counts$/, need: 'layers:read' },
  { methods: 'read', path: /^\/api\/client-config$/, need: 'public' },
  { methods: 'read', path: /^\/glyphs\//, need: 'public' },
  { methods: 'read', path: /^\/api\/(auth|users|audit)(\/|$)/, need: 'self' },
  { methods: 'write', path: /^\/api\/(auth|users|audit)(\/|$)/, need: 'self' },
  // Incident transitions: the handler also checks the action's own permission (dispatch:write for DISPATCH …).
  { methods: 'write', path: /^\/api\/incidents\/[^/]+\/transitions$/, need: 'incidents:write' },
  // Dispatch (server/http/dispatch/dispatch.ts): report, queue, card, assignments, recommendations, context, unit status.
  { methods: 'write', path: /^\/api\/incidents$/, need: 'incidents:write' },
  { methods: 'write', path: /^\/api\/incidents\/[^/]+\/assignments(\/[^/]+)?$/, need: 'dispatch:write' },
  { methods: 'write', path: /^\/api\/units\/[^/]+\/status$/, need: 'incidents:write' },
  { methods: 'read', path: /^\/api\/dispatch\/queue$/, need: 'incidents:read' },
  { methods: 'read', path: /^\/api\/incidents\/[^/]+(\/(recommendations|context))?$/, need: 'incidents:read' },
  { methods: 'read', path: /^\/ogc\/collections\/incidents\/items(\/|$)/, need: 'incidents:read' },
  { methods: 'read', path: /^\/ogc(\/|$)/, need: 'layers:read' },
  { methods: 'read', path: /^\/tiles\/incidents\//, need: 'incidents:read' },
  { methods: 'read', path: /^\/tiles(\/|$)/, need: 'layers:read' },
  { methods: 'read', path: /^\/api\/(search|admin-units)(\/|$)/, need: 'layers:read' },
  { methods: 'read', path: /^\/api\/(stats|kpi|analysis)(\/|$)/, need: 'analysis:read' },
  // Analysis (issue 12): an on-demand grading writes grades; warnings are acknowledged and lifted by a person.
  { methods: 'write', path: /^\/api\/analysis\/risk\/recompute$/, need: 'analysis:run' },
  { methods: 'write', path: /^\/api\/warnings\/[^/]+\/transitions$/, need: 'warnings:write' },
  // The big screen's figures (GET /api/kpis, the wall): scoped to the jurisdiction by the handler.
  { methods: 'read', path: /^\/api\/kpis$/, need: 'analysis:read' },
  // Personal data: masked for personal:masked, in full (?full=true) for personal:read — the handler decides.
  { methods: 'read', path: /^\/api\/personal\//, need: 'personal:masked' },
  // The client's shell and assets (index.html, JS, CSS, sprites) carry no data.
  { methods: 'read', path: /^\/(?!api(\/|$)|ogc(\/|$)|tiles(\/|$)|metrics$)/, need: 'public' },
];

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The permission a request needs; null when no rule matches (refuse). `decodedPath` is the canonical decoded
 * path (canonicalPath(...).decoded), never the raw URL.
 */
export function routePermission(method: string, decodedPath: string): Permission | 'public' | 'self' | null {
  const path = decodedPath.toLowerCase();
  const kind = READS.has(method.toUpperCase()) ? 'read' : 'write';
  if (kind === 'write') {
    const m = /^\/ogc\/collections\/([^/]+)\/items(\/|$)/.exec(path);
    // A collection nobody may write (read-only or unknown): any signed-in reader learns that from the write
    // router (405 READ_ONLY_COLLECTION / 404), which refuses it before touching data; anonymous callers get 401.
    if (m) return writePermissionOf(m[1]!) ?? 'layers:read';
  }
  return ROUTE_RULES.find((r) => r.methods === kind && r.path.test(path))?.need ?? null;
}
