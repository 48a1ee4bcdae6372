import { describe, expect, it } from 'vitest';
import type { LiveChange } from '../../server/protocol/live.ts';
import { initialState } from '../../client/src/state/app-state.ts';
import { UPDATERS } from '../../client/src/state/updaters.ts';
import { createStore } from '../../client/src/state/store.ts';
import { createBatcher, mergeChanges } from '../../client/src/state/live-batcher.ts';

const at = '2026-11-28T10:00:00.000Z';
function change(seq: number, layer: LiveChange['layer'], id: string, props: Record<string, unknown> = {}, op: LiveChange['op'] = 'upsert'): LiveChange {
  return {
    seq,
    layer,
    op,
    id,
    at,
    feature: op === 'delete' ? null : { type: 'Feature', id, geometry: { type: 'Point', coordinates: [114.3, 36.1] }, properties: { id, ...props } },
  };
}

describe('updaters', () => {
  it('toggles a layer without touching the others', () => {
    const s = UPDATERS.toggleLayer(initialState(), { type: 'toggleLayer', layer: 'cameras' });
    expect(s.ui.layers.cameras.visible).toBe(false);
    expect(s.ui.layers.grids.visible).toBe(true);
  });

  it('sets and clears a filter', () => {
    let s = UPDATERS.setFilter(initialState(), { type: 'setFilter', layer: 'cameras', property: 'status', value: 'OFF' });
    expect(s.ui.layers.cameras.filters).toEqual({ status: 'OFF' });
    s = UPDATERS.setFilter(s, { type: 'setFilter', layer: 'cameras', property: 'status', value: '' });
    expect(s.ui.layers.cameras.filters).toEqual({});
  });

  it('moves units in memory and puts other changes in the overlay', () => {
    const s = UPDATERS.applyChanges(initialState(), {
      type: 'applyChanges',
      at: 1000,
      changes: [change(1, 'units', 'U1', { status: 'EN_ROUTE' }), change(2, 'cameras', 'C1', { status: 'OFF' })],
    });
    expect(s.memory.units?.features.get('U1')?.properties.status).toBe('EN_ROUTE');
    expect(s.overlay.cameras?.get('C1')?.feature?.properties.status).toBe('OFF');
    expect(s.overlay.cameras?.get('C1')?.fresh).toBe(false);
    expect(s.live.lastDataAt).toBe(1000);
  });

  it('marks an incident reported at the change time as fresh (it pulses)', () => {
    const s = UPDATERS.applyChanges(initialState(), { type: 'applyChanges', at: 5, changes: [change(3, 'incidents', 'E1', { reported_at: at, status: 'REPORTED' })] });
    expect(s.overlay.incidents?.get('E1')?.fresh).toBe(true);
  });

  it('removes a deleted unit and records a deleted feature as null', () => {
    let s = UPDATERS.snapshot(initialState(), { type: 'snapshot', layer: 'units', seq: 1, at: 1, features: [change(1, 'units', 'U1').feature!] });
    s = UPDATERS.applyChanges(s, { type: 'applyChanges', at: 2, changes: [change(2, 'units', 'U1', {}, 'delete'), change(3, 'incidents', 'E1', {}, 'delete')] });
    expect(s.memory.units?.features.size).toBe(0);
    expect(s.overlay.incidents?.get('E1')?.feature).toBeNull();
  });

  it('empties the overlay and bumps the tile version on refresh', () => {
    let s = UPDATERS.applyChanges(initialState(), { type: 'applyChanges', at: 1, changes: [change(1, 'cameras', 'C1')] });
    s = UPDATERS.refreshTiles(s, { type: 'refreshTiles', at: 2 });
    expect(s.overlay).toEqual({});
    expect(Object.values(s.tiles).every((v) => v === 1)).toBe(true);
  });

  it('reloads only the tiles of the layers that changed, and empties only their overlays', () => {
    let s = UPDATERS.applyChanges(initialState(), { type: 'applyChanges', at: 1, changes: [change(1, 'cameras', 'C1'), change(2, 'incidents', 'E1')] });
    const before = s;
    s = UPDATERS.refreshTiles(s, { type: 'refreshTiles', layers: ['cameras'], at: 2 });
    expect(s.tiles.cameras).toBe(1);
    expect(Object.entries(s.tiles).filter(([id]) => id !== 'cameras').every(([, v]) => v === 0)).toBe(true);
    expect(s.overlay.cameras).toBeUndefined();
    expect(s.overlay.incidents).toBe(before.overlay.incidents);
    expect(s.ui).toBe(before.ui);
  });

  it('leaves the slices a change does not touch as they were (selectors compare by identity)', () => {
    const s0 = initialState();
    const s1 = UPDATERS.applyChanges(s0, { type: 'applyChanges', at: 1, changes: [change(1, 'units', 'U1')] });
    expect(s1.overlay).toBe(s0.overlay);
    expect(s1.ui).toBe(s0.ui);
    expect(s1.tiles).toBe(s0.tiles);
    const s2 = UPDATERS.applyChanges(s1, { type: 'applyChanges', at: 2, changes: [change(2, 'cameras', 'C1')] });
    expect(s2.memory).toBe(s1.memory);
    expect(UPDATERS.setZoom(s2, { type: 'setZoom', zoom: 9.01 })).toBe(s2);
  });
});

