/**
 * Colour of one feature of a layer, from its properties. Pure: the tile layers, the live overlay and the
 * units layer share it, so a feature recoloured on the feed looks exactly as its tile will.
 */
import type { CollectionId } from '../../../server/protocol/collections.ts';
import { OFFLINE_GREY, TIMER, ramp, withAlpha, type RGB, type RGBA } from '../lib/colors.ts';
import { isOpen, statusBucket, timeOf, timerLight } from '../lib/incident-rules.ts';
import type { GridFill } from '../state/app-state.ts';
import { colourOf, GRID_TYPE_COLOURS } from './layer-styles.ts';

type Props = Record<string, unknown>;

/** KPI domains for the grid fill (DOMAIN.md: ≤ 2,500 people and 300-500 households per grid). */
export const GRID_KPI_MAX: Readonly<Record<Exclude<GridFill, 'type'>, number>> = { population: 2500, households: 500, worker_count: 6 };

export function gridFillColour(p: Props, fill: GridFill): RGBA {
  if (fill === 'type') return withAlpha(GRID_TYPE_COLOURS[String(p.type)] ?? [158, 158, 158], 60);
  return withAlpha(ramp(Number(p[fill] ?? 0) / GRID_KPI_MAX[fill]), 150);
}

export function gridLineColour(p: Props): RGBA {
  return withAlpha(GRID_TYPE_COLOURS[String(p.type)] ?? [158, 158, 158], 220);
}

const isOff = (p: Props) => p.status === 'OFF';

/** Fill of a point feature. Offline devices are grey; closed hazards and off-duty units fade. */
export function pointFillColour(layer: CollectionId, p: Props): RGBA {
  switch (layer) {
    case 'cameras':
      return isOff(p) ? withAlpha(OFFLINE_GREY, 200) : withAlpha(colourOf(layer, p.ptz_type), 235);
    case 'checkpoints':
      return isOff(p) ? withAlpha(OFFLINE_GREY, 200) : withAlpha(colourOf(layer, p.type), 235);
    case 'fire-hazards':
      return withAlpha(colourOf(layer, p.grade), p.status === 'CLOSED' ? 90 : 235);
    case 'rental-housing':
      return withAlpha(colourOf(layer, p.hazard_level), 220);
    case 'incidents':
      return withAlpha(colourOf(layer, statusBucket(String(p.status ?? ''))), isOpen(String(p.status ?? '')) ? 240 : 60);
    case 'units':
      return withAlpha(colourOf(layer, p.type), p.status === 'OFF_DUTY' ? 110 : 245);
    case 'depots':
      return withAlpha(colourOf(layer, p.level), 245);
    case 'key-places':
      return withAlpha(colourOf(layer, p.type), 235);
    default:
      return [158, 158, 158, 200];
  }
}

/** Outline: incidents by timer light, offline devices in red (visibly different), busy units in white. */
export function pointLineColour(layer: CollectionId, p: Props, now: number): RGBA {
  if (layer === 'incidents') {
    const light = timerLight(String(p.status ?? ''), timeOf(p.reported_at), timeOf(p.deadline), now);
    return light ? withAlpha(TIMER[light], 255) : [0, 0, 0, 0];
  }
  if ((layer === 'cameras' || layer === 'checkpoints') && isOff(p)) return [229, 57, 53, 255];
  if (layer === 'units' && p.status !== 'AVAILABLE' && p.status !== 'OFF_DUTY') return [255, 255, 255, 255];
  return [20, 20, 20, 180];
}

/** Pixel radius per layer: small for dense layers, larger for the few important ones. */
export const POINT_RADIUS: Readonly<Partial<Record<CollectionId, number>>> = {
  cameras: 3,
  checkpoints: 4,
  'fire-hazards': 4,
  'rental-housing': 2.5,
  incidents: 5,
  units: 5,
  depots: 7,
  'key-places': 4,
};

/**
 * The colour of aggregated cells (density, not a feature): one warm neutral for every layer, unlike every status,
 * type or risk colour, so a cell is never read as a point of some status. The legend shows it as 密度(聚合).
 */
export const DENSITY: RGB = [222, 214, 190];

/** Pixel radius of one feature: closed incidents shrink to dots, so the open ones stand out. */
export function pointRadius(layer: CollectionId, p: Props): number {
  if (layer === 'incidents' && !isOpen(String(p.status ?? ''))) return 2;
  return POINT_RADIUS[layer] ?? 4;
}

/**
 * Early warnings (风险预警) in their level's colour (一级 red … 四级 blue, the legend's scheme): one in force (预警中)
 * with a firm outline over a light tint, an acknowledged one (已确认) a thinner outline over a fainter tint, a lifted
 * one (已解除) only a faint thin outline, so the map says what still needs a person. The outline carries the level;
 * the tint stays light because a coverage warning spans whole streets and overlapping ones add up (at 43 % the
 * city read orange from the wall). Outline widths are pixels: a small area seen from far out stays a ring of its
 * colour.
 */
const WARNING_FILL_ALPHA: Readonly<Record<string, number>> = { ACTIVE: 56, ACKNOWLEDGED: 28, LIFTED: 0 };
const WARNING_LINE_PX: Readonly<Record<string, number>> = { ACTIVE: 3, ACKNOWLEDGED: 2, LIFTED: 1 };

export function warningFillColour(p: Props): RGBA {
  return withAlpha(colourOf('warnings', p.level), WARNING_FILL_ALPHA[String(p.status)] ?? 55);
}

export function warningLineColour(p: Props): RGBA {
  return withAlpha(colourOf('warnings', p.level), p.status === 'LIFTED' ? 90 : 255);
}

export function warningLineWidth(p: Props): number {
  return WARNING_LINE_PX[String(p.status)] ?? 2;
}

/** An aggregated bin: more opaque and larger with its count (log scale), capped so the city stays legible. */
export function binColour(_layer: CollectionId, count: number): RGBA {
  const t = Math.min(1, Math.log10(Math.max(1, count)) / 3);
  return withAlpha(DENSITY, Math.round(40 + 130 * t));
}

/** The cell's outline: the density colour, firmer, so a faint cell still reads as a cell. */
export const BIN_OUTLINE: RGBA = withAlpha(DENSITY, 200);
export function binRadius(count: number): number {
  return Math.min(9, 1.5 + 2.5 * Math.log10(Math.max(1, count)));
}

export type { RGB };
