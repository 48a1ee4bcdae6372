/**
 * Columnar memory of large live layers (client/src/map/point-columns.ts) and its mirror of the store
 * (client/src/map/memory-columns.ts): slots written in place, swap-remove, doubling, filters as radius 0,
 * and the columns equal to the store's memory after a snapshot and any deltas.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LiveChange, LiveFeature } from '../../server/protocol/live.ts';
import { initialState } from '../../client/src/state/app-state.ts';
import { createStore } from '../../client/src/state/store.ts';
import { PointColumns, type PointStyle, type Properties, type RGBA } from '../../client/src/map/point-columns.ts';
import { mirrorStore, touchedIds } from '../../client/src/map/memory-columns.ts';
import { createUnitStyle } from '../../client/src/map/layers/units-layer.ts';

/** Colour from the status code: AVAILABLE green, anything else red; radius 5. Counts its calls. */
function testStyle() {
  const styles: Record<string, PointStyle> = {
    AVAILABLE: { fill: [0, 200, 0, 255], line: [0, 0, 0, 255], radius: 5 },
    OTHER: { fill: [200, 0, 0, 255], line: [255, 255, 255, 255], radius: 5 },
  };
  const calls = { n: 0 };
  const styleOf = (p: Properties) => {
    calls.n++;
    return p.status === 'AVAILABLE' ? styles.AVAILABLE! : styles.OTHER!;
  };
  return { styleOf, calls };
}

const fillAt = (c: PointColumns, i: number): RGBA => {
  const v = c.data().attributes.getFillColor.value;
  return [v[i * 4]!, v[i * 4 + 1]!, v[i * 4 + 2]!, v[i * 4 + 3]!];
};
const positionAt = (c: PointColumns, i: number) => [...c.data().attributes.getPosition.value.subarray(i * 2, i * 2 + 2)];
const radiusAt = (c: PointColumns, i: number) => c.data().attributes.getRadius.value[i];

