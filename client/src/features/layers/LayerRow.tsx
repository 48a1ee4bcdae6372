/**
 * One layer: toggle, title, its count (what the panel's area and filters select; incidents as 在办 and 累计),
 * legend and (when opened) its filters. The density note shows exactly when the map draws the layer as density
 * cells in view (state mapView.aggregated, told by the tiles themselves), or before its points' zoom.
 */
import { useState } from 'react';
import { COLLECTIONS } from '../../../../server/protocol/collections.ts';
import { useServices } from '../../app/services.ts';
import { useI18n } from '../../app/use-i18n.ts';
import { formatCount } from '../../lib/format.ts';
import type { MapLayerId } from '../../state/app-state.ts';
import { selectCount, selectLayer, selectZoom } from '../../state/selectors.ts';
import { useStore } from '../../state/store.ts';
import { Legend } from './Legend.tsx';
import { LayerFilters } from './LayerFilters.tsx';

export function LayerRow({ layer }: { layer: MapLayerId }) {
  const { store } = useServices();
  const { t, lang } = useI18n();
  const state = useStore(store, selectLayer(layer));
  const count = useStore(store, selectCount(layer));
  const open = useStore(store, (s) => (layer === 'incidents' ? s.counts.open?.incidents : undefined));
  const narrowed = useStore(store, (s) => s.counts.narrowed?.includes(layer) ?? false);
  const aggregated = useStore(store, (s) => s.mapView.aggregated[layer] ?? false);
  const zoom = useStore(store, selectZoom);
  const [filtersOpen, setFiltersOpen] = useState(false);
  const def = COLLECTIONS[layer];
  const active = Object.keys(state.filters).length;
  return (
    <li className={`layer-row ${state.visible ? 'on' : 'off'}`} data-layer={layer}>
      <div className="layer-head">
        <label>
          <input
            type="checkbox"
            checked={state.visible}
            onChange={() => store.dispatch({ type: 'toggleLayer', layer })}
            data-testid={`toggle-${layer}`}
          />
          <span className="layer-title">{def.title[lang]}</span>
        </label>
        <span
          className={`layer-count${narrowed ? ' narrowed' : ''}`}
          data-testid={`count-${layer}`}
          data-count={count}
          data-open={open}
          data-narrowed={narrowed}
          title={`${narrowed ? t('desk.count.narrowed') : t('desk.count.scope')}${open !== undefined ? ` · ${t('desk.count.openHint')}` : ''}`}
        >
          {count === undefined
            ? '…'
            : open !== undefined && open !== count
              ? `${t('desk.count.open', { open: formatCount(open, lang) })} · ${t('desk.count.total', { total: formatCount(count, lang) })}`
              : open !== undefined
                ? t('desk.count.open', { open: formatCount(open, lang) }) // only open ones are selected: one figure
                : t('desk.count.all', { n: formatCount(count, lang) })}
        </span>
        <button type="button" className={`filter-btn ${active ? 'active' : ''}`} onClick={() => setFiltersOpen(!filtersOpen)} aria-expanded={filtersOpen} data-testid={`filter-btn-${layer}`}>
          {t('layers.filters')}
          {active ? ` (${active})` : ''}
        </button>
      </div>
      {state.visible && def.geometryType === 'Point' && (aggregated || zoom < def.minZoom) && (
        <div className="zoom-hint" data-testid={`density-note-${layer}`}>
          {aggregated ? t('desk.layers.aggregated') : t('desk.layers.zoomIn', { z: def.minZoom })}
        </div>
      )}
      {state.visible && <Legend layer={layer} />}
      {filtersOpen && <LayerFilters layer={layer} />}
    </li>
  );
}
