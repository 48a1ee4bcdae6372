/**
 * The one owner of the live socket (socket.io namespace /live). Snapshot then deltas: it subscribes with
 * the last applied seq on every (re)connect, so a reconnect resumes where it stopped. Where a stream starts
 * anew — the first subscribe (no `since`) or a `resync` answer (our seq is older than the retained log) —
 * it reports the seq the stream starts at through `onStreamStart`, and the app checks (and reloads) its
 * snapshots against it (never the page). Changes go through the batcher, so React sees at most one update
 * per tick. Credentials: the session cookie goes with the handshake by itself (same origin); a wall
 * display's token is sent as `auth: { token }`. A handshake the server refuses (connect_error
 * UNAUTHENTICATED / INVALID_TOKEN) is not retried: it is reported through `onUnauthorized`, and the app
 * connects again after the next sign-in. A socket the server ends (logout, revocation, a changed role)
 * connects once more, so that the handshake says which.
 *
 * What it subscribes to is the view (`LiveView`: layers, admin area), given at the start and replaced by
 * `update(view)`: the same socket subscribes again with `since: lastSeq` (the server swaps the subscription
 * and sends the new one's changes above lastSeq), one subscribe in flight at a time (a view that changes
 * meanwhile goes out after its ack). After every accepted subscribe, `onSubscribed` names the view the stream
 * now follows and the ack's seq; a layer or area new in it needs its data reloaded (the changes of a
 * newly added layer at or below lastSeq were never sent). A view with no layers is not sent (the protocol
 * needs one): the last layers stay subscribed (in the view's area) until a layer is shown again.
 *
 * Events used (server/protocol/live.ts): client → server `subscribe` { layers, since?, admin? } with ack
 * SubscribeAck; server → client `change` LiveChange and `changes` LiveChange[].
 */
import { io } from 'socket.io-client';
import type { LiveChange, SubscribeAck, SubscribeRequest } from '../../../server/protocol/live.ts';
import { LIVE_LAYERS, LIVE_NAMESPACE } from '../../../server/protocol/live.ts';
import { createBatcher } from '../state/live-batcher.ts';

export type LiveStatus = 'connecting' | 'live' | 'reconnecting' | 'offline';

export interface LiveHandlers {
  onChanges(changes: LiveChange[]): void;
  onStatus(status: LiveStatus, seq: number | null): void;
  /**
   * The stream starts anew at `seq` (changes above it follow): on the first subscribe (`first`) and when the
   * server could not resume from our seq (`resync`: reload snapshots and tiles). Not called on a resume.
   */
  onStreamStart(seq: number, reason: 'first' | 'resync'): void;
  /**
   * The server accepted a subscribe to `view` (on every (re)connect and after `update`), after
   * `onStreamStart` when the stream starts anew. `seq` is the ack's: data read now is at least that new.
   */
  onSubscribed?(view: LiveView, seq: number): void;
  /** The server refused the handshake: the session ended or the token was revoked. */
  onUnauthorized?(reason: string): void;
}

export interface LiveAuth {
  /** A wall display's API token; null with a session cookie. */
  token: string | null;
}

/** Handshake refusals that mean "sign in again" (the server's middleware error messages). */
export const AUTH_ERRORS = new Set(['UNAUTHENTICATED', 'INVALID_TOKEN', 'UNAUTHORIZED']);

/** What the stream follows: the live layers (at least one) and, optionally, an admin unit (6/9/12 digits). */
export type LiveView = Pick<SubscribeRequest, 'layers' | 'admin'>;

/** Every live layer, city-wide (the default view). */
export const ALL_LIVE: LiveView = { layers: [...LIVE_LAYERS] };

export function sameView(a: LiveView, b: LiveView): boolean {
  return a.admin === b.admin && a.layers.length === b.layers.length && a.layers.every((l) => b.layers.includes(l));
}

export interface LiveConnection {
  /** Follow another view: subscribes again on the same socket, resuming at the last applied seq. */
  update(view: LiveView): void;
  close(): void;
}

/** The part of a socket.io client socket this module uses (tests may hand in their own). */
export interface LiveSocket {
  readonly active: boolean;
  readonly connected: boolean;
  on(event: 'connect', fn: () => void): unknown;
  on(event: 'disconnect', fn: (reason: string) => void): unknown;
  on(event: 'connect_error', fn: (err: Error) => void): unknown;
  on(event: 'change', fn: (c: LiveChange) => void): unknown;
  on(event: 'changes', fn: (cs: LiveChange[]) => void): unknown;
  emit(event: 'subscribe', request: SubscribeRequest, ack: (answer: SubscribeAck) => void): unknown;
  readonly io: { on(event: 'reconnect_attempt', fn: () => void): unknown };
  connect(): unknown;
  close(): unknown;
}

