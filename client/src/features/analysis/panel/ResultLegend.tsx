/** The legend of the result on the map: what the colours mean, each class with its count and (numeric scales) its breaks. */
import { useI18n } from '../../../app/use-i18n.ts';
import { cssColor } from '../../../lib/colors.ts';
import type { LegendSpec } from '../model/result-style.ts';

export function ResultLegend({ legend }: { legend: LegendSpec }) {
  const { t } = useI18n();
  return (
    <section className="analysis-legend" data-testid="analysis-legend" data-kind={legend.kind}>
      <h3>{legend.title}</h3>
      <p className="analysis-note">{legend.note}</p>
      <ul>
        {legend.items.map((i) => (
          <li key={i.key} data-key={i.key} data-from={i.range?.[0]} data-to={i.range?.[1]} data-count={i.count}>
            <span className="swatch square" style={{ background: cssColor(i.colour) }} />
            <span className="legend-label">{i.label}</span>
            <span className="legend-count">{t('analysis.legend.count', { n: i.count })}</span>
          </li>
        ))}
      </ul>
      {legend.kind === 'steps' && legend.unit && <p className="analysis-note">{t('analysis.legend.unit', { unit: legend.unit.trim() })}</p>}
    </section>
  );
}
