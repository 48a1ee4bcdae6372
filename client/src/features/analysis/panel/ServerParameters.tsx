/** The result's `parameters` as the server states them (how it computed: cell size, neighbourhood, FDR, window…), folded. */
import { useI18n } from '../../../app/use-i18n.ts';

export function ServerParameters({ parameters }: { parameters: Record<string, unknown> }) {
  const { t } = useI18n();
  const entries = Object.entries(parameters);
  if (!entries.length) return null;
  return (
    <details className="analysis-server-params" data-testid="analysis-parameters">
      <summary>{t('analysis.params.title')}</summary>
      <dl>
        {entries.map(([k, v]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd>{typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v)}</dd>
          </div>
        ))}
      </dl>
    </details>
  );
}