describe('point columns', () => {
  it('inserts into consecutive slots and finds them by id', () => {
    const c = new PointColumns(testStyle().styleOf);
    c.upsert('A', 114.1, 36.1, { status: 'AVAILABLE' });
    c.upsert('B', 114.2, 36.2, { status: 'EN_ROUTE' });
    expect(c.length).toBe(2);
    expect([c.indexOf('A'), c.indexOf('B'), c.indexOf('Z')]).toEqual([0, 1, undefined]);
    expect(positionAt(c, 1)).toEqual([114.2, 36.2]);
    expect(fillAt(c, 0)).toEqual([0, 200, 0, 255]);
    expect(fillAt(c, 1)).toEqual([200, 0, 0, 255]);
    expect(c.data().length).toBe(2);
    expect(c.data().attributes.getPosition.value.length).toBe(4);
  });

  it('updates a point in its own slot: same index, new position and colour, no layout change', () => {
    const c = new PointColumns(testStyle().styleOf);
    c.upsert('A', 114.1, 36.1, { status: 'AVAILABLE' });
    c.upsert('B', 114.2, 36.2, { status: 'AVAILABLE' });
    const { version, layout } = c;
    const before = c.data();
    c.upsert('A', 114.5, 36.5, { status: 'ON_SCENE' });
    expect(c.indexOf('A')).toBe(0);
    expect(c.length).toBe(2);
    expect(positionAt(c, 0)).toEqual([114.5, 36.5]);
    expect(fillAt(c, 0)).toEqual([200, 0, 0, 255]);
    expect(c.pointAt(0)?.properties).toEqual({ status: 'ON_SCENE' });
    expect(c.version).toBeGreaterThan(version);
    expect(c.layout).toBe(layout);
    expect(c.data()).not.toBe(before); // a new data object per version: deck.gl sees the change
  });

  it('deletes by moving the last point into the freed slot', () => {
    const c = new PointColumns(testStyle().styleOf);
    c.upsert('A', 1, 1, { status: 'AVAILABLE' });
    c.upsert('B', 2, 2, { status: 'AVAILABLE' });
    c.upsert('C', 3, 3, { status: 'EN_ROUTE' });
    const layout = c.layout;
    expect(c.remove('A')).toBe(true);
    expect(c.length).toBe(2);
    expect(c.indexOf('A')).toBeUndefined();
    expect(c.indexOf('C')).toBe(0);
    expect(c.pointAt(0)).toEqual({ id: 'C', lng: 3, lat: 3, properties: { status: 'EN_ROUTE' } });
    expect(fillAt(c, 0)).toEqual([200, 0, 0, 255]);
    expect(c.pointAt(2)).toBeUndefined();
    expect(c.layout).toBeGreaterThan(layout);
    expect(c.remove('A')).toBe(false);
    expect(c.remove('C')).toBe(true);
    expect(c.remove('B')).toBe(true);
    expect(c.length).toBe(0);
    expect(c.data().length).toBe(0);
  });

  it('grows by doubling and keeps what it held', () => {
    const c = new PointColumns(testStyle().styleOf, 2);
    for (let i = 0; i < 5; i++) c.upsert(`U${i}`, i, -i, { status: 'AVAILABLE' });
    expect(c.capacity).toBe(8);
    for (let i = 0; i < 5; i++) expect(c.pointAt(c.indexOf(`U${i}`)!)).toMatchObject({ lng: i, lat: -i });
    expect(positionAt(c, 4)).toEqual([4, -4]);
  });

  it('filters by radius 0 (kept in its slot), applies the filter to later inserts, and skips an equal filter', () => {
    const c = new PointColumns(testStyle().styleOf);
    c.upsert('A', 1, 1, { status: 'AVAILABLE' });
    c.upsert('B', 2, 2, { status: 'EN_ROUTE' });
    c.setFilter('{"status":"AVAILABLE"}', (p) => p.status === 'AVAILABLE');
    expect([radiusAt(c, 0), radiusAt(c, 1)]).toEqual([5, 0]);
    c.upsert('C', 3, 3, { status: 'EN_ROUTE' });
    c.upsert('B', 2, 2, { status: 'AVAILABLE' });
    expect([radiusAt(c, 0), radiusAt(c, 1), radiusAt(c, 2)]).toEqual([5, 5, 0]);
    const v = c.version;
    c.setFilter('{"status":"AVAILABLE"}', () => false);
    expect(c.version).toBe(v);
    c.setFilter('{}', () => true);
    expect(radiusAt(c, 2)).toBe(5);
  });

  it('stays equal to a plain map under any sequence of upserts and deletes (slots, index, attributes)', () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant('upsert' as const), id: fc.integer({ min: 0, max: 30 }), x: fc.integer({ min: -180, max: 180 }), busy: fc.boolean() }),
      fc.record({ kind: fc.constant('delete' as const), id: fc.integer({ min: 0, max: 30 }) }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 200 }), (ops) => {
        const c = new PointColumns(testStyle().styleOf, 1);
        const ref = new Map<string, { x: number; busy: boolean }>();
        for (const o of ops) {
          const id = `U${o.id}`;
          if (o.kind === 'upsert') {
            c.upsert(id, o.x, o.x / 2, { status: o.busy ? 'EN_ROUTE' : 'AVAILABLE' });
            ref.set(id, { x: o.x, busy: o.busy });
          } else {
            expect(c.remove(id)).toBe(ref.delete(id));
          }
        }
        expect(c.length).toBe(ref.size);
        for (const [id, v] of ref) {
          const i = c.indexOf(id)!;
          expect(c.pointAt(i)).toEqual({ id, lng: v.x, lat: v.x / 2, properties: { status: v.busy ? 'EN_ROUTE' : 'AVAILABLE' } });
          expect(positionAt(c, i)).toEqual([v.x, v.x / 2]);
          expect(fillAt(c, i)).toEqual(v.busy ? [200, 0, 0, 255] : [0, 200, 0, 255]);
        }
        const seen = new Set<string>();
        for (let i = 0; i < c.length; i++) seen.add(c.pointAt(i)!.id);
        expect(seen.size).toBe(ref.size);
      }),
    );
  });
});

const at = '2026-12-04T10:00:00.000Z';
function unit(id: string, lng: number, status = 'AVAILABLE'): LiveFeature {
  return { type: 'Feature', id, geometry: { type: 'Point', coordinates: [lng, 36] }, properties: { id, type: 'POLICE_PATROL', status } };
}
const upsert = (seq: number, f: LiveFeature): LiveChange => ({ seq, layer: 'units', op: 'upsert', id: f.id, feature: f, at });
const remove = (seq: number, id: string): LiveChange => ({ seq, layer: 'units', op: 'delete', id, feature: null, at });

/** The columns' content as id → [lng, status], and each id's slot pointing back at it. */
function contentOf(c: PointColumns): Map<string, [number, unknown]> {
  const out = new Map<string, [number, unknown]>();
  for (let i = 0; i < c.length; i++) {
    const p = c.pointAt(i)!;
    expect(c.indexOf(p.id)).toBe(i);
    out.set(p.id, [p.lng, p.properties.status]);
  }
  return out;
}
const memoryOf = (units: ReadonlyMap<string, LiveFeature>) =>
  new Map([...units].map(([id, f]) => [id, [(f.geometry as { coordinates: number[] }).coordinates[0]!, f.properties.status] as [number, unknown]]));

