/**
 * What a live-feed subscription may carry for a principal: only layers its role may read, and only inside
 * its jurisdiction (a district user never receives another district's incidents). Pure; the live feed's
 * authoriseSubscription calls it once the handshake has a principal (docs/security.md).
 */
import { scopeContains } from './jurisdiction.ts';
import { hasPermission, type Permission } from './permissions.ts';
import type { Principal } from './principal.ts';
import { layerView, type LayerView } from './personal-view.ts';

/** The permission each live layer needs (others: layers:read). */
const LAYER_NEEDS: Readonly<Record<string, Permission>> = { incidents: 'incidents:read' };

export type LiveGrant =
  | {
      ok: true;
      layers: string[];
      /** The principal's jurisdiction: every change outside it is withheld. */
      scope: string;
      /** The admin unit asked for (inside the jurisdiction), if any: a narrower area on top of the scope. */
      admin?: string;
      dropped: string[];
      /** How personal layer properties reach this principal (masking.ts LAYER_PERSONAL): masked unless personal:read. */
      view: LayerView;
    }
  | { ok: false; code: 'UNAUTHENTICATED' | 'FORBIDDEN' | 'OUT_OF_JURISDICTION'; message: string };

export function liveGrant(principal: Principal | undefined, request: { layers: readonly string[]; admin?: string }): LiveGrant {
  if (!principal) return { ok: false, code: 'UNAUTHENTICATED', message: 'Connect with a session cookie or a token' };
  if (!hasPermission(principal.role, 'live:subscribe')) return { ok: false, code: 'FORBIDDEN', message: `The role ${principal.role} may not subscribe` };
  const admin = request.admin;
  if (admin !== undefined && !scopeContains(principal.adminCode, admin)) {
    return { ok: false, code: 'OUT_OF_JURISDICTION', message: `Admin unit ${admin} lies outside your jurisdiction ${principal.adminCode}` };
  }
  const layers = [...new Set(request.layers)];
  const allowed = layers.filter((l) => hasPermission(principal.role, LAYER_NEEDS[l] ?? 'layers:read'));
  if (allowed.length === 0) return { ok: false, code: 'FORBIDDEN', message: 'None of the requested layers is readable for your role' };
  return { ok: true, layers: allowed, scope: principal.adminCode, admin, dropped: layers.filter((l) => !allowed.includes(l)), view: layerView(principal) };
}
