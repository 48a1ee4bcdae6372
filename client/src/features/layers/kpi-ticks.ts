/** The breaks shown under a KPI ramp from 0 to `max` (the ramp's stops: 0, ¼, ½, ¾, max). Pure. */
export function kpiTicks(max: number): number[] {
  const step = max / 4;
  return [0, 1, 2, 3, 4].map((i) => (Number.isInteger(step) ? i * step : Math.round(i * step * 10) / 10));
}
