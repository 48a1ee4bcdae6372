/**
 * The `/live` namespace: `subscribe` (docs/live.md).
 *   client → `subscribe` { layers, since?, bbox?, admin? }
 *   ack      { seq } then, when `since` was given, the missed changes (since, seq] as `changes` batches,
 *            then the live stream; { resync: true, seq } when `since` is older than the retained log;
 *            { error: { code, message } } for a bad request (BAD_REQUEST), a role that may not subscribe
 *            (FORBIDDEN), an admin unit outside the jurisdiction (OUT_OF_JURISDICTION), a credential that
 *            ended or changed since the handshake (UNAUTHENTICATED; the socket is then disconnected); the ok ack
 *            also names the applied `scope` and any `dropped` layers the role may not read.
 * The socket's principal was set at the handshake (socket-auth.ts); a socket without one never gets here.
 * Flow: validate → re-check the credential against the database → authorise (authorise.ts) → resolve the area
 * → catch up from the log → join the group.
 */
import type { Namespace, Socket } from 'socket.io';
import {
  subscribeRequestSchema,
  type LiveChange,
  type LiveClientToServerEvents,
  type LiveServerToClientEvents,
  type SubscribeAck,
} from '../protocol/live.ts';
import type { ChangeRecord } from '../db/live/changes-repository.ts';
import type { Bbox } from '../protocol/live.ts';
import type { Logger } from '../logger.ts';
import { adminCodeProperty, type Subscription } from './area-filter.ts';
import { authoriseSubscription, type Grant } from './authorise.ts';
import type { ChangeFanout } from './change-fanout.ts';
import type { SocketGuard } from './socket-auth.ts';
import type { Principal } from '../auth/principal.ts';

export type LiveNamespace = Namespace<LiveClientToServerEvents, LiveServerToClientEvents>;
type LiveSocket = Socket<LiveClientToServerEvents, LiveServerToClientEvents>;

/** The change log as the catch-up needs it. */
export interface History {
  read(after: number, limit: number, upto: number): Promise<ChangeRecord[]>;
  prunedThrough(): Promise<number>;
  head(): Promise<number>;
  adminBbox(code: string): Promise<Bbox | null>;
}

export interface LiveNamespaceDeps {
  nsp: LiveNamespace;
  fanout: ChangeFanout;
  history: History;
  /** Re-checks a socket's credential before every subscribe (socket-auth.ts). */
  guard: Pick<SocketGuard, 'verify' | 'end'>;
  /** Resolves once the feed reads the log (subscribes wait for it while the server starts). */
  started: Promise<void>;
  log: Logger;
  /** Further behind than this many changes, a client is told to resync (a snapshot is cheaper). */
  maxCatchUp: number;
  onClients?: (delta: number) => void;
}

const PAGE = 2000;
const CHUNK = 500;

export function attachLiveNamespace(deps: LiveNamespaceDeps): void {
  deps.nsp.on('connection', (socket: LiveSocket) => {
    deps.onClients?.(1);
    socket.on('disconnect', () => {
      deps.onClients?.(-1);
      if (socket.data.room) deps.fanout.leave(socket.data.room);
    });
    socket.on('subscribe', (raw, ack) => {
      const reply = typeof ack === 'function' ? ack : () => undefined;
      subscribe(deps, socket, raw, reply).catch((err: Error) => {
        deps.log.warn({ err: err.message }, 'live subscribe failed');
        reply({ error: { code: 'UNAVAILABLE', message: 'The change log cannot be read right now; retry.' } });
      });
    });
  });
}

async function subscribe(deps: LiveNamespaceDeps, socket: LiveSocket, raw: unknown, ack: (a: SubscribeAck) => void): Promise<void> {
  const parsed = subscribeRequestSchema.safeParse(raw);
  if (!parsed.success) {
    const details = parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
    return ack({ error: { code: 'BAD_REQUEST', message: 'Invalid subscribe request', details } });
  }
  if (!(await deps.guard.verify(socket))) {
    ack({ error: { code: 'UNAUTHENTICATED', message: 'Your session ended or your access changed; sign in again' } });
    return deps.guard.end(socket, 'ended before subscribe');
  }
  const decision = authoriseSubscription(socket.data.principal as Principal | undefined, parsed.data);
  if (!decision.ok) return ack({ error: { code: decision.code, message: decision.message } });
  const sub = await toSubscription(deps.history, decision.grant);
  const granted = { scope: decision.grant.scope, ...(decision.grant.dropped.length ? { dropped: decision.grant.dropped } : {}) };
  if (!sub) return ack({ error: { code: 'BAD_REQUEST', message: `Unknown admin unit: ${decision.grant.admin}` } });
  await deps.started;

  const since = parsed.data.since;
  const deliver = (answer: SubscribeAck, missed: LiveChange[]) => {
    if (socket.disconnected) return;
    if (!('error' in answer)) Object.assign(answer, granted);
    if (socket.data.room) deps.fanout.leave(socket.data.room);
    socket.data.room = deps.fanout.join(sub);
    for (const room of socket.rooms) if (room.startsWith('sub:')) socket.leave(room);
    socket.join(socket.data.room);
    ack(answer);
    for (let i = 0; i < missed.length; i += CHUNK) socket.emit('changes', missed.slice(i, i + CHUNK));
  };
  if (since === undefined) return deliver({ seq: deps.fanout.flushedSeq }, []);
  await catchUp(deps, sub, since, deliver);
}

/**
 * Reads (since, flushedSeq] from the log, filtered for the subscription. When the fanout flushed
 * more meanwhile, reads that too; `deliver` runs synchronously right after the last check, so no flush
 * can fall between the catch-up and joining the live group.
 */
async function catchUp(
  deps: LiveNamespaceDeps,
  sub: Subscription,
  since: number,
  deliver: (answer: SubscribeAck, missed: LiveChange[]) => void,
): Promise<void> {
  let upto = deps.fanout.flushedSeq;
  const resync = () => deliver({ resync: true, seq: deps.fanout.flushedSeq }, []);
  if (since < (await deps.history.prunedThrough())) return resync();
  // A client ahead of the whole log saw a database that has since been restored: start over.
  if (since > upto && since > (await deps.history.head())) return resync();
  const missed: LiveChange[] = [];
  let from = since;
  for (;;) {
    if (upto - since > deps.maxCatchUp) return resync();
    const page = from < upto ? await deps.history.read(from, PAGE, upto) : [];
    missed.push(...deps.fanout.projectFor(sub, page));
    if (page.length === PAGE) {
      from = page[PAGE - 1]!.seq;
      continue;
    }
    const now = deps.fanout.flushedSeq;
    if (now === upto) return deliver({ seq: Math.max(upto, since) }, missed);
    from = Math.max(from, upto);
    upto = now;
  }
}

async function toSubscription(history: History, grant: Grant): Promise<Subscription | null> {
  const layers = new Set(grant.layers);
  const scope = grant.scope;
  const view = grant.view;
  if (grant.admin) {
    const bbox = await history.adminBbox(grant.admin);
    if (!bbox) return null;
    return { layers, scope, view, area: { bbox, code: { property: adminCodeProperty(grant.admin), value: grant.admin } } };
  }
  return grant.bbox ? { layers, scope, view, area: { bbox: grant.bbox as Bbox } } : { layers, scope, view };
}
