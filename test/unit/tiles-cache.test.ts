import { describe, expect, it } from 'vitest';
import { COLLECTIONS } from '../../server/protocol/collections.ts';
import { cachedTileEncoder, tileKey } from '../../server/db/tiles/tiles-cache.ts';
import type { TileEncoder, TileRequest } from '../../server/db/tiles/tiles-repository.ts';

/** A hand-written encoder that counts its calls and answers after a tick. */
function countingEncoder(size = 10): TileEncoder & { calls: number } {
  const enc = {
    name: 'js' as const,
    calls: 0,
    async encode(req: TileRequest) {
      enc.calls += 1;
      await new Promise((r) => setTimeout(r, 5));
      return Buffer.alloc(size, req.tile.x);
    },
  };
  return enc;
}
const req = (x: number, live = true, filters: TileRequest['filters'] = []): TileRequest => ({
  def: live ? COLLECTIONS.cameras : COLLECTIONS.districts,
  tile: { z: 14, x, y: 1 },
  filters,
});

describe('cachedTileEncoder', () => {
  it('shares one query between concurrent requests and serves repeats from memory', async () => {
    const inner = countingEncoder();
    const enc = cachedTileEncoder(inner);
    const [a, b] = await Promise.all([enc.encode(req(1)), enc.encode(req(1))]);
    expect(a).toBe(b);
    await enc.encode(req(1));
    expect(inner.calls).toBe(1);
  });

  it('peeks at a cached, unexpired tile without encoding, and never encodes to answer a peek', async () => {
    let now = 0;
    const inner = countingEncoder();
    const enc = cachedTileEncoder(inner, { liveTtlMs: 100, now: () => now });
    expect(enc.peek(req(2))).toBeUndefined();
    const bytes = await enc.encode(req(2));
    expect(enc.peek(req(2))).toBe(bytes);
    expect(enc.peek({ ...req(2), scope: '410502' })).toBeUndefined(); // another jurisdiction's key
    now = 150;
    expect(enc.peek(req(2))).toBeUndefined(); // expired
    expect(inner.calls).toBe(1);
  });

  it('expires live tiles sooner than static ones', async () => {
    let now = 0;
    const inner = countingEncoder();
    const enc = cachedTileEncoder(inner, { liveTtlMs: 100, staticTtlMs: 1000, now: () => now });
    await enc.encode(req(1, true));
    await enc.encode(req(1, false));
    now = 500;
    await enc.encode(req(1, true));
    await enc.encode(req(1, false));
    expect(inner.calls).toBe(3);
  });

  it('keeps aggregated low-zoom tiles of live layers longer than their feature tiles', async () => {
    let now = 0;
    const inner = countingEncoder();
    const enc = cachedTileEncoder(inner, { liveTtlMs: 100, aggregatedTtlMs: 1000, now: () => now });
    const low: TileRequest = { def: COLLECTIONS.cameras, tile: { z: 5, x: 1, y: 1 }, filters: [] };
    await enc.encode(low);
    await enc.encode(req(1));
    now = 500;
    await enc.encode(low);
    await enc.encode(req(1));
    expect(inner.calls).toBe(3);
  });

  it('keys by filters regardless of value order, and stays within its byte budget', async () => {
    const f = (values: string[]) => [{ name: 'status', type: 'string' as const, values }];
    expect(tileKey(req(1, true, f(['ON', 'OFF'])))).toBe(tileKey(req(1, true, f(['OFF', 'ON']))));
    expect(tileKey(req(1, true, f(['ON'])))).not.toBe(tileKey(req(1)));
    const inner = countingEncoder(100);
    const enc = cachedTileEncoder(inner, { maxBytes: 800 });
    for (let x = 0; x < 10; x++) await enc.encode(req(x));
    await enc.encode(req(9));
    expect(inner.calls).toBe(10);
    await enc.encode(req(0));
    expect(inner.calls).toBe(11);
  });
});
