/**
 * Keeps columnar memory (./point-columns.ts) equal to a layer the store holds in memory (the store stays
 * the truth: which snapshot and which deltas win is decided there). After each action, only the ids the
 * action's changes name are looked up in the new memory and upserted or removed; an action that replaced
 * the memory otherwise (a snapshot, a reset) rebuilds the columns once. So a tick of 1,000 moved units
 * costs 1,000 slot writes, not a pass over 300,000.
 * `mirrorStore` wraps the store's dispatch (the store itself is untouched) and tells the columns' own
 * listeners after mirroring, so a map layer subscribes to the columns, not to the whole state.
 */
import type { CollectionId } from '../../../server/protocol/collections.ts';
import type { LiveChange, LiveFeature } from '../../../server/protocol/live.ts';
import type { AppState } from '../state/app-state.ts';
import type { Store } from '../state/store.ts';
import type { ColumnPoint, PointColumns } from './point-columns.ts';

export type Memory = ReadonlyMap<string, LiveFeature>;

/** A point feature as a column point; null for anything else (drawn by no point layer). */
export function columnPoint(id: string, f: LiveFeature): ColumnPoint | null {
  const g = f.geometry;
  if (!g || g.type !== 'Point') return null;
  const [lng, lat] = g.coordinates;
  if (!Number.isFinite(lng) || !Number.isFinite(lat)) return null;
  return { id, lng: lng!, lat: lat!, properties: f.properties ?? {} };
}

function* points(memory: Memory): Iterable<ColumnPoint> {
  for (const [id, f] of memory) {
    const p = columnPoint(id, f);
    if (p) yield p;
  }
}

/**
 * Brings `columns` from `prev` to `next`. `touched`: the ids that may differ between them (the action's
 * changes), or null when anything may (then the columns are rebuilt). Returns whether anything was done.
 */
export function mirrorMemory(columns: PointColumns, prev: Memory | undefined, next: Memory | undefined, touched: Iterable<string> | null): boolean {
  if (prev === next) return false;
  if (!next) {
    columns.reset([]);
    return true;
  }
  if (touched === null || !prev) {
    columns.reset(points(next));
    return true;
  }
  for (const id of touched) {
    const f = next.get(id);
    const p = f ? columnPoint(id, f) : null;
    if (p) columns.upsert(id, p.lng, p.lat, p.properties);
    else columns.remove(id);
  }
  return true;
}

/** The ids an action's changes name for a layer; null when the action carries no changes. */
export function touchedIds(action: unknown, layer: CollectionId): string[] | null {
  const changes = (action as { changes?: readonly LiveChange[] }).changes;
  if (!Array.isArray(changes)) return null;
  const ids: string[] = [];
  for (const c of changes) if (c.layer === layer) ids.push(String(c.id));
  return ids;
}

/** One memory layer mirrored into columns. */
export interface ColumnsMirror {
  layer: CollectionId;
  columns: PointColumns;
  /** Where the store keeps the layer's memory. */
  memory(s: AppState): Memory | undefined;
}

/** Subscribing to one layer's columns: `version` moves after each mirrored change. */
export interface ColumnsFeed {
  columns: PointColumns;
  subscribe(listener: () => void): () => void;
}

/**
 * The store with its dispatch mirrored into the columns, and a feed per mirrored layer. The columns start
 * from the store's current memory.
 */
export function mirrorStore(store: Store, mirrors: readonly ColumnsMirror[]): { store: Store; feeds: Partial<Record<CollectionId, ColumnsFeed>> } {
  const listeners = new Map(mirrors.map((m) => [m, new Set<() => void>()]));
  for (const m of mirrors) mirrorMemory(m.columns, undefined, m.memory(store.getState()), null);
  const feeds: Partial<Record<CollectionId, ColumnsFeed>> = {};
  for (const m of mirrors) {
    const set = listeners.get(m)!;
    feeds[m.layer] = {
      columns: m.columns,
      subscribe(listener) {
        set.add(listener);
        return () => set.delete(listener);
      },
    };
  }
  const dispatch: Store['dispatch'] = (action) => {
    const prev = store.getState();
    store.dispatch(action);
    const next = store.getState();
    if (prev === next) return;
    for (const m of mirrors) {
      if (mirrorMemory(m.columns, m.memory(prev), m.memory(next), touchedIds(action, m.layer))) for (const l of listeners.get(m)!) l();
    }
  };
  return { store: { ...store, dispatch }, feeds };
}