describe('columns mirror the store', () => {
  function mirrored() {
    const { styleOf, calls } = testStyle();
    const columns = new PointColumns(styleOf);
    const { store, feeds } = mirrorStore(createStore(initialState()), [{ layer: 'units', columns, memory: (s) => s.memory.units?.features }]);
    let notified = 0;
    feeds.units!.subscribe(() => notified++);
    return { store, columns, calls, notified: () => notified };
  }

  it('after a snapshot then deltas, hold exactly the store memory; a delta writes only the slots it names', () => {
    const { store, columns, calls, notified } = mirrored();
    const snapshot = Array.from({ length: 1000 }, (_, i) => unit(`U${i}`, 114 + i / 1000));
    store.dispatch({ type: 'snapshot', layer: 'units', features: snapshot, seq: 1, at: 1 });
    expect(contentOf(columns)).toEqual(memoryOf(store.getState().memory.units!.features));
    expect(columns.length).toBe(1000);
    calls.n = 0;
    store.dispatch({
      type: 'applyChanges',
      at: 2,
      changes: [upsert(10, unit('U5', 115, 'EN_ROUTE')), remove(11, 'U7'), upsert(12, unit('NEW', 113)), { ...upsert(13, unit('C1', 1)), layer: 'cameras' }],
    });
    expect(contentOf(columns)).toEqual(memoryOf(store.getState().memory.units!.features));
    expect(columns.length).toBe(1000);
    expect(contentOf(columns).get('U5')).toEqual([115, 'EN_ROUTE']);
    expect(calls.n).toBe(2); // two slots written (U5, NEW), not 1,000
    expect(notified()).toBe(2);
  });

  it('a later snapshot replaces everything, a session reset empties, and a non-point unit is not drawn', () => {
    const { store, columns } = mirrored();
    store.dispatch({ type: 'snapshot', layer: 'units', features: [unit('A', 114), unit('B', 115)], seq: 1, at: 1 });
    const line: LiveFeature = { type: 'Feature', id: 'L', geometry: { type: 'LineString', coordinates: [[1, 1], [2, 2]] }, properties: {} };
    store.dispatch({ type: 'snapshot', layer: 'units', features: [unit('B', 116), line], seq: 2, at: 2 });
    expect(contentOf(columns)).toEqual(new Map([['B', [116, 'AVAILABLE']]]));
    store.dispatch({ type: 'applyChanges', at: 3, changes: [upsert(5, { ...line, id: 'B' })] });
    expect(columns.indexOf('B')).toBeUndefined();
    store.dispatch({ type: 'applyChanges', at: 4, changes: [upsert(6, unit('C', 117))] });
    store.dispatch({ type: 'resetSession' });
    expect(columns.length).toBe(0);
  });

  it('a late snapshot leaves a newer delta in the columns (the store decides, the columns follow)', () => {
    const { store, columns } = mirrored();
    store.dispatch({ type: 'applyChanges', at: 1, changes: [upsert(20, unit('U5', 115, 'ON_SCENE'))] });
    store.dispatch({ type: 'snapshot', layer: 'units', features: [unit('U5', 114), unit('U6', 114.5)], seq: 10, at: 2 });
    expect(contentOf(columns)).toEqual(new Map([['U5', [115, 'ON_SCENE']], ['U6', [114.5, 'AVAILABLE']]]));
    expect(contentOf(columns)).toEqual(memoryOf(store.getState().memory.units!.features));
  });

  it('an action that leaves the memory alone touches nothing', () => {
    const { store, columns, notified } = mirrored();
    store.dispatch({ type: 'snapshot', layer: 'units', features: [unit('A', 114)], seq: 1, at: 1 });
    const v = columns.version;
    store.dispatch({ type: 'toggleLayer', layer: 'units' });
    store.dispatch({ type: 'applyChanges', at: 2, changes: [{ ...upsert(3, unit('C1', 1)), layer: 'cameras' }] });
    expect(columns.version).toBe(v);
    expect(notified()).toBe(1);
    expect(touchedIds({ type: 'toggleLayer' }, 'units')).toBeNull();
  });

  it('colours units with the map rules, one style object per type and status', () => {
    const style = createUnitStyle();
    const a = style({ type: 'FIRE_RESCUE', status: 'AVAILABLE' });
    expect(style({ type: 'FIRE_RESCUE', status: 'AVAILABLE', name: 'x' })).toBe(a);
    expect(a.fill).toEqual([229, 57, 53, 245]);
    expect(style({ type: 'FIRE_RESCUE', status: 'EN_ROUTE' }).line).toEqual([255, 255, 255, 255]);
  });
});
