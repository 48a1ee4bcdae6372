/**
 * Changes seen on the live feed since a layer's tiles were loaded, drawn over them in the same colours
 * (so a recoloured camera or a new incident shows at once), and a pulse ring around new incidents.
 */
import { ScatterplotLayer } from '@deck.gl/layers';
import type { CollectionId } from '../../../../server/protocol/collections.ts';
import type { LiveFeature } from '../../../../server/protocol/live.ts';
import type { OverlayEntry } from '../../state/app-state.ts';
import { matches } from '../../state/selectors.ts';
import { pointFillColour, pointLineColour, POINT_RADIUS } from '../feature-colour.ts';
import { positionOf } from './units-layer.ts';

export interface OverlayInput {
  layer: CollectionId;
  entries: ReadonlyMap<string, OverlayEntry>;
  visible: boolean;
  now: number;
  beforeId?: string;
  /** The layer's filters (panel and area): a change that does not pass them is not drawn. */
  filters?: Readonly<Record<string, string>>;
}

/** The upserted point features of an overlay (deletes have no feature) that pass the layer's filters. */
export function overlayFeatures(entries: ReadonlyMap<string, OverlayEntry>, filters: Readonly<Record<string, string>> = {}): LiveFeature[] {
  const out: LiveFeature[] = [];
  for (const e of entries.values()) if (e.feature && e.feature.geometry?.type === 'Point' && matches(e.feature.properties ?? {}, filters)) out.push(e.feature);
  return out;
}

export function buildOverlayLayer(input: OverlayInput) {
  const { layer, now } = input;
  const radius = (POINT_RADIUS[layer] ?? 4) + 1;
  return new ScatterplotLayer<LiveFeature>({
    id: `overlay-${layer}`,
    data: overlayFeatures(input.entries, input.filters),
    visible: input.visible,
    pickable: true,
    stroked: true,
    radiusUnits: 'pixels',
    lineWidthUnits: 'pixels',
    getRadius: radius,
    getLineWidth: 2,
    getPosition: positionOf,
    getFillColor: (f) => pointFillColour(layer, f.properties),
    getLineColor: (f) => pointLineColour(layer, f.properties, now),
    updateTriggers: { getLineColor: [Math.floor(now / 60_000)] },
    ...(input.beforeId ? { beforeId: input.beforeId } : {}),
  });
}

/** Pulse period and how long a new feature keeps pulsing. */
export const PULSE_MS = 1600;
export const PULSE_FOR_MS = 30_000;

/** Fresh entries still pulsing at `now`. */
export function pulsing(entries: ReadonlyMap<string, OverlayEntry>, now: number): LiveFeature[] {
  const out: LiveFeature[] = [];
  for (const e of entries.values()) if (e.fresh && e.feature && now - e.at < PULSE_FOR_MS) out.push(e.feature);
  return out;
}

export function buildPulseLayer(input: { features: readonly LiveFeature[]; now: number; visible: boolean }) {
  const phase = (input.now % PULSE_MS) / PULSE_MS;
  return new ScatterplotLayer<LiveFeature>({
    id: 'pulse',
    data: input.features,
    visible: input.visible,
    pickable: false,
    filled: false,
    stroked: true,
    radiusUnits: 'pixels',
    lineWidthUnits: 'pixels',
    getPosition: positionOf,
    getRadius: 6 + phase * 22,
    getLineWidth: 3,
    getLineColor: [229, 57, 53, Math.round(255 * (1 - phase))],
    updateTriggers: { getRadius: [phase], getLineColor: [phase] },
  });
}
