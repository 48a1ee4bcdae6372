/**
 * The selected feature, raised above every layer while its card is open: a point gets a bright ring in its own
 * colour and one pulse outwards when it is picked; an area (a grid) a bold outline over a light fill. It follows
 * the feature's geometry once the card has loaded it, the picked spot before that. Pure builders; the pulse's
 * shape over time is highlightPulse().
 */
import { GeoJsonLayer, ScatterplotLayer } from '@deck.gl/layers';
import type { Selection } from '../../state/app-state.ts';
import { pointFillColour } from '../feature-colour.ts';
import type { RGB } from '../../lib/colors.ts';

export const HIGHLIGHT: RGB = [0, 229, 255];
export const PULSE_MS = 1400;
const RING_PX = 13;

/** The pulse at `elapsed` ms after the pick: its extra radius and opacity (0..1); null once it is over. */
export function highlightPulse(elapsed: number): { grow: number; opacity: number } | null {
  if (!(elapsed >= 0) || elapsed >= PULSE_MS) return null;
  const p = elapsed / PULSE_MS;
  return { grow: 34 * (1 - (1 - p) * (1 - p)), opacity: 1 - p };
}

/** The point to ring: the geometry's own (a Point) or the picked spot. */
export function highlightPoint(sel: Selection): [number, number] | null {
  const g = sel.geometry;
  if (g?.type === 'Point' && Array.isArray(g.coordinates)) return g.coordinates as [number, number];
  return sel.at ?? null;
}

export function buildHighlightLayers(sel: Selection | null, now: number) {
  if (!sel || sel.preview?.aggregated === true) return [];
  const g = sel.geometry;
  if (g && g.type !== 'Point') {
    return [
      new GeoJsonLayer({
        id: 'highlight-area',
        data: { type: 'Feature', geometry: g, properties: {} } as never,
        stroked: true,
        filled: true,
        getFillColor: [...HIGHLIGHT, 40],
        getLineColor: [...HIGHLIGHT, 255],
        getLineWidth: 4,
        lineWidthUnits: 'pixels',
        pickable: false,
      }),
    ];
  }
  const at = highlightPoint(sel);
  if (!at) return [];
  const fill = pointFillColour(sel.collection, sel.preview ?? {});
  const pulse = highlightPulse(now - (sel.since ?? now - PULSE_MS));
  const layers = [
    new ScatterplotLayer<[number, number]>({
      id: 'highlight-point',
      data: [at],
      getPosition: (d) => d,
      radiusUnits: 'pixels',
      lineWidthUnits: 'pixels',
      getRadius: RING_PX,
      stroked: true,
      filled: true,
      getFillColor: [fill[0], fill[1], fill[2], 255],
      getLineColor: [...HIGHLIGHT, 255],
      getLineWidth: 4,
      pickable: false,
    }),
  ];
  if (pulse) {
    layers.push(
      new ScatterplotLayer<[number, number]>({
        id: 'highlight-pulse',
        data: [at],
        getPosition: (d) => d,
        radiusUnits: 'pixels',
        lineWidthUnits: 'pixels',
        getRadius: RING_PX + pulse.grow,
        stroked: true,
        filled: false,
        getLineColor: [...HIGHLIGHT, Math.round(255 * pulse.opacity)],
        getLineWidth: 3,
        pickable: false,
        updateTriggers: { getRadius: [pulse.grow], getLineColor: [pulse.opacity] },
      }),
    );
  }
  return layers;
}