export interface LiveOptions {
  /** Prefix of the socket URL ('' = this page's origin). */
  base?: string;
  /** Opens the socket (default: socket.io-client over websocket). */
  open?: (url: string, auth: LiveAuth) => LiveSocket;
  /** How long changes are batched before they reach the handlers (ms). */
  batchMs?: number;
  /** The view to subscribe to first (default: every live layer, city-wide). */
  view?: LiveView;
}

function openSocketIo(url: string, auth: LiveAuth): LiveSocket {
  return io(url, {
    transports: ['websocket'],
    reconnectionDelayMax: 5000,
    ...(auth.token ? { auth: { token: auth.token } } : {}),
  }) as unknown as LiveSocket;
}

export function connectLive(handlers: LiveHandlers, auth: LiveAuth = { token: null }, opts: LiveOptions = {}): LiveConnection {
  const socket = (opts.open ?? openSocketIo)(`${opts.base ?? ''}${LIVE_NAMESPACE}`, auth);
  const batchMs = opts.batchMs ?? 200;
  let lastSeq: number | null = null;
  const batcher = createBatcher(
    (batch) => {
      const last = batch[batch.length - 1];
      if (last && (lastSeq === null || last.seq > lastSeq)) lastSeq = last.seq;
      handlers.onChanges(batch);
    },
    (fn) => setTimeout(fn, batchMs),
  );
  const accept = (changes: readonly LiveChange[]) => batcher.push(lastSeq === null ? changes : changes.filter((c) => c.seq > lastSeq!));

  /** The view wanted; `sent` = the one the subscribe in flight asks for (null: none in flight). */
  let view: LiveView = opts.view ?? ALL_LIVE;
  /** The last layers wanted: a view without one keeps following them (the protocol needs a layer). */
  let kept: LiveView['layers'] = view.layers.length ? view.layers : ALL_LIVE.layers;
  const wanted = (): LiveView => (view.layers.length ? view : { ...view, layers: kept });
  let sent: LiveView | null = null;
  /** The view the current subscription follows (null: not subscribed on this connection yet). */
  let following: LiveView | null = null;
  /** Counts connections: an ack from an earlier one is ignored. */
  let connection = 0;

  const subscribe = () => {
    if (sent || !socket.connected) return;
    // Changes still in the batcher are applied before the resume point is chosen.
    batcher.flush();
    const asked = wanted();
    const at = connection;
    sent = asked;
    const request: SubscribeRequest = { layers: [...asked.layers], ...(asked.admin ? { admin: asked.admin } : {}), ...(lastSeq === null ? {} : { since: lastSeq }) };
    socket.emit('subscribe', request, (ack: SubscribeAck) => {
      if (at !== connection) return;
      sent = null;
      if ('error' in ack) {
        // A refused change of view leaves the subscription it would have replaced in place (still live).
        if (following === null) handlers.onStatus('offline', lastSeq);
        else console.warn('[live] subscribe refused', ack.error.code, ack.error.message);
        if (following !== null && !sameView(wanted(), asked)) subscribe();
        return;
      }
      const first = lastSeq === null;
      if (first || ack.resync) lastSeq = ack.seq;
      if (first || ack.resync) handlers.onStreamStart(ack.seq, first ? 'first' : 'resync');
      following = asked;
      handlers.onSubscribed?.(asked, ack.seq);
      handlers.onStatus('live', lastSeq);
      if (!sameView(wanted(), asked)) subscribe();
    });
  };

  socket.on('connect', () => {
    connection += 1;
    sent = null;
    following = null;
    subscribe();
  });
  socket.on('change', (c) => accept([c]));
  socket.on('changes', (cs) => accept(cs));
  socket.on('disconnect', (reason) => {
    handlers.onStatus('reconnecting', lastSeq);
    // The server ended the socket because its credential ended or changed (socket.io does not retry that by
    // itself): connect again, and the handshake tells — refused (onUnauthorized) or a new grant.
    if (reason === 'io server disconnect') socket.connect();
  });
  socket.on('connect_error', (err: Error) => {
    // A middleware refusal leaves the socket inactive (socket.io does not retry it); transport errors retry.
    if (socket.active) return;
    handlers.onStatus('offline', lastSeq);
    if (AUTH_ERRORS.has(err.message)) handlers.onUnauthorized?.(err.message);
  });
  socket.io.on('reconnect_attempt', () => handlers.onStatus('reconnecting', lastSeq));
  handlers.onStatus('connecting', null);

  return {
    update(next) {
      view = next;
      if (next.layers.length) kept = next.layers;
      if (!sent && !(following && sameView(following, wanted()))) subscribe();
    },
    close() {
      batcher.flush();
      socket.close();
    },
  };
}
