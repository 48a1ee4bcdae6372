/**
 * One ECharts chart on the wall (only the parts used are imported from echarts/core: line and bar charts, grid,
 * legend, the canvas renderer). Text sizes follow the wall's scaled font size (read from the element), so the
 * chart is as legible at 3840×2160 as at 1920×1080; the chart is resized with its box and disposed on unmount.
 */
import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, CanvasRenderer]);

/** Builds the option for a base font size in px (the wall's 1em). */
export type ChartOption = (fontPx: number) => echarts.EChartsCoreOption;

export function WallChart({ option, testId }: { option: ChartOption; testId: string }) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const optionRef = useRef(option);
  optionRef.current = option;

  useEffect(() => {
    const el = box.current!;
    const c = echarts.init(el, undefined, { renderer: 'canvas' });
    chart.current = c;
    const fontPx = () => parseFloat(getComputedStyle(el).fontSize) || 16;
    let lastFont = fontPx();
    c.setOption(optionRef.current(lastFont));
    const observer = new ResizeObserver(() => {
      c.resize();
      const f = fontPx();
      if (f !== lastFont) {
        lastFont = f;
        c.setOption(optionRef.current(f), { notMerge: true });
      }
    });
    observer.observe(el);
    return () => {
      observer.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    const el = box.current;
    if (chart.current && el) chart.current.setOption(option(parseFloat(getComputedStyle(el).fontSize) || 16));
  }, [option]);

  return <div className="wall-chart" ref={box} data-testid={testId} />;
}
