/**
 * The data version of each collection, known in memory so that a revalidation (If-None-Match) is answered
 * without touching the database (docs/api.md "Caching").
 *
 *  - A live collection's version is the seq of the last change-log record of its layer (migration 003): every
 *    write to its table appends one. The process LISTENs on the change channel (whose payload is the head
 *    seq of the committing transaction); a NOTIFY above what it has read marks the versions stale, and the next
 *    caller refreshes them with one query over the new records (shared by concurrent callers).
 *  - A static collection (admin units, depots, key places: no writes but the seeding) is versioned by this
 *    process's start: a re-seed happens before a server starts.
 *
 * Every version carries the process's boot id, so no ETag survives a restart (or a re-seeded database). While
 * the LISTEN connection is down (after a lost connection, until it is back and re-read) versions are unknown
 * and callers build every answer. A write becomes visible to revalidation when its NOTIFY arrives (~ms after
 * the commit) — or, for a write answered by this process, at once: `written()` (called before the write's answer
 * leaves, server/http/platform/fresh-after-writes.ts) makes the next caller refresh first, so whoever wrote and then
 * reads never gets the page from before the write (a loaded machine delayed a NOTIFY past the next read in CI).
 */
import { randomBytes } from 'node:crypto';
import type { CollectionDef } from '../../protocol/collections.ts';
import type { Database } from '../core/database.ts';
import { CHANGE_CHANNEL } from '../live/changes-repository.ts';

export interface CollectionVersions {
  /** The collection's current version, or undefined when it cannot be known now. */
  of(def: CollectionDef): Promise<string | undefined>;
  /** A write committed in this process: the next `of` reads the log first (its NOTIFY may still be on the way). */
  written(): void;
  stop(): Promise<void>;
}

export async function startCollectionVersions(db: Database, onError: (err: unknown) => void = () => undefined): Promise<CollectionVersions> {
  const boot = randomBytes(6).toString('base64url');
  const layers = new Map<string, number>();
  let floor = 0; // the seq below which nothing is known per layer (the pruned part of the log)
  let readThrough = -1; // records at or below this seq are in `layers`
  let notified = 0; // the highest seq a NOTIFY announced
  let listening = false;
  let refreshing: Promise<void> | undefined;
  let writes = 0; // writes this process has answered (written())
  let writesRead = 0; // writes committed before the latest refresh began

  const refresh = (): Promise<void> => {
    refreshing ??= (async () => {
      try {
        const from = Math.max(readThrough, 0);
        const target = notified; // NOTIFYs delivered before the query: their commits are in its snapshot
        const seenWrites = writes; // so are the writes answered before it
        const { rows } = await db.query<{ layer: string | null; seq: string | number | null; pruned: string | number | null }>(
          `SELECT l.layer, l.seq, (SELECT pruned_through FROM change_log_state) AS pruned
           FROM (SELECT layer, max(seq) AS seq FROM change_log WHERE seq > $1 GROUP BY layer) l
           RIGHT JOIN (SELECT 1) one ON true`,
          [from],
        );
        for (const r of rows) {
          if (r.layer !== null && r.seq !== null) layers.set(r.layer, Math.max(layers.get(r.layer) ?? 0, Number(r.seq)));
        }
        floor = Math.max(floor, Number(rows[0]?.pruned ?? 0));
        const top = Math.max(from, floor, ...rows.map((r) => Number(r.seq ?? 0)));
        readThrough = Math.max(top, target);
        writesRead = Math.max(writesRead, seenWrites);
      } catch (err) {
        onError(err);
      } finally {
        refreshing = undefined;
      }
    })();
    return refreshing;
  };

  let stopListening: (() => Promise<void>) | undefined;
  try {
    stopListening = await db.listen(
      CHANGE_CHANNEL,
      (payload) => {
        const seq = Number(payload);
        notified = Math.max(notified, Number.isFinite(seq) ? seq : Number.MAX_SAFE_INTEGER);
      },
      () => {
        // Back after a lost connection: anything may have been missed.
        readThrough = -1;
        layers.clear();
        void refresh();
      },
    );
    listening = true;
    await refresh();
  } catch (err) {
    onError(err);
  }

  return {
    async of(def) {
      if (!listening) return undefined;
      if (!def.live) return `${boot}.s`;
      const behind = () => readThrough < 0 || notified > readThrough || writesRead < writes;
      // Twice at most: a refresh already running may have begun before the write this caller must see.
      if (behind()) await refresh();
      if (behind()) await refresh();
      if (behind()) return undefined;
      return `${boot}.${Math.max(layers.get(def.id) ?? 0, floor)}`;
    },
    written() {
      writes += 1;
    },
    async stop() {
      listening = false;
      await stopListening?.();
    },
  };
}
