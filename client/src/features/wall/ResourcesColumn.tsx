/** The wall's right column: video, fire hazards, grid risk, warnings, units, the category top-N. */
import { useCallback } from 'react';
import type { KpisBody } from '../../../../server/domain/kpis/kpis-body.ts';
import { FIRE_HAZARD_GRADE, RISK_LEVEL, UNIT_TYPE, WARNING_LEVEL, labelOf } from '../../../../server/protocol/codes.ts';
import type { Translate } from '../../i18n/index.ts';
import { formatCount, formatPercent } from '../../lib/format.ts';
import { KpiTile, WallSection } from './KpiTile.tsx';
import { WallChart } from './WallChart.tsx';

/** The four colours of risk and warning levels (DOMAIN.md): red, orange, yellow, blue. */
const RISK_TONE = { MAJOR: 'major', LARGER: 'larger', GENERAL: 'general', LOW: 'low' } as const;
const WARNING_TONE = { '1': 'major', '2': 'larger', '3': 'general', '4': 'low' } as const;

export function ResourcesColumn({ k, t, lang }: { k: KpisBody; t: Translate; lang: 'zh' | 'en' }) {
  const n = (v: number) => formatCount(v, lang);
  const cats = k.categories;
  const option = useCallback(
    (px: number) => ({
      textStyle: { fontSize: px * 0.85, color: '#9fc3de' },
      grid: { left: px * 6.5, right: px * 3, top: px * 0.4, bottom: px * 0.4 },
      xAxis: { type: 'value', show: false },
      yAxis: { type: 'category', inverse: true, data: cats.map((c) => c.label[lang]), axisLabel: { fontSize: px * 0.9, color: '#d7e9f7' }, axisLine: { show: false }, axisTick: { show: false } },
      series: [{ type: 'bar', data: cats.map((c) => c.count), barWidth: '55%', itemStyle: { color: '#ffa726' }, label: { show: true, position: 'right', fontSize: px * 0.9, color: '#d7e9f7' } }],
      animation: false,
    }),
    [cats, lang],
  );
  return (
    <aside className="wall-column wall-right" data-testid="wall-right">
      <WallSection title={t('wall.section.video')}>
        <div className="kpi-row kpi-row-2">
          <KpiTile kpi="cameras.total" label={t('wall.kpi.cameraTotal')} value={k.cameras.total} text={n(k.cameras.total)} tone="accent" />
          <KpiTile kpi="cameras.onlineRate" label={t('wall.kpi.cameraOnlineRate')} value={k.cameras.onlineRate} text={formatPercent(k.cameras.onlineRate ?? Number.NaN)} tone="ok" />
        </div>
      </WallSection>
      <WallSection title={t('wall.section.fire')}>
        <div className="kpi-row">
          {Object.keys(FIRE_HAZARD_GRADE).map((g) => (
            <KpiTile key={g} kpi={`fireHazards.byGrade.${g}.total`} label={labelOf(FIRE_HAZARD_GRADE, g, lang)} value={k.fireHazards.byGrade[g]?.total ?? 0}
              text={n(k.fireHazards.byGrade[g]?.total ?? 0)} tone={g === 'MAJOR' ? 'bad' : undefined} size="small" />
          ))}
          <KpiTile kpi="fireHazards.majorRectifiedRate" label={t('wall.kpi.majorRectifiedRate')} value={k.fireHazards.majorRectifiedRate} text={formatPercent(k.fireHazards.majorRectifiedRate ?? Number.NaN)} tone="ok" size="small" />
        </div>
      </WallSection>
      <WallSection title={t('wall.section.risk')}>
        <div className="kpi-row kpi-row-4">
          {Object.entries(RISK_TONE).map(([level, tone]) => (
            <KpiTile key={level} kpi={`risk.byLevel.${level}`} label={labelOf(RISK_LEVEL, level, lang)} value={k.risk.byLevel[level] ?? 0} text={n(k.risk.byLevel[level] ?? 0)} tone={tone} size="small" />
          ))}
        </div>
      </WallSection>
      <WallSection title={t('wall.section.warnings')}>
        <div className="kpi-row kpi-row-5">
          <KpiTile kpi="warnings.active" label={t('wall.kpi.warningsActive')} value={k.warnings.active} text={n(k.warnings.active)} size="small" />
          {Object.entries(WARNING_TONE).map(([level, tone]) => (
            <KpiTile key={level} kpi={`warnings.byLevel.${level}`} label={labelOf(WARNING_LEVEL, level, lang)} value={k.warnings.byLevel[level] ?? 0} text={n(k.warnings.byLevel[level] ?? 0)} tone={tone} size="small" />
          ))}
        </div>
      </WallSection>
      <WallSection title={`${t('wall.section.units')} · ${n(k.units.available)}`}>
        <ul className="unit-list" data-kpi="units.available" data-value={String(k.units.available)}>
          {Object.keys(UNIT_TYPE).map((type) => {
            const u = k.units.byType[type] ?? { available: 0, total: 0 };
            return (
              <li key={type} data-kpi={`units.byType.${type}.available`} data-value={String(u.available)}>
                <span>{labelOf(UNIT_TYPE, type, lang)}</span>
                <b>{n(u.available)}</b>
                <small>{t('wall.kpi.ofTotal', { n: n(u.total) })}</small>
              </li>
            );
          })}
        </ul>
      </WallSection>
      <WallSection title={t('wall.section.categories')} className="grow">
        <WallChart option={option} testId="wall-categories" />
      </WallSection>
    </aside>
  );
}
