/**
 * The two caches that keep polled platform endpoints off the database: the counts cache (SeqCache: one
 * computation per key at a time, fresh for a floor whatever happens, up to a ceiling while the live seq stands
 * still) and the health probe (one SELECT 1 per period for every caller).
 */
import { describe, expect, it } from 'vitest';
import { SeqCache } from '../../server/db/platform/counts-cache.ts';
import { cachedProbe } from '../../server/http/platform/db-probe.ts';

function clock(start = 1_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => void (now += ms) };
}

/** A loader that counts its calls and resolves when told to. */
function loader() {
  const calls: { resolve: (v: number) => void; reject: (e: Error) => void }[] = [];
  const load = () => new Promise<number>((resolve, reject) => calls.push({ resolve, reject }));
  return { calls, load };
}

describe('SeqCache', () => {
  it('shares one computation among concurrent callers of a key (a crowd of polls = one query)', async () => {
    const c = clock();
    const cache = new SeqCache<number>({ floorMs: 5_000, ceilingMs: 60_000, maxEntries: 10, now: c.now });
    const l = loader();
    const crowd = Array.from({ length: 12 }, () => cache.get('410502|all', 7, l.load));
    expect(l.calls).toHaveLength(1);
    l.calls[0]!.resolve(42);
    expect((await Promise.all(crowd)).map((r) => r.value)).toEqual(Array(12).fill(42));
    expect((await cache.get('410502|all', 7, l.load)).value).toBe(42);
    expect(l.calls).toHaveLength(1);
  });

  it('keeps keys apart (one jurisdiction never gets another one’s figures)', async () => {
    const cache = new SeqCache<string>({ floorMs: 5_000, ceilingMs: 60_000, maxEntries: 10, now: clock().now });
    expect((await cache.get('410502', 1, async () => 'wenfeng')).value).toBe('wenfeng');
    expect((await cache.get('410503', 1, async () => 'beiguan')).value).toBe('beiguan');
    expect((await cache.get('410502', 1, async () => 'other')).value).toBe('wenfeng');
  });

  it('recomputes after the floor when the seq moved, and only after the ceiling when it did not', async () => {
    const c = clock();
    const cache = new SeqCache<number>({ floorMs: 5_000, ceilingMs: 60_000, maxEntries: 10, now: c.now });
    let n = 0;
    const load = async () => ++n;
    expect((await cache.get('k', 10, load)).value).toBe(1);
    c.advance(4_999);
    expect((await cache.get('k', 11, load)).value).toBe(1); // moved, but inside the floor
    c.advance(1);
    expect((await cache.get('k', 11, load)).value).toBe(2); // moved, floor over
    c.advance(59_999);
    expect((await cache.get('k', 11, load)).value).toBe(2); // still, inside the ceiling
    c.advance(1);
    expect((await cache.get('k', 11, load)).value).toBe(3); // still, ceiling over
  });

  it('without a seq source only the floor applies', async () => {
    const c = clock();
    const cache = new SeqCache<number>({ floorMs: 5_000, ceilingMs: 60_000, maxEntries: 10, now: c.now });
    let n = 0;
    const load = async () => ++n;
    await cache.get('k', undefined, load);
    c.advance(5_000);
    expect((await cache.get('k', undefined, load)).value).toBe(2);
  });

  it('does not cache a failure, and reports it to every waiter', async () => {
    const cache = new SeqCache<number>({ floorMs: 5_000, ceilingMs: 60_000, maxEntries: 10, now: clock().now });
    const l = loader();
    const a = cache.get('k', 1, l.load);
    const b = cache.get('k', 1, l.load);
    l.calls[0]!.reject(new Error('database gone'));
    await expect(a).rejects.toThrow('database gone');
    await expect(b).rejects.toThrow('database gone');
    expect((await cache.get('k', 1, async () => 5)).value).toBe(5);
  });

  it('holds at most maxEntries keys, dropping the oldest', async () => {
    const cache = new SeqCache<string>({ floorMs: 5_000, ceilingMs: 60_000, maxEntries: 2, now: clock().now });
    for (const k of ['a', 'b', 'c']) await cache.get(k, 1, async () => k);
    expect((await cache.get('a', 1, async () => 'again')).value).toBe('again');
    expect((await cache.get('c', 1, async () => 'again')).value).toBe('c');
  });

  it('stamps a value with the time its computation started', async () => {
    const c = clock(50_000);
    const cache = new SeqCache<number>({ floorMs: 5_000, ceilingMs: 60_000, maxEntries: 2, now: c.now });
    const l = loader();
    const p = cache.get('k', 1, l.load);
    c.advance(300);
    l.calls[0]!.resolve(1);
    expect((await p).at).toBe(50_000);
  });
});

describe('cachedProbe', () => {
  it('checks at most once per period however many callers ask', async () => {
    const c = clock();
    let checks = 0;
    const probe = cachedProbe(async () => void checks++, 5_000, c.now);
    const results = await Promise.all(Array.from({ length: 20 }, () => probe()));
    expect(checks).toBe(1);
    expect(results.every((r) => r.ok)).toBe(true);
    c.advance(4_999);
    await probe();
    expect(checks).toBe(1);
    c.advance(1);
    await probe();
    expect(checks).toBe(2);
  });

  it('reports a failing database as not ok (never throws), and recovers at the next period', async () => {
    const c = clock();
    let up = false;
    const probe = cachedProbe(async () => {
      if (!up) throw new Error('connection refused');
    }, 5_000, c.now);
    expect((await probe()).ok).toBe(false);
    up = true;
    expect((await probe()).ok).toBe(false);
    c.advance(5_000);
    expect((await probe()).ok).toBe(true);
  });
});
