/**
 * A layer's legend from the same colour schemes the map uses (map/layer-styles.ts), codes in the lists' order
 * (by code, 其他 last), and for point layers the density cells (map/feature-colour.ts DENSITY) they turn into where
 * they are too dense to draw. The grids' legend follows the chosen fill: grid types, or the KPI's colour ramp with
 * its breaks (map/feature-colour.ts GRID_KPI_MAX). Warnings list their levels' colours, then their statuses as the map
 * draws them (outline over a light tint, a fainter one, outline only) in a neutral grey.
 */
import { COLLECTIONS } from '../../../../server/protocol/collections.ts';
import { WARNING_STATUS } from '../../../../server/protocol/codes.ts';
import { useI18n } from '../../app/use-i18n.ts';
import { cssColor, OFFLINE_GREY, TIMER, type RGB, type RGBA } from '../../lib/colors.ts';
import { INCIDENT_BUCKETS } from '../../lib/incident-rules.ts';
import { GRID_TYPE_COLOURS, SCHEMES } from '../../map/layer-styles.ts';
import { selectGridFill } from '../../state/selectors.ts';
import { useStore } from '../../state/store.ts';
import { useServices } from '../../app/services.ts';
import { GridKpiLegend } from './GridKpiLegend.tsx';
import { DENSITY, warningFillColour, warningLineColour } from '../../map/feature-colour.ts';
import { orderedCodes } from '../../lib/code-order.ts';
import { isMemoryLayer, type MapLayerId } from '../../state/app-state.ts';

interface Entry {
  key: string;
  colour: RGB | RGBA;
  label: string;
  ring?: RGB | RGBA;
  density?: boolean;
}

export function Legend({ layer }: { layer: MapLayerId }) {
  const { t, lang } = useI18n();
  const { store } = useServices();
  const gridFill = useStore(store, selectGridFill);
  const scheme = SCHEMES[layer];
  if (!scheme) return null;
  if (layer === 'grids' && gridFill !== 'type') return <GridKpiLegend fill={gridFill} />;
  const entries: Entry[] =
    layer === 'incidents'
      ? INCIDENT_BUCKETS.map((b) => ({ key: b, colour: scheme.colours[b]!, label: t(`bucket.${b}`) }))
      : (scheme.codes ? orderedCodes(scheme.codes).filter((c) => c in scheme.colours) : Object.keys(scheme.colours)).map((code) => ({
          key: code,
          colour: scheme.colours[code]!,
          label: scheme.codes?.[code]?.[lang] ?? code,
        }));
  if (layer === 'cameras' || layer === 'checkpoints') entries.push({ key: 'OFF', colour: OFFLINE_GREY, ring: [229, 57, 53], label: t('legend.offline') });
  if (layer === 'incidents') {
    for (const light of ['GREEN', 'YELLOW', 'RED'] as const) entries.push({ key: light, colour: [40, 40, 40], ring: TIMER[light], label: t(`timer.${light}`) });
  }
  if (layer === 'warnings') {
    for (const [status, label] of Object.entries(WARNING_STATUS)) {
      entries.push({ key: status, colour: warningFillColour({ status }), ring: warningLineColour({ status }), label: label[lang] });
    }
  }
  const polygon = COLLECTIONS[layer].geometryType === 'MultiPolygon';
  // Tile layers turn into density cells where too dense; memory layers (units) are always drawn as points.
  if (!polygon && !isMemoryLayer(layer)) entries.push({ key: 'density', colour: DENSITY, label: t('desk.legend.density'), density: true });
  return (
    <ul className="legend" data-testid={`legend-${layer}`}>
      {entries.map((e) => (
        <li key={e.key} data-key={e.key}>
          <span
            className={e.density ? 'swatch density' : polygon ? 'swatch square' : 'swatch'}
            style={{ background: cssColor(e.colour), borderColor: cssColor(e.ring ?? (polygon ? GRID_TYPE_COLOURS[e.key] ?? e.colour : e.colour)) }}
          />
          {e.label}
        </li>
      ))}
    </ul>
  );
}
