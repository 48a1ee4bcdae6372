/**
 * Who is on a socket, for as long as their credential holds (docs/live.md "Access", docs/security.md).
 * Every `/live` connection must present a credential in its handshake; its identity (principal, credential
 * keys, expiry) is resolved once at connection and then ends the socket:
 *   - at once when the credential ends or changes in any process: logout, revocation, a password change
 *     ending other sessions, disable, a role or jurisdiction change (the database NOTIFYs `credentials_ended`,
 *     every process listens and disconnects its sockets of that session, user or token);
 *   - at its expiry: a timer per socket fires at the session's idle/absolute end or the token's expiry and
 *     re-checks the credential (a session slid by use gets a new timer, an expired one is disconnected);
 *   - at every `subscribe`, before the log is read (verify(), used by live-namespace.ts);
 *   - every `recheckMs` as a backstop, and for all sockets after a lost LISTEN connection came back.
 * A disconnected client may reconnect; its handshake is then refused (UNAUTHENTICATED) or gets its new grant.
 */
import type { Namespace, Socket } from 'socket.io';
import {
  credentialKey,
  expiryDelayMs,
  samePrincipal,
  type CredentialEnded,
  type SocketIdentity,
} from '../auth/credential-events.ts';
import type { Logger } from '../logger.ts';

/** Resolves a handshake's credential (token, Bearer header or session cookie) against the database, or null. */
export type IdentifySocket = (handshake: Socket['handshake']) => Promise<SocketIdentity | null>;

/** Delivers the credential events of every process (PostgreSQL LISTEN); returns a function that stops. */
export type CredentialEvents = (onEnded: (e: CredentialEnded) => void, onReconnect: () => void) => Promise<() => Promise<void>>;

export interface SocketAuthOptions {
  identify: IdentifySocket;
  log: Logger;
  /** Credential events from all processes; without it only timers, subscribes and the re-check end sockets. */
  credentialEvents?: CredentialEvents;
  /** How often every open socket is re-checked against the credential store (a backstop). */
  recheckMs?: number;
}

export interface SocketGuard {
  /** Re-checks one socket's credential against the database now: false when it no longer holds (then end it). */
  verify(socket: Socket): Promise<boolean>;
  /** Disconnects the socket (its credential ended). */
  end(socket: Socket, reason: string): void;
  /** Starts listening for credential events. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** A credential slid by use is re-armed no sooner than this (the database clock may trail ours a little). */
const MIN_REARM_MS = 1000;

function refused(code: string, message: string): Error & { data: { code: string } } {
  return Object.assign(new Error(code), { data: { code, message } });
}

const identityOf = (socket: Socket) => socket.data.identity as SocketIdentity | undefined;

/** Installs the handshake check on the namespace and keeps every socket's credential honest. */
export function guardSockets(nsp: Namespace, opts: SocketAuthOptions): SocketGuard {
  const byKey = new Map<string, Set<Socket>>();
  const timers = new WeakMap<Socket, NodeJS.Timeout>();

  nsp.use((socket, next) => {
    opts.identify(socket.handshake).then(
      (id) => {
        if (!id) return next(refused('UNAUTHENTICATED', 'Connect with a session cookie or auth: { token }'));
        socket.data.identity = id;
        socket.data.principal = id.principal;
        next();
      },
      (err: Error) => {
        opts.log.warn({ err: err.message }, 'live: resolving a handshake failed');
        next(refused('UNAVAILABLE', 'Credentials cannot be checked right now; retry'));
      },
    );
  });

  const end = (socket: Socket, reason: string) => {
    if (socket.disconnected) return;
    opts.log.info({ principal: (socket.data.principal as { name?: string } | undefined)?.name, reason }, 'live: socket ended with its credential');
    socket.disconnect(true);
  };

  const arm = (socket: Socket, id: SocketIdentity, floorMs = 0) => {
    clearTimeout(timers.get(socket));
    const delay = expiryDelayMs(id.expiresAt, Date.now());
    if (delay === null) return;
    const t = setTimeout(() => void onExpiry(socket), Math.max(delay, floorMs));
    t.unref();
    timers.set(socket, t);
  };

  const onExpiry = async (socket: Socket) => {
    // A database that cannot answer at the credential's known end does not extend it.
    const ok = await verify(socket).catch(() => false);
    if (!ok) end(socket, 'expired');
  };

  /** Resolves the socket's credential again: true (and its timer re-armed) only for the same grant. */
  async function verify(socket: Socket): Promise<boolean> {
    const before = identityOf(socket);
    const now = await opts.identify(socket.handshake);
    if (!before || !now || !samePrincipal(before.principal, now.principal)) return false;
    socket.data.identity = now;
    arm(socket, now, MIN_REARM_MS);
    return true;
  }

  nsp.on('connection', (socket) => {
    const id = identityOf(socket);
    if (!id) return void socket.disconnect(true);
    for (const key of id.keys) {
      let set = byKey.get(key);
      if (!set) byKey.set(key, (set = new Set()));
      set.add(socket);
    }
    arm(socket, id);
    socket.on('disconnect', () => {
      clearTimeout(timers.get(socket));
      for (const key of id.keys) {
        const set = byKey.get(key);
        set?.delete(socket);
        if (set?.size === 0) byKey.delete(key);
      }
    });
  });

  const onEnded = (e: CredentialEnded) => {
    const sockets = byKey.get(credentialKey(e));
    if (sockets) for (const socket of [...sockets]) end(socket, `${e.kind} ended`);
  };

  let checking = false;
  const recheckAll = async () => {
    if (checking) return;
    checking = true;
    try {
      for (const socket of [...nsp.sockets.values()]) {
        const ok = await verify(socket).catch(() => true); // a database hiccup is not a revocation
        if (!ok) end(socket, 'ended or changed');
      }
    } finally {
      checking = false;
    }
  };

  let interval: NodeJS.Timeout | undefined;
  let unlisten: (() => Promise<void>) | undefined;
  return {
    verify,
    end,
    async start() {
      if (opts.credentialEvents) unlisten = await opts.credentialEvents(onEnded, () => void recheckAll());
      interval = setInterval(() => void recheckAll(), opts.recheckMs ?? 60_000);
      interval.unref();
    },
    async stop() {
      clearInterval(interval);
      for (const socket of nsp.sockets.values()) clearTimeout(timers.get(socket));
      await unlisten?.();
    },
  };
}
