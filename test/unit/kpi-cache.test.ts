/**
 * The KPI answers' cache (server/http/kpis/kpi-cache.ts): after the first computation no request waits; a moved
 * feed seq (past the floor) or the ceiling refreshes behind; one computation per key at a time; a failed refresh
 * keeps the last answer. Clock and seq are injected.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { KpiCache } from '../../server/http/kpis/kpi-cache.ts';

let clock = 0;
let seq = 1;
const caches: KpiCache<string>[] = [];
const make = (onError?: (e: unknown) => void) => {
  const c = new KpiCache<string>({ floorMs: 1000, ceilingMs: 30_000, keepMs: 600_000, maxEntries: 3, version: () => seq, now: () => clock, onError });
  caches.push(c);
  return c;
};
afterEach(() => {
  for (const c of caches.splice(0)) c.close();
  clock = 0;
  seq = 1;
});
const flush = () => new Promise((r) => setTimeout(r, 0));

describe('KpiCache', () => {
  it('computes once, then answers from the cache without waiting, refreshing behind when the seq moved', async () => {
    const c = make();
    let n = 0;
    const load = async () => `v${++n}`;
    expect(await c.get('k', load)).toBe('v1');
    expect(await c.get('k', load)).toBe('v1');
    seq = 2;
    clock = 500; // inside the floor: no refresh
    expect(await c.get('k', load)).toBe('v1');
    expect(n).toBe(1);
    clock = 1500;
    expect(await c.get('k', load)).toBe('v1'); // answered at once ...
    await flush();
    expect(n).toBe(2); // ... and refreshed behind
    expect(await c.get('k', load)).toBe('v2');
  });

  it('tells the loader whether a request waits (first computation) or it refreshes behind', async () => {
    const c = make();
    const calls: boolean[] = [];
    const load = async (behind: boolean) => {
      calls.push(behind);
      return `v${calls.length}`;
    };
    expect(await c.get('k', load)).toBe('v1');
    seq = 2;
    clock = 1500;
    await c.get('k', load);
    await flush();
    expect(calls).toEqual([false, true]);
  });

  it('refreshes after the ceiling even when the seq stands still; one computation at a time', async () => {
    const c = make();
    let n = 0;
    let release: () => void = () => undefined;
    const slow = () => new Promise<string>((r) => { n++; release = () => r(`s${n}`); });
    const first = c.get('k', slow);
    const again = c.get('k', slow);
    release();
    expect(await first).toBe('s1');
    expect(await again).toBe('s1');
    expect(n).toBe(1);
    clock = 31_000;
    expect(await c.get('k', slow)).toBe('s1');
    expect(await c.get('k', slow)).toBe('s1');
    expect(n).toBe(2);
    release();
    await flush();
    expect(await c.get('k', slow)).toBe('s2');
  });

  it('forgets a failed first computation and keeps the last answer when a refresh fails', async () => {
    const errors: unknown[] = [];
    const c = make((e) => errors.push(e));
    await expect(c.get('k', () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    expect(await c.get('k', async () => 'ok')).toBe('ok');
    seq = 5;
    clock = 2000;
    expect(await c.get('k', () => Promise.reject(new Error('again')))).toBe('ok');
    await flush();
    expect(errors).toHaveLength(1);
    expect(await c.get('k', async () => 'x')).toBe('ok'); // the failed refresh did not clear it (the next refresh is behind)
  });

  it('keeps at most maxEntries keys, dropping the least recently asked', async () => {
    const c = make();
    let n = 0;
    const load = async () => `v${++n}`;
    for (const k of ['a', 'b', 'c', 'd']) {
      clock += 10;
      await c.get(k, load);
    }
    expect(await c.get('a', load)).toBe('v5'); // 'a' was dropped: computed again
  });
});
