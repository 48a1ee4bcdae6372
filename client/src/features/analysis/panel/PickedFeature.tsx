/** The result feature last clicked on the map (a hexagon cell, a warning): its values as the server gave them. */
import { useServices } from '../../../app/services.ts';
import { useI18n } from '../../../app/use-i18n.ts';

export function PickedFeature({ properties }: { properties: Record<string, unknown> }) {
  const { store } = useServices();
  const { t } = useI18n();
  const id = String(properties.cell ?? properties.id ?? properties.code ?? '');
  return (
    <section className="analysis-picked" data-testid="analysis-picked">
      <header>
        <h4>{t('analysis.cell.title', { id })}</h4>
        <button type="button" onClick={() => store.dispatch({ type: 'analysis/pickFeature', properties: null })} aria-label={t('analysis.breakdown.close')}>
          ×
        </button>
      </header>
      <dl>
        {Object.entries(properties).map(([k, v]) => (
          <div key={k} data-field={k}>
            <dt>{k}</dt>
            <dd>{typeof v === 'object' ? JSON.stringify(v) : String(v)}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
