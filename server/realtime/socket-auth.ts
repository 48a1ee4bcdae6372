/**
 * Who is on a socket: every `/live` connection must present a credential in its handshake (docs/live.md
 * "Access"). The principal is resolved once at connection (socket.data.principal) and re-checked every
 * `recheckMs`: a revoked token, an ended session, or a changed role or jurisdiction disconnects the socket
 * (its client reconnects and is refused, or gets its new grant).
 */
import type { Namespace, Socket } from 'socket.io';
import type { Principal } from '../auth/principal.ts';
import type { Logger } from '../logger.ts';

/** Resolves a handshake's credential (token, Bearer header or session cookie) to a principal, or null. */
export type PrincipalOf = (handshake: Socket['handshake']) => Promise<Principal | null>;

export interface SocketAuthOptions {
  principalOf: PrincipalOf;
  log: Logger;
  /** How often open sockets are re-checked against the credential store. */
  recheckMs?: number;
}

const same = (a: Principal, b: Principal) => a.kind === b.kind && a.id === b.id && a.role === b.role && a.adminCode === b.adminCode;

function refused(code: string, message: string): Error & { data: { code: string } } {
  return Object.assign(new Error(code), { data: { code, message } });
}

/** Installs the handshake check on the namespace; returns a function that stops the periodic re-check. */
export function requirePrincipal(nsp: Namespace, opts: SocketAuthOptions): () => void {
  nsp.use((socket, next) => {
    opts.principalOf(socket.handshake).then(
      (p) => {
        if (!p) return next(refused('UNAUTHENTICATED', 'Connect with a session cookie or auth: { token }'));
        socket.data.principal = p;
        next();
      },
      (err: Error) => {
        opts.log.warn({ err: err.message }, 'live: resolving a handshake failed');
        next(refused('UNAVAILABLE', 'Credentials cannot be checked right now; retry'));
      },
    );
  });

  let running = false;
  const recheck = async () => {
    if (running) return;
    running = true;
    try {
      for (const socket of nsp.sockets.values()) {
        const before = socket.data.principal as Principal | undefined;
        const now = await opts.principalOf(socket.handshake).catch(() => before ?? null); // a database hiccup is not a revocation
        if (!before || !now || !same(before, now)) socket.disconnect(true);
      }
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void recheck(), opts.recheckMs ?? 60_000);
  timer.unref();
  return () => clearInterval(timer);
}
