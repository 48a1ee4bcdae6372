/**
 * The live feed of one server process, composed: LISTEN → ChangeFeed (reads the log) → ChangeFanout
 * (coalesce, filter per group, emit) → sockets of `/live`; retention pruning; figures for health/metrics.
 * Every socket authenticates at its handshake (socket-auth.ts), ends with its credential and is filtered to its
 * jurisdiction. Who a handshake is comes from the composition root (server/compose.ts): the same resolver,
 * hence the same session policy, as HTTP.
 */
import type { Server } from 'socket.io';
import type { Database } from '../db/core/database.ts';
import {
  CHANGE_CHANNEL,
  adminUnitBbox,
  headSeq,
  pruneChanges,
  prunedThrough,
  readChanges,
} from '../db/live/changes-repository.ts';
import type { Logger } from '../logger.ts';
import { LIVE_NAMESPACE } from '../protocol/live.ts';
import { ChangeFeed, type ChangeSource } from './change-feed.ts';
import { ChangeFanout } from './change-fanout.ts';
import { FeedStats, type FeedFigures } from './feed-stats.ts';
import { attachLiveNamespace, type LiveNamespace } from './live-namespace.ts';
import { trackPresence } from './presence.ts';
import { guardSockets, type IdentifySocket } from './socket-auth.ts';
import { listenCredentialsEnded } from '../db/auth/credential-events-repository.ts';

export interface LiveFeedOptions {
  io: Server;
  db: Database;
  log: Logger;
  tickMs: number;
  retentionHours: number;
  /** Layers whose bursts merge per feature per tick. */
  coalescingLayers?: string[];
  maxCatchUp?: number;
  /** Resolves a handshake's credential with the HTTP resolver (sessions and API tokens). */
  identify: IdentifySocket;
  /** How often open sockets are re-checked as a backstop (default one minute). */
  recheckMs?: number;
}

export interface LiveFeed {
  /** Starts reading the log (call once the database is migrated). */
  start(): Promise<void>;
  stop(): Promise<void>;
  figures(): FeedFigures;
}

const PRUNE_EVERY_MS = 10 * 60_000;

export function createLiveFeed(opts: LiveFeedOptions): LiveFeed {
  const { db, log } = opts;
  const stats = new FeedStats();
  const nsp = opts.io.of(LIVE_NAMESPACE) as LiveNamespace;
  const fanout = new ChangeFanout({
    tickMs: opts.tickMs,
    coalescingLayers: new Set(opts.coalescingLayers ?? ['units']),
    emit: (room, changes) => {
      const local = nsp.local.to(room);
      if (changes.length === 1) local.emit('change', changes[0]!);
      else local.emit('changes', changes);
    },
    onFlushed: (_batch, deliveries) => stats.recordEmitted(deliveries),
  });
  const source: ChangeSource = {
    head: () => headSeq(db),
    read: (after, limit) => readChanges(db, after, limit),
    listen: (onWake, onReconnect) => db.listen(CHANGE_CHANNEL, onWake, onReconnect),
  };
  const feed = new ChangeFeed({
    source,
    log,
    onChanges: (changes) => {
      stats.seq = changes[changes.length - 1]!.seq;
      stats.recordChanges(changes.map((c) => Date.parse(c.at)));
      fanout.push(changes);
    },
  });
  const guard = guardSockets(nsp, {
    identify: opts.identify,
    credentialEvents: (onEnded, onReconnect) => listenCredentialsEnded(db, onEnded, onReconnect),
    recheckMs: opts.recheckMs,
    log,
  });
  const presence = trackPresence(nsp, log);
  let markStarted!: () => void;
  const started = new Promise<void>((resolve) => (markStarted = resolve));
  attachLiveNamespace({
    nsp,
    fanout,
    guard,
    started,
    log,
    maxCatchUp: opts.maxCatchUp ?? 100_000,
    history: {
      read: (after, limit, upto) => readChanges(db, after, limit, upto),
      prunedThrough: () => prunedThrough(db),
      head: () => headSeq(db),
      adminBbox: (code) => adminUnitBbox(db, code),
    },
    onClients: (delta) => {
      stats.clients += delta;
      presence.changed();
    },
  });

  let pruneTimer: NodeJS.Timeout | undefined;
  const prune = async () => {
    try {
      const n = await pruneChanges(db, opts.retentionHours);
      if (n) log.info({ pruned: n, retentionHours: opts.retentionHours }, 'live feed: change log pruned');
    } catch (err) {
      log.warn({ err: (err as Error).message }, 'live feed: pruning the change log failed');
    }
  };

  return {
    async start() {
      await guard.start();
      await feed.start();
      fanout.reset(feed.seq);
      stats.seq = feed.seq;
      stats.running = true;
      markStarted();
      log.info({ seq: feed.seq, tickMs: opts.tickMs }, 'live feed started');
      void prune();
      pruneTimer = setInterval(() => void prune(), PRUNE_EVERY_MS);
      pruneTimer.unref();
    },
    async stop() {
      stats.running = false;
      clearInterval(pruneTimer);
      presence.stop();
      await guard.stop();
      fanout.stop();
      await feed.stop();
    },
    figures: () => stats.figures(),
  };
}
