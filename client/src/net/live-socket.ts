/**
 * The one owner of the live socket (socket.io namespace /live). Snapshot then deltas: it subscribes with
 * the last applied seq on every (re)connect, so a reconnect resumes where it stopped; when the server
 * answers `resync` the app reloads its layers from the API (never the page). Changes go through the
 * batcher, so React sees at most one update per tick. Credentials: the session cookie goes with the
 * handshake by itself (same origin); a wall display's token is sent as `auth: { token }`. A handshake the
 * server refuses (connect_error UNAUTHENTICATED / INVALID_TOKEN) is not retried: it is reported through
 * `onUnauthorized`, and the app connects again after the next sign-in. A socket the server ends (logout,
 * revocation, a changed role) connects once more, so that the handshake says which.
 */
import { io, type Socket } from 'socket.io-client';
import type {
  LiveChange,
  LiveClientToServerEvents,
  LiveServerToClientEvents,
  SubscribeAck,
} from '../../../server/protocol/live.ts';
import { LIVE_LAYERS, LIVE_NAMESPACE } from '../../../server/protocol/live.ts';
import { createBatcher } from '../state/live-batcher.ts';

export type LiveStatus = 'connecting' | 'live' | 'reconnecting' | 'offline';

export interface LiveHandlers {
  onChanges(changes: LiveChange[]): void;
  onStatus(status: LiveStatus, seq: number | null): void;
  /** The server could not resume from our seq: reload snapshots and tiles. */
  onResync(): void;
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

export function connectLive(handlers: LiveHandlers, auth: LiveAuth = { token: null }, base = ''): LiveConnection {
  const socket: Socket<LiveServerToClientEvents, LiveClientToServerEvents> = io(`${base}${LIVE_NAMESPACE}`, {
    transports: ['websocket'],
    reconnectionDelayMax: 5000,
    ...(auth.token ? { auth: { token: auth.token } } : {}),
  });
  let lastSeq: number | null = null;
  const batcher = createBatcher((batch) => {
    const last = batch[batch.length - 1];
    if (last && (lastSeq === null || last.seq > lastSeq)) lastSeq = last.seq;
    handlers.onChanges(batch);
  });
  const accept = (changes: readonly LiveChange[]) => batcher.push(lastSeq === null ? changes : changes.filter((c) => c.seq > lastSeq!));

  socket.on('connect', () => {
    const request = lastSeq === null ? { layers: [...LIVE_LAYERS] } : { layers: [...LIVE_LAYERS], since: lastSeq };
    socket.emit('subscribe', request, (ack: SubscribeAck) => {
      if ('error' in ack) {
        handlers.onStatus('offline', lastSeq);
        return;
      }
      if (ack.resync) handlers.onResync();
      if (lastSeq === null || ack.resync) lastSeq = ack.seq;
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
