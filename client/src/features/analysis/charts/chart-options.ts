/**
 * ECharts options for the workspace's charts, built from plain data (pure, so tested without a canvas).
 * Colours come from the same scales as the map (./scales.ts).
 */
import { cssColor, type RGB } from '../../../lib/colors.ts';

export interface BarDatum {
  label: string;
  value: number;
  colour?: RGB;
}

export interface ChartTheme {
  text: string;
  muted: string;
  grid: string;
}

export const DARK: ChartTheme = { text: '#d7e9f7', muted: '#7fa3bf', grid: 'rgba(127,163,191,0.2)' };
export const LIGHT: ChartTheme = { text: '#1b2a3a', muted: '#5b6f84', grid: 'rgba(91,111,132,0.2)' };

const axisCommon = (th: ChartTheme) => ({ axisLabel: { color: th.muted, fontSize: 11 }, axisLine: { lineStyle: { color: th.grid } }, splitLine: { lineStyle: { color: th.grid } } });

/** A bar chart; horizontal bars (labels on the y axis, first datum on top) for long labels. */
export function barOption(data: readonly BarDatum[], th: ChartTheme, opts: { horizontal?: boolean; valueName?: string; digits?: number } = {}) {
  const labels = data.map((d) => d.label);
  const values = data.map((d) => ({ value: d.value, itemStyle: d.colour ? { color: cssColor(d.colour) } : undefined }));
  const category = { type: 'category' as const, data: opts.horizontal ? [...labels].reverse() : labels, ...axisCommon(th), axisLabel: { color: th.text, fontSize: 11, width: 130, overflow: 'truncate' as const } };
  const value = { type: 'value' as const, name: opts.valueName, nameTextStyle: { color: th.muted }, ...axisCommon(th) };
  return {
    animation: false,
    grid: { left: opts.horizontal ? 140 : 40, right: 40, top: 16, bottom: opts.horizontal ? 24 : 40 },
    tooltip: { trigger: 'axis' as const, axisPointer: { type: 'shadow' as const } },
    xAxis: opts.horizontal ? value : { ...category, axisLabel: { ...category.axisLabel, width: 60, interval: 0, rotate: labels.length > 5 ? 30 : 0 } },
    yAxis: opts.horizontal ? category : value,
    series: [
      {
        type: 'bar' as const,
        data: opts.horizontal ? [...values].reverse() : values,
        label: { show: true, position: opts.horizontal ? ('right' as const) : ('top' as const), color: th.text, fontSize: 11, formatter: (p: { value: number }) => p.value.toFixed(opts.digits ?? 0) },
      },
    ],
  };
}

/** A line chart over labelled points (a trend). */
export function lineOption(points: readonly { label: string; value: number }[], th: ChartTheme, colour: RGB, valueName?: string) {
  return {
    animation: false,
    grid: { left: 44, right: 16, top: 20, bottom: 36 },
    tooltip: { trigger: 'axis' as const },
    xAxis: { type: 'category' as const, data: points.map((p) => p.label), boundaryGap: false, ...axisCommon(th) },
    yAxis: { type: 'value' as const, name: valueName, nameTextStyle: { color: th.muted }, ...axisCommon(th) },
    series: [{ type: 'line' as const, data: points.map((p) => p.value), smooth: false, symbolSize: 5, lineStyle: { color: cssColor(colour), width: 2 }, itemStyle: { color: cssColor(colour) }, areaStyle: { color: cssColor([...colour, 50] as [number, number, number, number]) } }],
  };
}

/** Counts of values in bins between breaks (a histogram with the legend's classes). */
export function histogram(values: readonly number[], breaks: readonly number[]): number[] {
  const out = new Array<number>(breaks.length + 1).fill(0);
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    let i = 0;
    while (i < breaks.length && v >= breaks[i]!) i++;
    out[i]! += 1;
  }
  return out;
}
