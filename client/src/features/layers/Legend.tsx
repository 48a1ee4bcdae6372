/**
 * A layer's legend from the same colour schemes the map uses (map/layer-styles.ts). The grids' legend follows
 * the chosen fill: grid types, or the KPI's colour ramp with its breaks (map/feature-colour.ts GRID_KPI_MAX).
 */
import { COLLECTIONS } from '../../../../server/protocol/collections.ts';
import { useI18n } from '../../app/use-i18n.ts';
import { cssColor, OFFLINE_GREY, TIMER, type RGB } from '../../lib/colors.ts';
import { INCIDENT_BUCKETS } from '../../lib/incident-rules.ts';
import { GRID_TYPE_COLOURS, SCHEMES } from '../../map/layer-styles.ts';
import type { MapLayerId } from '../../state/app-state.ts';
import { selectGridFill } from '../../state/selectors.ts';
import { useStore } from '../../state/store.ts';
import { useServices } from '../../app/services.ts';
import { GridKpiLegend } from './GridKpiLegend.tsx';

interface Entry {
  key: string;
  colour: RGB;
  label: string;
  ring?: RGB;
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
      : Object.entries(scheme.colours).map(([code, colour]) => ({ key: code, colour, label: scheme.codes?.[code]?.[lang] ?? code }));
  if (layer === 'cameras' || layer === 'checkpoints') entries.push({ key: 'OFF', colour: OFFLINE_GREY, ring: [229, 57, 53], label: t('legend.offline') });
  if (layer === 'incidents') {
    for (const light of ['GREEN', 'YELLOW', 'RED'] as const) entries.push({ key: light, colour: [40, 40, 40], ring: TIMER[light], label: t(`timer.${light}`) });
  }
  const polygon = COLLECTIONS[layer].geometryType === 'MultiPolygon';
  return (
    <ul className="legend" data-testid={`legend-${layer}`}>
      {entries.map((e) => (
        <li key={e.key}>
          <span
            className={polygon ? 'swatch square' : 'swatch'}
            style={{ background: cssColor(e.colour), borderColor: cssColor(e.ring ?? (polygon ? GRID_TYPE_COLOURS[e.key] ?? e.colour : e.colour)) }}
          />
          {e.label}
        </li>
      ))}
    </ul>
  );
}
