/**
 * The one authorisation point of the live feed: which layers and which area a socket may receive.
 * The socket's principal comes from its handshake (session cookie or token, see socket-auth.ts); liveGrant
 * (server/auth/live-grant.ts) keeps only layers the role may read and forces everything inside the principal's
 * jurisdiction. A subscription may narrow that further with a bbox or an admin unit inside the jurisdiction.
 */
import type { SubscribeRequest } from '../protocol/live.ts';
import type { Principal } from '../auth/principal.ts';
import { liveGrant } from '../auth/live-grant.ts';
import type { LayerView } from '../auth/personal-view.ts';

export interface Grant {
  layers: string[];
  bbox?: SubscribeRequest['bbox'];
  admin?: string;
  /** The principal's jurisdiction (admin code). */
  scope: string;
  /** Requested layers the role may not read (left out; the ack names them). */
  dropped: string[];
  /** Personal layer properties in full or masked (the principal's layerView). */
  view: LayerView;
}

export type Decision = { ok: true; grant: Grant } | { ok: false; code: 'UNAUTHENTICATED' | 'FORBIDDEN' | 'OUT_OF_JURISDICTION'; message: string };

export function authoriseSubscription(principal: Principal | undefined, request: SubscribeRequest): Decision {
  const g = liveGrant(principal, { layers: request.layers, admin: request.admin });
  if (!g.ok) return g;
  return { ok: true, grant: { layers: g.layers, bbox: request.bbox, admin: g.admin, scope: g.scope, dropped: g.dropped, view: g.view } };
}
