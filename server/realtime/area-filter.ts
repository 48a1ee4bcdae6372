/**
 * Which changes a subscription receives. Pure.
 * First the jurisdiction (the principal's admin unit, docs/security.md): a change outside it is never sent; a
 * feature that leaves it (moved, re-coded or deleted) is sent as a delete, so a client drops what it can no longer
 * see. The row's codes before the change come from the log (ChangeRecord.oldCodes), never from the client.
 * A subscription names layers and optionally an area: a bbox, or an admin unit (its code, matched on the
 * feature's district/street/community code property, with the unit's bbox as a fallback for layers that
 * do not carry that code, e.g. units at street level). A feature that leaves the area is sent as a delete.
 * Last, a masked subscription (view 'masked') receives personal layer properties masked (masking.ts LAYER_PERSONAL).
 */
import type { Position } from 'geojson';
import type { Bbox, LiveChange, LiveFeature } from '../protocol/live.ts';
import type { ChangeRecord } from '../db/live/changes-repository.ts';
import { LAYER_SOURCES, scopeCodesOf } from '../db/features/layer-sources.ts';
import { isCollectionId } from '../protocol/collections.ts';
import { inJurisdiction, scopePrefix } from '../auth/jurisdiction.ts';
import { maskLayerProperties } from '../auth/masking.ts';
import type { LayerView } from '../auth/personal-view.ts';

export interface SubscriptionArea {
  bbox: Bbox;
  /** Property name and value to match, e.g. ['district_code', '410502']. */
  code?: { property: string; value: string };
}

export interface Subscription {
  layers: ReadonlySet<string>;
  area?: SubscriptionArea;
  /** The subscriber's jurisdiction (an admin code); absent only for trusted internal subscribers. */
  scope?: string;
  /** Personal layer properties in full or masked; absent (trusted internal subscribers) = as stored. */
  view?: LayerView;
}

/** The admin-code property a code of this length matches. */
export function adminCodeProperty(code: string): string {
  return code.length === 6 ? 'district_code' : code.length === 9 ? 'street_code' : 'community_code';
}

export function bboxIntersects(a: Bbox, b: Bbox): boolean {
  return a[0] <= b[2] && a[2] >= b[0] && a[1] <= b[3] && a[3] >= b[1];
}

const bboxCache = new WeakMap<LiveFeature, Bbox | null>();

/** The bounding box of a feature's geometry (cached per feature object). */
export function featureBbox(feature: LiveFeature): Bbox | null {
  const cached = bboxCache.get(feature);
  if (cached !== undefined) return cached;
  const box: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  const visit = (c: unknown): void => {
    if (typeof (c as Position)[0] === 'number') {
      const [x, y] = c as Position;
      box[0] = Math.min(box[0], x!);
      box[1] = Math.min(box[1], y!);
      box[2] = Math.max(box[2], x!);
      box[3] = Math.max(box[3], y!);
    } else (c as unknown[]).forEach(visit);
  };
  const g = feature.geometry;
  if (g && 'coordinates' in g) visit(g.coordinates);
  const result = Number.isFinite(box[0]) ? box : null;
  bboxCache.set(feature, result);
  return result;
}

function featureInArea(feature: LiveFeature, area: SubscriptionArea): boolean {
  const code = area.code && feature.properties[area.code.property];
  if (area.code && typeof code === 'string' && code !== '') return code === area.code.value;
  const box = featureBbox(feature);
  return box !== null && bboxIntersects(box, area.bbox);
}

/** Where a change stands for a jurisdiction: inside now, inside before but not now (left), or never inside. */
export function jurisdictionOf(change: ChangeRecord, scope: string): 'in' | 'left' | 'out' {
  if (!isCollectionId(change.layer)) return 'out';
  const source = LAYER_SOURCES[change.layer];
  if (change.op === 'upsert' && change.feature && inJurisdiction(scope, scopeCodesOf(source, change.feature.properties))) return 'in';
  return change.oldCodes !== null && inJurisdiction(scope, scopeCodesOf(source, change.oldCodes)) ? 'left' : 'out';
}

/** What this subscription receives for a change: the change, a "left your area" delete, or nothing. */
export function project(change: ChangeRecord, sub: Subscription): LiveChange | null {
  if (!sub.layers.has(change.layer)) return null;
  const scoped = sub.scope === undefined ? 'in' : jurisdictionOf(change, sub.scope);
  if (scoped === 'out') return null;
  const wire = sub.view === 'masked' ? toMaskedWire(change) : toWire(change);
  const area = sub.area;
  if (scoped === 'left') {
    const wasInArea = !area || change.oldBbox === null || bboxIntersects(change.oldBbox, area.bbox);
    return wasInArea ? (wire.op === 'delete' ? wire : { ...wire, op: 'delete', feature: null }) : null;
  }
  if (!area) return wire;
  const wasInside = change.oldBbox === null || bboxIntersects(change.oldBbox, area.bbox);
  if (change.op === 'delete' || !change.feature) return wasInside ? wire : null;
  if (featureInArea(change.feature, area)) return wire;
  return change.oldBbox !== null && wasInside ? { ...wire, op: 'delete', feature: null } : null;
}

const wireCache = new WeakMap<ChangeRecord, LiveChange>();

/** The wire shape (without server-only fields), one object per record so encodings can be shared. */
export function toWire(change: ChangeRecord): LiveChange {
  let w = wireCache.get(change);
  if (!w) {
    w = { seq: change.seq, layer: change.layer, op: change.op, id: change.id, feature: change.feature, at: change.at };
    wireCache.set(change, w);
  }
  return w;
}

const maskedWireCache = new WeakMap<ChangeRecord, LiveChange>();

/** The wire shape with personal layer properties masked, one object per record (shared by every masked socket). */
export function toMaskedWire(change: ChangeRecord): LiveChange {
  let w = maskedWireCache.get(change);
  if (!w) {
    const plain = toWire(change);
    w = plain.feature ? { ...plain, feature: { ...plain.feature, properties: maskLayerProperties(change.layer, plain.feature.properties) } } : plain;
    maskedWireCache.set(change, w);
  }
  return w;
}

/** A stable key for a subscription: sockets with equal keys share one room and one filtering pass. */
export function subscriptionKey(sub: Subscription): string {
  const layers = [...sub.layers].sort().join(',');
  const area = sub.area ? `|${sub.area.bbox.join(',')}|${sub.area.code ? `${sub.area.code.property}=${sub.area.code.value}` : ''}` : '';
  const scope = sub.scope === undefined ? '' : `|scope=${scopePrefix(sub.scope)}`;
  const view = sub.view === undefined ? '' : `|view=${sub.view}`;
  return `${layers}${area}${scope}${view}`;
}
