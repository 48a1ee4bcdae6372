/** Per-layer filters: each registry-filterable classified field (status, category, type …) and the district. */
import { COLLECTIONS } from '../../../../server/protocol/collections.ts';
import { useServices } from '../../app/services.ts';
import { useI18n } from '../../app/use-i18n.ts';
import type { MapLayerId } from '../../state/app-state.ts';
import { useStore } from '../../state/store.ts';
import { DISTRICTS } from './districts.ts';

export function LayerFilters({ layer }: { layer: MapLayerId }) {
  const { store } = useServices();
  const { t, lang } = useI18n();
  const filters = useStore(store, (s) => s.ui.layers[layer].filters);
  const def = COLLECTIONS[layer];
  const coded = def.properties.filter((p) => p.filterable && p.codes);
  const hasDistrict = def.properties.some((p) => p.name === 'district_code' && p.filterable);
  const set = (property: string, value: string) => store.dispatch({ type: 'setFilter', layer, property, value });
  return (
    <div className="layer-filters" data-testid={`filters-${layer}`}>
      {coded.map((p) => (
        <label key={p.name}>
          {p.title[lang]}
          <select value={filters[p.name] ?? ''} onChange={(e) => set(p.name, e.target.value)} data-filter={p.name}>
            <option value="">{t('layers.all')}</option>
            {Object.entries(p.codes!).map(([code, label]) => (
              <option key={code} value={code}>
                {label[lang]}
              </option>
            ))}
          </select>
        </label>
      ))}
      {hasDistrict && (
        <label>
          {t('layers.district')}
          <select value={filters.district_code ?? ''} onChange={(e) => set('district_code', e.target.value)} data-filter="district_code">
            <option value="">{t('layers.all')}</option>
            {DISTRICTS.map((d) => (
              <option key={d.code} value={d.code}>
                {d.name[lang]}
              </option>
            ))}
          </select>
        </label>
      )}
    </div>
  );
}
