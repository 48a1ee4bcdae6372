import { describe, expect, it } from 'vitest';
import { TtlCache } from '../../server/db/features/features-cache.ts';

describe('TtlCache', () => {
  it('forgets entries after their time to live', () => {
    let now = 0;
    const c = new TtlCache<number>(1000, 10, () => now);
    c.set('a', 1);
    now = 999;
    expect(c.get('a')).toBe(1);
    now = 1000;
    expect(c.get('a')).toBeUndefined();
  });
  it('evicts the oldest entry beyond its size', () => {
    const c = new TtlCache<number>(1000, 2, () => 0);
    c.set('a', 1);
    c.set('b', 2);
    c.set('c', 3);
    expect([c.get('a'), c.get('b'), c.get('c')]).toEqual([undefined, 2, 3]);
  });
});
