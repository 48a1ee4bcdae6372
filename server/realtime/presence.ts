/**
 * Presence: how many live clients are connected across all server processes. Not a database change, so
 * it travels through the socket.io adapter (the Redis adapter when REDIS_URL is set): `fetchSockets()`
 * counts every process's sockets and the broadcast reaches every process's clients.
 */
import type { Namespace } from 'socket.io';
import type { Logger } from '../logger.ts';

export function trackPresence(nsp: Namespace, log: Logger, debounceMs = 250): { changed(): void; stop(): void } {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const publish = async () => {
    timer = undefined;
    try {
      const sockets = await nsp.fetchSockets();
      if (!stopped) nsp.emit('presence', { clients: sockets.length });
    } catch (err) {
      log.warn({ err: (err as Error).message }, 'live presence: counting clients failed');
    }
  };
  return {
    changed() {
      if (!stopped) timer ??= setTimeout(() => void publish(), debounceMs);
    },
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
