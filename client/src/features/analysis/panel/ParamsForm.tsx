/** The parameters of the chosen analysis: only those it takes (category, window, cell size, unit type, target, grid). */
import { INCIDENT_CATEGORY, UNIT_TYPE } from '../../../../../server/protocol/codes.ts';
import { useServices } from '../../../app/services.ts';
import { useI18n } from '../../../app/use-i18n.ts';
import type { AnalysisKind, AnalysisParams } from '../../../state/analysis-slice.ts';

type Field = keyof AnalysisParams;

/** Which parameters each analysis takes. */
export const FIELDS: Readonly<Record<AnalysisKind, readonly Field[]>> = {
  risk: [],
  hotspots: ['category', 'from', 'to', 'cellMeters'],
  emerging: ['category', 'to', 'cellMeters'],
  density: ['category', 'from', 'to'],
  'camera-coverage': ['grid'],
  'response-coverage': ['unitType', 'minutes'],
  warnings: [],
};

export const CELL_SIZES = [200, 300, 500, 750, 1000, 2000] as const;

export function ParamsForm({ kind, params }: { kind: AnalysisKind; params: AnalysisParams }) {
  const { store } = useServices();
  const { t, lang } = useI18n();
  const set = (p: Partial<AnalysisParams>) => store.dispatch({ type: 'analysis/setParams', params: p });
  const fields = FIELDS[kind];
  const has = (f: Field) => fields.includes(f);
  if (!fields.length) return null;
  return (
    <div className="analysis-params" data-testid="analysis-params">
      {has('category') && (
        <label>
          {t('analysis.param.category')}
          <select name="category" value={params.category} onChange={(e) => set({ category: e.target.value })}>
            <option value="">{t('analysis.param.categoryAll')}</option>
            {Object.entries(INCIDENT_CATEGORY).map(([code, l]) => (
              <option key={code} value={code}>
                {code} {l[lang]}
              </option>
            ))}
          </select>
        </label>
      )}
      {has('from') && (
        <label>
          {t('analysis.param.from')}
          <input type="date" name="from" value={params.from} max={params.to} onChange={(e) => set({ from: e.target.value })} />
        </label>
      )}
      {has('to') && (
        <label>
          {t('analysis.param.to')}
          <input type="date" name="to" value={params.to} onChange={(e) => set({ to: e.target.value })} />
        </label>
      )}
      {has('cellMeters') && (
        <label>
          {t('analysis.param.cellMeters')}
          <select name="cellMeters" value={params.cellMeters} onChange={(e) => set({ cellMeters: Number(e.target.value) })}>
            {CELL_SIZES.map((m) => (
              <option key={m} value={m}>
                {m}
              </option>
            ))}
          </select>
        </label>
      )}
      {has('unitType') && (
        <label>
          {t('analysis.param.unitType')}
          <select name="unitType" value={params.unitType} onChange={(e) => set({ unitType: e.target.value })}>
            {Object.entries(UNIT_TYPE).map(([code, l]) => (
              <option key={code} value={code}>
                {l[lang]}
              </option>
            ))}
          </select>
        </label>
      )}
      {has('minutes') && (
        <label>
          {t('analysis.param.minutes')}
          <input type="number" name="minutes" min={1} max={120} step={1} value={params.minutes} onChange={(e) => set({ minutes: Math.max(1, Math.min(120, Math.round(Number(e.target.value) || 1))) })} />
        </label>
      )}
      {has('grid') && (
        <label>
          {t('analysis.param.grid')}
          <input type="text" name="grid" inputMode="numeric" pattern="\d{15}" placeholder={t('analysis.param.gridAll')} value={params.grid} onChange={(e) => set({ grid: e.target.value.trim() })} />
        </label>
      )}
    </div>
  );
}
