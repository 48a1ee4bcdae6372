/**
 * The anchor of the live bench: the same change-log read path (LISTEN → ChangeFeed → readChanges) but a raw
 * `ws` broadcast of each batch as one JSON text frame, no socket.io, no rooms, no filtering.
 * Run as its own process: PORT, DATABASE_URL.
 */
import { WebSocketServer, WebSocket } from 'ws';
import { openPostgres } from '../server/db/postgres.ts';
import { CHANGE_CHANNEL, headSeq, readChanges } from '../server/db/changes-repository.ts';
import { ChangeFeed } from '../server/realtime/change-feed.ts';
import { toWire } from '../server/realtime/area-filter.ts';
import { createLogger } from '../server/logger.ts';

const log = createLogger('warn');
const db = await openPostgres(process.env.DATABASE_URL!, log);
const wss = new WebSocketServer({ port: Number(process.env.PORT), host: '127.0.0.1' });
const feed = new ChangeFeed({
  log,
  source: {
    head: () => headSeq(db),
    read: (after, limit) => readChanges(db, after, limit),
    listen: (onWake, onReconnect) => db.listen(CHANGE_CHANNEL, onWake, onReconnect),
  },
  onChanges: (changes) => {
    const frame = JSON.stringify(changes.map(toWire));
    for (const ws of wss.clients) if (ws.readyState === WebSocket.OPEN) ws.send(frame);
  },
});
await feed.start();
process.stdout.write('anchor ready\n');
process.on('SIGTERM', () => {
  void feed.stop().then(() => db.close()).then(() => process.exit(0));
});
