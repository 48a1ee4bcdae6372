/**
 * The one authorisation point of the live feed: which layers and which area a socket may receive.
 * Accounts come next: this is where the socket's JWT/cookie (handshake) will narrow the grant by role
 * and jurisdiction (e.g. a street office only sees its street). Today every client may see every live
 * layer of the whole city, which matches the read API.
 */
import type { SubscribeRequest } from '../protocol/live.ts';

export interface Handshake {
  headers: Record<string, string | string[] | undefined>;
  auth: Record<string, unknown>;
}

export interface Grant {
  layers: string[];
  bbox?: SubscribeRequest['bbox'];
  admin?: string;
}

export type Decision = { ok: true; grant: Grant } | { ok: false; message: string };

export function authoriseSubscription(_handshake: Handshake, request: SubscribeRequest): Decision {
  return { ok: true, grant: { layers: [...new Set(request.layers)], bbox: request.bbox, admin: request.admin } };
}
