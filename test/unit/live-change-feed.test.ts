import { describe, expect, it } from 'vitest';
import { ChangeFeed, FEED_PAGE_SIZE, type ChangeSource } from '../../server/realtime/change-feed.ts';
import type { ChangeRecord } from '../../server/db/live/changes-repository.ts';
import { createLogger } from '../../server/logger.ts';

const record = (seq: number): ChangeRecord => ({ seq, layer: 'grids', op: 'delete', id: String(seq), feature: null, at: new Date(0).toISOString(), oldBbox: null, oldCodes: null });

/** A change log in memory: `n` records committed after the feed starts, read as readChanges reads. */
function fakeLog(n: number): { source: ChangeSource; reads: number[]; wake: () => void } {
  const log = Array.from({ length: n }, (_, i) => record(i + 1));
  const reads: number[] = [];
  let onWake = () => undefined as void;
  const source: ChangeSource = {
    head: async () => 0,
    read: async (after, limit) => {
      const page = log.filter((r) => r.seq > after).slice(0, limit);
      reads.push(page.length);
      return page;
    },
    listen: async (wake) => ((onWake = wake), async () => undefined),
  };
  return { source, reads, wake: () => onWake() };
}

describe('change feed paging', () => {
  it('hands on a burst bigger than a page in order, every record once, at most a page at a time', async () => {
    const n = FEED_PAGE_SIZE * 5 + 17; // a grading run's commit is ~1,000 changes
    const { source, reads, wake } = fakeLog(n);
    const got: number[][] = [];
    const feed = new ChangeFeed({ source, log: createLogger('silent'), onChanges: (page) => got.push(page.map((c) => c.seq)) });
    await feed.start();
    wake();
    for (let i = 0; i < 100 && feed.seq < n; i++) await new Promise((r) => setTimeout(r, 1));
    await feed.stop();
    expect(got.flat()).toEqual(Array.from({ length: n }, (_, i) => i + 1));
    expect(Math.max(...got.map((p) => p.length))).toBe(FEED_PAGE_SIZE);
    expect(reads.filter((k) => k > 0)).toEqual([...Array(5).fill(FEED_PAGE_SIZE), 17]);
  });
});
