/** The wall's left column: incidents — today, in hand, overdue, buckets, rates, the 7-day trend. */
import { useCallback } from 'react';
import type { KpisBody } from '../../../../server/domain/kpis/kpis-body.ts';
import { durationParts } from '../../../../server/domain/kpis/format.ts';
import { OPEN_BUCKETS } from '../../../../server/domain/kpis/rules.ts';
import type { MessageKey, Translate } from '../../i18n/index.ts';
import { formatCount, formatPercent } from '../../lib/format.ts';
import { KpiTile, WallSection } from './KpiTile.tsx';
import { WallChart } from './WallChart.tsx';

export function EventsColumn({ k, t, lang }: { k: KpisBody; t: Translate; lang: 'zh' | 'en' }) {
  const i = k.incidents;
  const n = (v: number) => formatCount(v, lang);
  const avg = durationParts(i.avgCloseHours);
  const windowNote = t('wall.window', { days: i.rateWindow.days });
  const trend = k.trend;
  const option = useCallback(
    (px: number) => ({
      textStyle: { fontSize: px * 0.85, color: '#9fc3de' },
      grid: { left: px * 2.6, right: px * 0.8, top: px * 2.2, bottom: px * 1.8 },
      legend: { top: 0, right: 0, itemWidth: px, itemHeight: px * 0.6, textStyle: { fontSize: px * 0.85, color: '#d7e9f7' } },
      xAxis: { type: 'category', data: trend.dates.map((d) => d.slice(5)), axisLabel: { fontSize: px * 0.8, color: '#9fc3de' }, axisLine: { lineStyle: { color: '#2b5877' } } },
      yAxis: { type: 'value', minInterval: 1, axisLabel: { fontSize: px * 0.8, color: '#9fc3de' }, splitLine: { lineStyle: { color: '#173a55' } } },
      series: [
        { name: t('wall.trend.reported'), type: 'bar', data: trend.reported, barWidth: '35%', itemStyle: { color: '#4fc3f7' } },
        { name: t('wall.trend.closed'), type: 'line', data: trend.closed, symbolSize: px * 0.5, lineStyle: { width: px * 0.18, color: '#66bb6a' }, itemStyle: { color: '#66bb6a' } },
      ],
      animation: false,
    }),
    [trend, t],
  );
  return (
    <aside className="wall-column wall-left" data-testid="wall-left">
      <WallSection title={t('wall.section.events')}>
        <div className="kpi-row">
          <KpiTile kpi="incidents.reportedToday" label={t('wall.kpi.reportedToday')} value={i.reportedToday} text={n(i.reportedToday)} size="big" tone="accent" />
          <KpiTile kpi="incidents.closedToday" label={t('wall.kpi.closedToday')} value={i.closedToday} text={n(i.closedToday)} size="big" tone="ok" />
          <KpiTile kpi="incidents.open" label={t('wall.kpi.open')} value={i.open} text={n(i.open)} size="big" />
        </div>
        <div className="kpi-row">
          <KpiTile kpi="incidents.overdue" label={t('wall.kpi.overdue')} value={i.overdue} text={n(i.overdue)} tone="bad" />
          <KpiTile kpi="incidents.nearlyDue" label={t('wall.kpi.nearlyDue')} value={i.nearlyDue} text={n(i.nearlyDue)} tone="warn" />
          <KpiTile kpi="incidents.supervised" label={t('wall.kpi.supervised')} value={i.supervised} text={n(i.supervised)} tone="larger" />
        </div>
      </WallSection>
      <WallSection title={t('wall.section.buckets')}>
        <div className="kpi-row kpi-row-5">
          {OPEN_BUCKETS.map((b) => (
            <KpiTile key={b} kpi={`incidents.buckets.${b}`} label={t(`wall.bucket.${b}` as MessageKey)} value={i.buckets[b]} text={n(i.buckets[b])} size="small" />
          ))}
        </div>
      </WallSection>
      <WallSection title={`${t('wall.section.rates')} · ${windowNote}`}>
        <div className="kpi-row">
          <KpiTile kpi="incidents.closedRate" label={t('wall.kpi.closedRate')} value={i.closedRate} text={formatPercent(i.closedRate ?? Number.NaN)} tone="ok" />
          <KpiTile kpi="incidents.onTimeRate" label={t('wall.kpi.onTimeRate')} value={i.onTimeRate} text={formatPercent(i.onTimeRate ?? Number.NaN)} tone="accent" />
          <KpiTile
            kpi="incidents.avgCloseHours"
            label={t('wall.kpi.avgCloseTime')}
            value={i.avgCloseHours}
            text={avg ? avg.value : '—'}
            unit={avg ? t(`wall.unit.${avg.unit}`) : undefined}
          />
        </div>
      </WallSection>
      <WallSection title={t('wall.section.trend')} className="grow">
        <WallChart option={option} testId="wall-trend" />
      </WallSection>
    </aside>
  );
}
