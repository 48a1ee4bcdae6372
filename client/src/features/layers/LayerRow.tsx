/** One layer: toggle, title, live count, legend and (when opened) its filters. */
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
  const zoom = useStore(store, selectZoom);
  const [open, setOpen] = useState(false);
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
        <span className="layer-count" data-testid={`count-${layer}`} data-count={count}>
          {count === undefined ? '…' : formatCount(count, lang)}
        </span>
        <button type="button" className={`filter-btn ${active ? 'active' : ''}`} onClick={() => setOpen(!open)} aria-expanded={open}>
          {t('layers.filters')}
          {active ? ` (${active})` : ''}
        </button>
      </div>
      {state.visible && def.geometryType === 'Point' && zoom < def.minZoom && (
        <div className="zoom-hint">
          {t('layers.zoomIn', { z: def.minZoom })} · {t('layers.density')}
        </div>
      )}
      {state.visible && <Legend layer={layer} />}
      {open && <LayerFilters layer={layer} />}
    </li>
  );
}
