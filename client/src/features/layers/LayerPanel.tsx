/** The layer panel: one row per layer (toggle, live count, legend, filters) and the grid fill choice. */
import { useServices } from '../../app/services.ts';
import { useI18n } from '../../app/use-i18n.ts';
import { MAP_LAYERS, type GridFill } from '../../state/app-state.ts';
import { selectGridFill } from '../../state/selectors.ts';
import { useStore } from '../../state/store.ts';
import { LayerRow } from './LayerRow.tsx';

const FILLS: readonly GridFill[] = ['type', 'population', 'households', 'worker_count'];

export function LayerPanel() {
  const { store } = useServices();
  const { t } = useI18n();
  const gridFill = useStore(store, selectGridFill);
  return (
    <aside className="panel layer-panel" data-floating="panel" data-testid="layer-panel">
      <h2>{t('layers.title')}</h2>
      <label className="grid-fill">
        {t('layers.gridFill')}
        <select value={gridFill} onChange={(e) => store.dispatch({ type: 'setGridFill', fill: e.target.value as GridFill })}>
          {FILLS.map((f) => (
            <option key={f} value={f}>
              {t(`layers.gridFill.${f}`)}
            </option>
          ))}
        </select>
      </label>
      <ul className="layer-list">
        {MAP_LAYERS.map((id) => (
          <LayerRow key={id} layer={id} />
        ))}
      </ul>
    </aside>
  );
}
