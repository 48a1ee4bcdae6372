/** The live memory updaters (state/live-memory.ts, and the store's `snapshot` / `applyChanges`): snapshot-with-seq, then deltas above it. */
import { describe, expect, it } from 'vitest';
import type { LiveChange, LiveFeature } from '../../server/protocol/live.ts';
import { applyDeltas, applySnapshot, emptyMemory, missesChanges } from '../../client/src/state/live-memory.ts';
import { initialState } from '../../client/src/state/app-state.ts';
import { UPDATERS } from '../../client/src/state/updaters.ts';
import { selectSelectedSeq } from '../../client/src/state/selectors.ts';

const unit = (id: string, status: string): LiveFeature => ({ type: 'Feature', id, geometry: { type: 'Point', coordinates: [114.3, 36.1] }, properties: { id, status } });
const up = (seq: number, id: string, status: string): LiveChange => ({ seq, layer: 'units', op: 'upsert', id, feature: unit(id, status), at: '2026-12-04T10:00:00Z' });
const del = (seq: number, id: string): LiveChange => ({ seq, layer: 'units', op: 'delete', id, feature: null, at: '2026-12-04T10:00:00Z' });
const statusOf = (m: ReturnType<typeof emptyMemory>, id: string) => m.features.get(id)?.properties.status;

describe('live memory', () => {
  it('a late units snapshot never overwrites a newer delta', () => {
    // The delta (seq 11) lands while the snapshot, read at seq 10, is still in flight.
    let m = applyDeltas(emptyMemory(), [up(11, 'U1', 'EN_ROUTE')]);
    m = applySnapshot(m, [unit('U1', 'AVAILABLE'), unit('U2', 'AVAILABLE')], 10);
    expect(statusOf(m, 'U1')).toBe('EN_ROUTE');
    expect(statusOf(m, 'U2')).toBe('AVAILABLE');
    expect(m.snapshotSeq).toBe(10);
  });

  it('never revives a feature deleted after the snapshot was read', () => {
    let m = applyDeltas(emptyMemory(), [del(12, 'U3')]);
    m = applySnapshot(m, [unit('U3', 'AVAILABLE')], 10);
    expect(m.features.has('U3')).toBe(false);
  });

  it('takes the snapshot for what no newer delta wrote, and drops what it no longer holds', () => {
    let m = applySnapshot(emptyMemory(), [unit('U1', 'AVAILABLE'), unit('U2', 'AVAILABLE')], 10);
    m = applyDeltas(m, [up(11, 'U1', 'ON_SCENE'), up(12, 'U9', 'AVAILABLE')]);
    m = applySnapshot(m, [unit('U1', 'RETURNING')], 20);
    expect(statusOf(m, 'U1')).toBe('RETURNING');
    expect(m.features.has('U2')).toBe(false);
    expect(m.features.has('U9')).toBe(false);
    expect(m.above.size).toBe(0);
  });

  it('skips deltas at or below where an id stands (repeats), applies newer ones', () => {
    let m = applySnapshot(emptyMemory(), [unit('U1', 'AVAILABLE')], 10);
    expect(applyDeltas(m, [up(9, 'U1', 'OLD'), up(10, 'U1', 'OLD')])).toBe(m);
    m = applyDeltas(m, [up(13, 'U1', 'ON_SCENE'), up(12, 'U1', 'EN_ROUTE')]);
    expect(statusOf(m, 'U1')).toBe('ON_SCENE');
  });

  it('ignores a snapshot older than the one applied', () => {
    const m = applySnapshot(emptyMemory(), [unit('U1', 'ON_SCENE')], 30);
    expect(applySnapshot(m, [unit('U1', 'AVAILABLE')], 20)).toBe(m);
  });

  it('a snapshot without a seq never overrides a delta', () => {
    let m = applyDeltas(emptyMemory(), [up(5, 'U1', 'EN_ROUTE')]);
    m = applySnapshot(m, [unit('U1', 'AVAILABLE'), unit('U2', 'AVAILABLE')], null);
    expect(statusOf(m, 'U1')).toBe('EN_ROUTE');
    expect(statusOf(m, 'U2')).toBe('AVAILABLE');
  });

  it('misses changes when its snapshot was read below the start of the stream', () => {
    const m = applySnapshot(emptyMemory(), [], 15);
    expect(missesChanges(m, 20)).toBe(true);
    expect(missesChanges(m, 15)).toBe(false);
    expect(missesChanges(m, null)).toBe(false);
    expect(missesChanges(undefined, 20)).toBe(false);
  });
});

describe('the store with live memory', () => {
  it('routes units to memory through snapshot and applyChanges, whatever the order', () => {
    let s = UPDATERS.applyChanges(initialState(), { type: 'applyChanges', at: 1, changes: [up(11, 'U1', 'EN_ROUTE')] });
    s = UPDATERS.snapshot(s, { type: 'snapshot', layer: 'units', features: [unit('U1', 'AVAILABLE')], seq: 10, at: 2 });
    expect(s.memory.units?.features.get('U1')?.properties.status).toBe('EN_ROUTE');
  });

  it('moves the open card’s live seq when its feature changes, not for others', () => {
    let s = UPDATERS.snapshot(initialState(), { type: 'snapshot', layer: 'units', features: [unit('U1', 'AVAILABLE')], seq: 10, at: 1 });
    s = UPDATERS.select(s, { type: 'select', selection: { collection: 'units', id: 'U1' } });
    expect(selectSelectedSeq(s)).toBe(10);
    s = UPDATERS.applyChanges(s, { type: 'applyChanges', at: 2, changes: [up(11, 'U2', 'EN_ROUTE')] });
    expect(selectSelectedSeq(s)).toBe(10);
    s = UPDATERS.applyChanges(s, { type: 'applyChanges', at: 3, changes: [up(12, 'U1', 'EN_ROUTE')] });
    expect(selectSelectedSeq(s)).toBe(12);
    s = UPDATERS.select(s, { type: 'select', selection: { collection: 'incidents', id: 'E1' } });
    expect(selectSelectedSeq(s)).toBeNull();
    s = UPDATERS.applyChanges(s, { type: 'applyChanges', at: 4, changes: [{ ...up(13, 'E1', 'ACCEPTED'), layer: 'incidents' }] });
    expect(selectSelectedSeq(s)).toBe(13);
  });
});
