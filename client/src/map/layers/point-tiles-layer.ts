/**
 * A point collection from vector tiles: coloured by its scheme (map/layer-styles.ts), outlined by status
 * or timer light. Below the collection's minZoom the tiles hold aggregated bins ({ count, aggregated }),
 * drawn as density circles growing with the count.
 */
import { MVTLayer } from '@deck.gl/geo-layers';
import { COLLECTIONS, type CollectionId } from '../../../../server/protocol/collections.ts';
import { BIN_OUTLINE, binColour, binRadius, pointFillColour, pointLineColour, pointRadius } from '../feature-colour.ts';
import { mvtCommon, type TileSource } from './mvt-common.ts';

export interface PointTilesInput extends TileSource {
  layer: CollectionId;
  visible: boolean;
  /** Clock for the incidents' timer light (ms); other layers ignore it. */
  now: number;
  beforeId?: string;
  /** Told, once the tiles in view are loaded, whether any of them holds density cells instead of points. */
  onAggregated?: (aggregated: boolean) => void;
}

/** A loaded tile's content as the binary MVT loader gives it (only what hasBins reads). */
type BinaryContent = {
  points?: { properties?: readonly Record<string, unknown>[]; numericProps?: Record<string, { value: ArrayLike<number> }> };
} | null;

/** Whether a tile's content is density cells (the server's `aggregated` tag, or a `count` column). Pure. */
export function hasBins(content: unknown): boolean {
  const pts = (content as BinaryContent)?.points;
  if (!pts) return false;
  if ((pts.numericProps?.count?.value.length ?? 0) > 0) return true;
  return (pts.properties ?? []).some((p) => isBin(p));
}

type F = { properties: Record<string, unknown> };
const isBin = (p: Record<string, unknown>) => p.aggregated === true || p.aggregated === 'true' || p.aggregated === 1;

export function buildPointTilesLayer(input: PointTilesInput) {
  const { layer, now } = input;
  return new MVTLayer({
    ...mvtCommon(layer, input),
    visible: input.visible,
    uniqueIdProperty: COLLECTIONS[layer].idProperty,
    pointType: 'circle',
    filled: true,
    stroked: true,
    pointRadiusUnits: 'pixels',
    lineWidthUnits: 'pixels',
    getPointRadius: (f: F) => (isBin(f.properties) ? binRadius(Number(f.properties.count ?? 1)) : pointRadius(layer, f.properties)),
    getFillColor: (f: F) => (isBin(f.properties) ? binColour(layer, Number(f.properties.count ?? 1)) : pointFillColour(layer, f.properties)),
    getLineColor: (f: F) => (isBin(f.properties) ? BIN_OUTLINE : pointLineColour(layer, f.properties, now)),
    getLineWidth: layer === 'incidents' ? 2 : 1,
    updateTriggers: layer === 'incidents' ? { getLineColor: [Math.floor(now / 60_000)] } : {},
    ...(input.beforeId ? { beforeId: input.beforeId } : {}),
    ...(input.onAggregated
      ? { onViewportLoad: (tiles: { content?: unknown }[]) => input.onAggregated!(tiles.some((t) => hasBins(t.content))) }
      : {}),
  });
}
