import { describe, expect, it } from 'vitest';
import { frameBounds, headTailBounds, isLiveChangeFrame, scanFrame } from '../../bench/support/live-frames.ts';
import { LatencyHistogram, SeqTally } from '../../bench/support/live-tally.ts';

const change = (seq: number, at: string) => ({
  seq,
  layer: 'incidents',
  op: 'upsert',
  id: `LB-${seq}`,
  feature: { type: 'Feature', id: `LB-${seq}`, geometry: { type: 'Point', coordinates: [114.3, 36] }, properties: { title: '压测 {"seq":1}', reported_at: '2026-01-01T00:00:00.000Z' } },
  at,
});

describe('live bench frames', () => {
  const at = ['2026-11-28T22:11:15.806Z', '2026-11-28T22:11:15.807Z', '2026-11-28T22:11:15.900Z'];
  const sio = Buffer.from(`42/live,${JSON.stringify(['changes', [change(11, at[0]!), change(12, at[1]!), change(15, at[2]!)]])}`);
  const raw = Buffer.from(JSON.stringify([change(11, at[0]!), change(12, at[1]!), change(15, at[2]!)]));

  it('reads seqs and commit times from socket.io and raw frames without decoding (strings cannot fake a change)', () => {
    for (const buf of [sio, raw]) {
      expect(frameBounds(buf)).toEqual({ first: 11, last: 15 });
      expect(scanFrame(buf)).toEqual({ seqs: [11, 12, 15], commitMs: at.map(Date.parse) });
      expect(headTailBounds(buf.subarray(0, 64), buf.subarray(buf.length - 2048 < 0 ? 0 : buf.length - 2048))).toEqual({ first: 11, last: 15 });
    }
    expect(isLiveChangeFrame(sio)).toBe(true);
    expect(isLiveChangeFrame(Buffer.from('42/live,["presence",{"clients":3}]'))).toBe(false);
    expect(frameBounds(Buffer.from('43/live,0[{"seq":3}]'))).toEqual({ first: 3, last: 3 });
  });

  it('counts delivered, missing, duplicates, unexpected and out-of-order receipts per client', () => {
    const h = new LatencyHistogram();
    const t = new SeqTally(100, 10, h);
    for (const seq of [101, 102, 102, 104, 103, 120]) t.receive(seq, 1000, 1010);
    expect(t.figures([101, 102, 103, 104, 105])).toEqual({ delivered: 4, missing: 1, duplicates: 1, unexpected: 1, outOfOrder: 2 });
    expect(h.count).toBe(4); // first receipts only
    expect(h.percentile(50)).toBe(10);
  });
});
