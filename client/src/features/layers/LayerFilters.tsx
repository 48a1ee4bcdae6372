/**
 * Per-layer filters: each registry-filterable classified field (status, category, type …) and the district, as
 * lists of choices where several may be ticked (any of them); code lists by code, 其他 last (lib/code-order.ts).
 * Incidents also offer 在办 (the lifecycle's open statuses at one click) and a time window on their report time.
 */
import { COLLECTIONS } from '../../../../server/protocol/collections.ts';
import { OPEN_STATUSES } from '../../../../server/domain/incidents/lifecycle.ts';
import { useServices } from '../../app/services.ts';
import { useI18n } from '../../app/use-i18n.ts';
import { orderedCodes } from '../../lib/code-order.ts';
import { formatDateTime } from '../../lib/format.ts';
import type { MapLayerId } from '../../state/app-state.ts';
import { filterValues, joinValues, TIME_FILTER, TIME_WINDOWS, windowInterval, windowOf } from '../../state/filter-values.ts';
import { useStore } from '../../state/store.ts';
import { DISTRICTS } from './districts.ts';

interface Choice {
  code: string;
  label: string;
}

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
      {layer === 'incidents' && <TimeWindow value={filters[TIME_FILTER]} onChange={(v) => set(TIME_FILTER, v)} />}
      {coded.map((p) => (
        <MultiChoice
          key={p.name}
          name={p.name}
          title={p.title[lang]}
          choices={orderedCodes(p.codes!).map((code) => ({ code, label: p.codes![code]![lang] }))}
          value={filters[p.name]}
          onChange={(v) => set(p.name, v)}
          preset={layer === 'incidents' && p.name === 'status' ? { label: t('desk.filters.open'), values: OPEN_STATUSES } : undefined}
        />
      ))}
      {hasDistrict && (
        <MultiChoice
          name="district_code"
          title={t('layers.district')}
          choices={DISTRICTS.map((d) => ({ code: d.code, label: d.name[lang] }))}
          value={filters.district_code}
          onChange={(v) => set('district_code', v)}
        />
      )}
    </div>
  );
}

function MultiChoice(props: {
  name: string;
  title: string;
  choices: readonly Choice[];
  value: string | undefined;
  onChange: (value: string) => void;
  preset?: { label: string; values: readonly string[] };
}) {
  const { t } = useI18n();
  const chosen = new Set(filterValues(props.value));
  const toggle = (code: string) => {
    const next = new Set(chosen);
    if (next.has(code)) next.delete(code);
    else next.add(code);
    props.onChange(joinValues(props.choices.map((c) => c.code).filter((c) => next.has(c))));
  };
  const presetOn = props.preset && props.preset.values.length === chosen.size && props.preset.values.every((v) => chosen.has(v));
  return (
    <fieldset className="multi-choice" data-filter={props.name}>
      <legend>
        {props.title}
        <small>{chosen.size ? t('desk.filters.selected', { n: chosen.size }) : t('layers.all')}</small>
        {props.preset && (
          <button type="button" className={presetOn ? 'chip on' : 'chip'} onClick={() => props.onChange(presetOn ? '' : joinValues(props.preset!.values))} data-preset="open">
            {props.preset.label}
          </button>
        )}
        {chosen.size > 0 && (
          <button type="button" className="chip" onClick={() => props.onChange('')} data-clear={props.name}>
            {t('desk.filters.clear')}
          </button>
        )}
      </legend>
      <div className="choices">
        {props.choices.map((c) => (
          <label key={c.code} title={c.code}>
            <input type="checkbox" checked={chosen.has(c.code)} onChange={() => toggle(c.code)} data-code={c.code} />
            {c.label}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

function TimeWindow({ value, onChange }: { value: string | undefined; onChange: (value: string) => void }) {
  const { t } = useI18n();
  const now = Date.now();
  const current = windowOf(value, now);
  const start = value ? value.split('/')[0] : null;
  return (
    <label className="time-window">
      {t('desk.filters.time')}
      <select
        value={value ? String(current ?? 'custom') : ''}
        onChange={(e) => onChange(e.target.value ? windowInterval(Number(e.target.value), Date.now()) : '')}
        data-filter="datetime"
      >
        <option value="">{t('desk.filters.anyTime')}</option>
        {TIME_WINDOWS.map((h) => (
          <option key={h} value={h}>
            {t(`desk.filters.window.${h}` as `desk.filters.window.${(typeof TIME_WINDOWS)[number]}`)}
          </option>
        ))}
        {value && current === null && <option value="custom">{t('desk.filters.since', { time: formatDateTime(start) })}</option>}
      </select>
      {value && <small>{t('desk.filters.since', { time: formatDateTime(start) })}</small>}
    </label>
  );
}
