/**
 * The per-process reader of the change log. It wakes on NOTIFY (and after the LISTEN connection was
 * re-established, to catch up on what happened while it was down), reads everything after its cursor in
 * seq order and hands it on. No polling: a wake that arrives while a read runs makes one more read.
 */
import type { ChangeRecord } from '../db/live/changes-repository.ts';
import type { Logger } from '../logger.ts';

/** The log, as the feed needs it (server/db/live/changes-repository.ts over a Database, or a fake). */
export interface ChangeSource {
  head(): Promise<number>;
  read(after: number, limit: number): Promise<ChangeRecord[]>;
  /** Calls onWake on each NOTIFY and onReconnect after a lost LISTEN connection is back. */
  listen(onWake: () => void, onReconnect: () => void): Promise<() => Promise<void>>;
}

/**
 * Records per read. A page's rows are parsed, turned into features and handed on in one turn of the event loop,
 * and they are all alive together when the young generation is collected: a burst of thousands of changes (a
 * grading run rewrites 6,249 grids) read 2,000 at a time held the server's thread for 20-45 ms per page, half of it
 * in scavenges. 250 keeps a page to a few milliseconds on a free core; a read costs one round trip (~1 ms) more
 * than the records' own work (~10 µs each), so catching up still runs at tens of thousands of changes a second.
 */
export const FEED_PAGE_SIZE = 250;

export interface ChangeFeedOptions {
  source: ChangeSource;
  onChanges: (changes: ChangeRecord[]) => void;
  log: Logger;
  /** Records per read (default FEED_PAGE_SIZE). */
  pageSize?: number;
  /** Delay before retrying a failed read (the database may be restarting). */
  retryMs?: number;
}

export class ChangeFeed {
  private cursor = 0;
  private reading = false;
  private again = false;
  private stopped = false;
  private unlisten?: () => Promise<void>;
  private retryTimer?: NodeJS.Timeout;

  constructor(private readonly opts: ChangeFeedOptions) {}

  /** The highest seq handed on. */
  get seq(): number {
    return this.cursor;
  }

  /** Starts at the log's head (history is served to clients on demand, not replayed here). */
  async start(): Promise<void> {
    this.unlisten = await this.opts.source.listen(
      () => this.wake(),
      () => {
        this.opts.log.info({ seq: this.cursor }, 'live feed: database connection back, catching up');
        this.wake();
      },
    );
    this.cursor = await this.opts.source.head();
    this.wake(); // anything committed between LISTEN and reading the head
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    await this.unlisten?.();
  }

  /** Reads until the log is drained. Safe to call at any time. */
  wake(): void {
    if (this.stopped) return;
    if (this.reading) {
      this.again = true;
      return;
    }
    this.reading = true;
    void this.drain().finally(() => {
      this.reading = false;
      if (this.again && !this.stopped) {
        this.again = false;
        this.wake();
      }
    });
  }

  private async drain(): Promise<void> {
    const pageSize = this.opts.pageSize ?? FEED_PAGE_SIZE;
    try {
      for (;;) {
        this.again = false;
        const page = await this.opts.source.read(this.cursor, pageSize);
        if (this.stopped) return;
        if (page.length) {
          this.cursor = page[page.length - 1]!.seq;
          this.opts.onChanges(page);
        }
        if (page.length < pageSize) return;
      }
    } catch (err) {
      // The database is away (restart, network). Retry once after a pause; the LISTEN reconnect wakes us too.
      this.opts.log.warn({ err: (err as Error).message, seq: this.cursor }, 'live feed: reading the change log failed');
      clearTimeout(this.retryTimer);
      this.retryTimer = setTimeout(() => this.wake(), this.opts.retryMs ?? 1000);
    }
  }
}
