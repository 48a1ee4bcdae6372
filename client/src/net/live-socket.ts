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
 * Events used (server/protocol/live.ts): client → server `subscribe` { layers, since? } with ack
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
  /** The server refused the handshake: the session ended or the token was revoked. */
  onUnauthorized?(reason: string): void;
}

export interface LiveAuth {
  /** A wall display's API token; null with a session cookie. */
  token: string | null;
}

/** Handshake refusals that mean "sign in again" (the server's middleware error messages). */
export const AUTH_ERRORS = new Set(['UNAUTHENTICATED', 'INVALID_TOKEN', 'UNAUTHORIZED']);

export interface LiveConnection {
  close(): void;
}

/** The part of a socket.io client socket this module uses (tests may hand in their own). */
export interface LiveSocket {
  readonly active: boolean;
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

  socket.on('connect', () => {
    // Changes still in the batcher are applied before the resume point is chosen.
    batcher.flush();
    const request: SubscribeRequest = lastSeq === null ? { layers: [...LIVE_LAYERS] } : { layers: [...LIVE_LAYERS], since: lastSeq };
    socket.emit('subscribe', request, (ack: SubscribeAck) => {
      if ('error' in ack) {
        handlers.onStatus('offline', lastSeq);
        return;
      }
      const first = lastSeq === null;
      if (first || ack.resync) lastSeq = ack.seq;
      if (first || ack.resync) handlers.onStreamStart(ack.seq, first ? 'first' : 'resync');
      handlers.onStatus('live', lastSeq);
    });
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
    close() {
      batcher.flush();
      socket.close();
    },
  };
}
