/**
 * Early warnings (风险预警) as polygons over the grids: filled and outlined in the colour of their level (一级 red …
 * 四级 blue, the risk colours). A warning in force (预警中) is filled more strongly than an acknowledged one (已确认);
 * a lifted one (已解除) is drawn only as a thin outline, so the map says what still needs a person.
 */
import { MVTLayer } from '@deck.gl/geo-layers';
import { COLLECTIONS } from '../../../../server/protocol/collections.ts';
import { OFFLINE_GREY, WARNING_LEVEL_COLOURS, withAlpha, type RGBA } from '../../lib/colors.ts';
import { mvtCommon, type TileSource } from './mvt-common.ts';

export interface WarningsLayerInput extends TileSource {
  visible: boolean;
  beforeId?: string;
}

type Props = { properties: Record<string, unknown> };

const FILL_ALPHA: Readonly<Record<string, number>> = { ACTIVE: 110, ACKNOWLEDGED: 55, LIFTED: 0 };

/** Fill of a warning by level and status. Pure. */
export function warningFill(p: Record<string, unknown>): RGBA {
  return withAlpha(WARNING_LEVEL_COLOURS[String(p.level)] ?? OFFLINE_GREY, FILL_ALPHA[String(p.status)] ?? 55);
}

/** Outline of a warning: its level's colour, faded once lifted. Pure. */
export function warningLine(p: Record<string, unknown>): RGBA {
  return withAlpha(WARNING_LEVEL_COLOURS[String(p.level)] ?? OFFLINE_GREY, p.status === 'LIFTED' ? 90 : 255);
}

export function buildWarningsLayer(input: WarningsLayerInput) {
  return new MVTLayer({
    ...mvtCommon('warnings', input),
    visible: input.visible,
    minZoom: COLLECTIONS.warnings.minZoom,
    uniqueIdProperty: 'id',
    filled: true,
    stroked: true,
    getFillColor: (f: Props) => warningFill(f.properties),
    getLineColor: (f: Props) => warningLine(f.properties),
    lineWidthUnits: 'pixels',
    getLineWidth: (f: Props) => (f.properties.status === 'ACTIVE' ? 3 : 1.5),
    ...(input.beforeId ? { beforeId: input.beforeId } : {}),
  });
}