describe('a new session', () => {
  it('forgets everything the last principal received, keeps the language and theme, reloads tiles', () => {
    let s = initialState('en', 'light');
    s = UPDATERS.applyChanges(s, { type: 'applyChanges', changes: [change(1, 'units', 'U1'), change(2, 'incidents', 'I1')], at: 1 });
    s = UPDATERS.setCounts(s, { type: 'setCounts', counts: { incidents: 133_087 } });
    s = UPDATERS.select(s, { type: 'select', selection: { collection: 'incidents', id: 'I1' } as never });
    const r = UPDATERS.resetSession(s, { type: 'resetSession' });
    expect(r.memory).toEqual({});
    expect(r.overlay).toEqual({});
    expect(r.counts.byLayer).toEqual({});
    expect(r.selection).toBeNull();
    expect([r.ui.lang, r.ui.theme]).toEqual(['en', 'light']);
    expect(r.tiles.cameras).toBe(s.tiles.cameras + 1);
  });
});

describe('store', () => {
  it('notifies subscribers only when the state changes', () => {
    const store = createStore(initialState());
    let calls = 0;
    store.subscribe(() => calls++);
    store.dispatch({ type: 'setLang', lang: 'zh' });
    store.dispatch({ type: 'setLang', lang: 'en' });
    expect(calls).toBe(1);
    expect(store.getState().ui.lang).toBe('en');
  });
});

describe('live batcher', () => {
  it('merges a burst by layer and id, keeping the newest seq', () => {
    const merged = mergeChanges(new Map(), [change(5, 'units', 'U1', { n: 5 }), change(4, 'units', 'U1', { n: 4 }), change(6, 'units', 'U2')]);
    expect(merged.size).toBe(2);
    expect(merged.get('units/U1')?.seq).toBe(5);
  });

  it('delivers one sorted batch per tick', () => {
    const ticks: (() => void)[] = [];
    const delivered: LiveChange[][] = [];
    const b = createBatcher((batch) => delivered.push(batch), (fn) => ticks.push(fn));
    b.push([change(3, 'units', 'U1')]);
    b.push([change(2, 'incidents', 'E1'), change(4, 'units', 'U1')]);
    expect(ticks).toHaveLength(1);
    expect(delivered).toHaveLength(0);
    ticks[0]!();
    expect(delivered).toHaveLength(1);
    expect(delivered[0]!.map((c) => c.seq)).toEqual([2, 4]);
  });
});

describe('initial state', () => {
  it('shows every layer by default and only the listed ones with ?layers=', () => {
    expect(Object.values(initialState().ui.layers).every((l) => l.visible)).toBe(true);
    const some = initialState('zh', 'dark', 'incidents,units').ui.layers;
    expect(Object.entries(some).filter(([, l]) => l.visible).map(([id]) => id)).toEqual(['incidents', 'units']);
    expect(Object.values(initialState('zh', 'dark', 'none').ui.layers).some((l) => l.visible)).toBe(false);
  });
});
