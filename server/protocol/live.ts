/**
 * The live change feed's wire contract (docs/live.md). The server (server/realtime) and the client
 * compile against this one file. Pure TS + zod; no I/O.
 *
 * socket.io on the server's port, default path, namespace `/live`.
 *   client → server  `subscribe` { layers, since?, bbox?, admin? }  ack: SubscribeAck
 *   server → client  `change` LiveChange  |  `changes` LiveChange[]  (in `seq` order)
 *   server → client  `presence` { clients }  (cluster-wide, through the Redis adapter when configured)
 *
 * Access (docs/security.md): the handshake must carry a credential — `auth: { token }`, `Authorization: Bearer`,
 * or the session cookie (same origin only). Without one the connection is refused: `connect_error` with message
 * `UNAUTHENTICATED` (data { code }). A socket only ever receives changes inside its principal's jurisdiction
 * and of layers its role may read; a socket whose credential is revoked or changed is disconnected.
 */
import type { Feature, Geometry } from 'geojson';
import { z } from 'zod';
import { COLLECTIONS, COLLECTION_IDS, type CollectionId } from './collections.ts';

export const LIVE_NAMESPACE = '/live';

/** The layers the feed carries: the OGC collection ids whose registry entry is `live`. */
export const LIVE_LAYERS = COLLECTION_IDS.filter((id) => COLLECTIONS[id].live);
export type LiveLayer = CollectionId;

export function isLiveLayer(id: string): boolean {
  return (LIVE_LAYERS as readonly string[]).includes(id);
}

export type { Bbox } from './geo.ts';

const lng = z.number().min(-180).max(180);
const lat = z.number().min(-90).max(90);

export const subscribeRequestSchema = z
  .object({
    /** OGC collection ids; at least one. */
    layers: z
      .array(z.string().refine(isLiveLayer, { message: `must be one of: ${LIVE_LAYERS.join(', ')}` }))
      .min(1)
      .max(LIVE_LAYERS.length),
    /** The last seq the client applied; omitted on a first subscribe (the client then loads a snapshot). */
    since: z.number().int().min(0).optional(),
    /** Only changes inside this box. */
    bbox: z
      .tuple([lng, lat, lng, lat])
      .refine(([x0, y0, x1, y1]) => x0 <= x1 && y0 <= y1, { message: 'bbox must be [minLng, minLat, maxLng, maxLat]' })
      .optional(),
    /** Only changes inside this admin unit: a 6-digit district, 9-digit street or 12-digit community code. */
    admin: z
      .string()
      .regex(/^[0-9]{6}([0-9]{3}([0-9]{3})?)?$/, 'must be a 6, 9 or 12 digit admin code')
      .optional(),
  })
  .strict();

export type SubscribeRequest = z.infer<typeof subscribeRequestSchema>;

/**
 * The subscribe answer. `seq` is where the stream stands: with `since`, the changes (since, seq] follow
 * at once, then live ones. `resync` means `since` is older than the retained log: reload the layers
 * from the OGC API, then apply the stream (changes at or below your snapshot are harmless to re-apply).
 */
export type SubscribeAck =
  | ({ seq: number; resync?: false } & GrantInfo)
  | ({ seq: number; resync: true } & GrantInfo)
  | { error: { code: SubscribeErrorCode; message: string; details?: unknown } };

/** What the server granted: the jurisdiction applied, and requested layers the role may not read (left out). */
export interface GrantInfo {
  scope?: string;
  dropped?: string[];
}

export type SubscribeErrorCode = 'BAD_REQUEST' | 'UNAUTHENTICATED' | 'FORBIDDEN' | 'OUT_OF_JURISDICTION' | 'UNAVAILABLE';

export type LiveOp = 'upsert' | 'delete';

/** The GeoJSON Feature the OGC items endpoint returns for the row (id = the collection's idProperty). */
export type LiveFeature = Feature<Geometry, Record<string, unknown>> & { id: string };

export interface LiveChange {
  /** Commit order across all layers; strictly increasing on a connection. */
  seq: number;
  layer: LiveLayer;
  op: LiveOp;
  /** The feature id (the collection's idProperty). */
  id: string;
  /** The whole feature after the change (upserts); null for deletes. */
  feature: LiveFeature | null;
  /** Commit time, ISO 8601. */
  at: string;
}

export interface PresenceInfo {
  /** Live-feed clients connected to all server processes. */
  clients: number;
}

export interface LiveServerToClientEvents {
  change: (change: LiveChange) => void;
  changes: (changes: LiveChange[]) => void;
  presence: (info: PresenceInfo) => void;
}

export interface LiveClientToServerEvents {
  subscribe: (request: SubscribeRequest, ack: (answer: SubscribeAck) => void) => void;
}

/**
 * Applies changes to a client-side store idempotently: a change at or below `lastSeq` is skipped.
 * Returns the new lastSeq. Pure apart from mutating the given map (the caller's store).
 */
export function applyLiveChanges(
  store: Map<string, LiveFeature>,
  lastSeq: number,
  changes: readonly LiveChange[],
  key: (c: LiveChange) => string = (c) => `${c.layer}/${c.id}`,
): number {
  let seq = lastSeq;
  for (const c of changes) {
    if (c.seq <= seq) continue;
    if (c.op === 'delete' || !c.feature) store.delete(key(c));
    else store.set(key(c), c.feature);
    seq = c.seq;
  }
  return seq;
}
