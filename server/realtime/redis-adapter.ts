/** The socket.io Redis adapter (cross-process emits that do not come from the database, e.g. presence). */
import { createAdapter } from '@socket.io/redis-adapter';
import { createClient } from 'redis';
import type { Server } from 'socket.io';
import type { Logger } from '../logger.ts';

export async function useRedisAdapter(io: Server, url: string, log: Logger): Promise<() => Promise<void>> {
  const pub = createClient({ url });
  const sub = pub.duplicate();
  for (const c of [pub, sub]) c.on('error', (err: Error) => log.warn({ err: err.message }, 'redis adapter connection error'));
  await Promise.all([pub.connect(), sub.connect()]);
  io.adapter(createAdapter(pub, sub));
  log.info('live feed: socket.io Redis adapter enabled');
  return async () => {
    await Promise.allSettled([pub.quit(), sub.quit()]);
  };
}
