import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ChangeRecord } from '../../server/db/live/changes-repository.ts';
import type { LiveChange } from '../../server/protocol/live.ts';
import { ChangeFanout } from '../../server/realtime/change-fanout.ts';

const change = (seq: number, layer: 'incidents' | 'units' = 'incidents', id = `F-${seq}`): ChangeRecord =>
  ({
    seq,
    layer,
    op: 'upsert',
    id,
    feature: { type: 'Feature', id, geometry: { type: 'Point', coordinates: [114.35, 36.1] }, properties: {} },
    at: new Date(0).toISOString(),
    oldBbox: null,
    oldCodes: null,
  }) as ChangeRecord;

describe('ChangeFanout batching', () => {
  let emitted: { room: string; seqs: number[] }[];
  let d: ChangeFanout;
  beforeEach(() => {
    vi.useFakeTimers();
    emitted = [];
    d = new ChangeFanout({
      tickMs: 250,
      batchMs: 50,
      coalescingLayers: new Set(['units']),
      emit: (room, changes: LiveChange[]) => emitted.push({ room, seqs: changes.map((c) => c.seq) }),
    });
    d.join({ layers: new Set(['incidents', 'units']) });
  });
  afterEach(() => {
    d.stop();
    vi.useRealTimers();
  });

  it('emits a quiet feed at once, then batches what arrives within the window into one emit', () => {
    d.push([change(1)]);
    expect(emitted.map((e) => e.seqs)).toEqual([[1]]);
    expect(d.flushedSeq).toBe(1);
    d.push([change(2), change(3)]);
    d.push([change(4)]);
    expect(emitted).toHaveLength(1);
    expect(d.flushedSeq).toBe(1); // not emitted yet: a subscriber joining now gets 2-4 from the room
    vi.advanceTimersByTime(50);
    expect(emitted.map((e) => e.seqs)).toEqual([[1], [2, 3, 4]]);
    expect(d.flushedSeq).toBe(4);
    vi.advanceTimersByTime(60);
    d.push([change(5)]);
    expect(emitted.map((e) => e.seqs)).toEqual([[1], [2, 3, 4], [5]]);
  });

  it('lets a unit position wait a whole tick even when a shorter batch wait is pending', () => {
    d.push([change(1)]);
    d.push([change(2)]); // batch wait: 50 ms
    d.push([change(3, 'units', 'U-1')]);
    vi.advanceTimersByTime(60);
    expect(emitted).toHaveLength(1);
    d.push([change(4, 'units', 'U-1'), change(5)]);
    vi.advanceTimersByTime(250);
    expect(emitted.map((e) => e.seqs)).toEqual([[1], [2, 4, 5]]); // 3 coalesced into 4, seq order kept
    expect(d.flushedSeq).toBe(5);
  });

  it('flushes every read at once with batchMs 0', () => {
    const now = new ChangeFanout({ tickMs: 250, batchMs: 0, coalescingLayers: new Set(), emit: (room, cs) => emitted.push({ room, seqs: cs.map((c) => c.seq) }) });
    now.join({ layers: new Set(['incidents']) });
    now.push([change(1)]);
    now.push([change(2)]);
    expect(emitted.map((e) => e.seqs)).toEqual([[1], [2]]);
  });
});
