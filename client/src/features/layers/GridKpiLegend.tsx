/**
 * The grids' legend when they are filled by a KPI (population, households, grid workers): the colour ramp
 * the map uses (lib/colors.ts ramp over map/feature-colour.ts GRID_KPI_MAX) with its breaks, and a note
 * that the outline still shows the grid type.
 */
import { GRID_TYPE } from '../../../../server/protocol/codes.ts';
import { useI18n } from '../../app/use-i18n.ts';
import { cssColor, ramp } from '../../lib/colors.ts';
import { GRID_KPI_MAX } from '../../map/feature-colour.ts';
import { GRID_TYPE_COLOURS } from '../../map/layer-styles.ts';
import type { GridFill } from '../../state/app-state.ts';
import { kpiTicks } from './kpi-ticks.ts';

export function GridKpiLegend({ fill }: { fill: Exclude<GridFill, 'type'> }) {
  const { t, lang } = useI18n();
  const max = GRID_KPI_MAX[fill];
  const ticks = kpiTicks(max);
  const gradient = `linear-gradient(90deg, ${[0, 0.25, 0.5, 0.75, 1].map((x) => `${cssColor(ramp(x))} ${x * 100}%`).join(', ')})`;
  return (
    <div className="kpi-legend" style={{ margin: "4px 0 0 22px", color: "var(--muted)", fontSize: 12 }} data-testid="legend-grids" data-fill={fill}>
      <div className="kpi-title">{t(`layers.gridFill.${fill}`)}</div>
      <div className="kpi-ramp" style={{ background: gradient, height: 10, borderRadius: 2 }} />
      <div className="kpi-ticks" style={{ display: 'flex', justifyContent: 'space-between', fontSize: 11 }}>
        {ticks.map((v, i) => (
          <span key={v} data-break={v}>
            {i === ticks.length - 1 ? `≥${v.toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-US')}` : v.toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-US')}
          </span>
        ))}
      </div>
      <div className="kpi-outline" style={{ fontSize: 11 }}>
        {t('analysis.gridLegend.outline')}
        {Object.entries(GRID_TYPE_COLOURS).map(([code, c]) => (
          <span key={code} style={{ marginLeft: 6, whiteSpace: 'nowrap' }}>
            <span className="swatch square" style={{ display: 'inline-block', width: 10, height: 10, background: 'transparent', border: `2px solid ${cssColor(c)}`, verticalAlign: 'middle' }} />{' '}
            {GRID_TYPE[code as keyof typeof GRID_TYPE]?.[lang] ?? code}
          </span>
        ))}
      </div>
    </div>
  );
}
