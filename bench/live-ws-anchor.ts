/**
 * The anchor of the live bench: the same read path (LISTEN → ChangeFeed → readChanges) and the same
 * batching (server/realtime/change-fanout.ts, default batch window, one group) as the server, but a raw `ws`
 * broadcast of each batch as one JSON text frame: no socket.io, no engine.io, no handshake, no auth.
 * The frame is encoded once per batch (as socket.io does for a room broadcast), then written to every client.
 * Run as its own process: PORT, DATABASE_URL.
 */
import { WebSocketServer, WebSocket } from 'ws';
import { openPostgres } from '../server/db/core/postgres.ts';
import { CHANGE_CHANNEL, headSeq, readChanges } from '../server/db/live/changes-repository.ts';
import { ChangeFeed } from '../server/realtime/change-feed.ts';
import { ChangeFanout } from '../server/realtime/change-fanout.ts';
import { createLogger } from '../server/logger.ts';

const log = createLogger('warn');
const db = await openPostgres(process.env.DATABASE_URL!, log);
const wss = new WebSocketServer({ port: Number(process.env.PORT), host: '127.0.0.1' });
const fanout = new ChangeFanout({
  tickMs: 100,
  coalescingLayers: new Set(['units']),
  emit: (_room, changes) => {
    const frame = Buffer.from(JSON.stringify(changes));
    for (const ws of wss.clients) if (ws.readyState === WebSocket.OPEN) ws.send(frame, { binary: false });
  },
});
fanout.join({ layers: new Set(['incidents']) });
const feed = new ChangeFeed({
  log,
  source: {
    head: () => headSeq(db),
    read: (after, limit) => readChanges(db, after, limit),
    listen: (onWake, onReconnect) => db.listen(CHANGE_CHANNEL, onWake, onReconnect),
  },
  onChanges: (changes) => fanout.push(changes),
});
await feed.start();
fanout.reset(feed.seq);
process.stdout.write('anchor ready\n');
process.on('SIGTERM', () => {
  fanout.stop();
  void feed.stop().then(() => db.close()).then(() => process.exit(0));
});
