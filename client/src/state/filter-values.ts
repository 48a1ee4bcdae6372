/**
 * Several values of one filter, kept as one comma-joined string in the layer's filters (codes never hold a
 * comma), and the layer's time window. Pure helpers shared by the panel, the tiles' query and the counts query.
 */
export const TIME_FILTER = 'datetime';

export function filterValues(value: string | undefined): string[] {
  return value ? value.split(',').filter(Boolean) : [];
}

export function joinValues(values: readonly string[]): string {
  return [...new Set(values)].join(',');
}

/** Time windows the incidents panel offers, in hours back from now. */
export const TIME_WINDOWS = [24, 168, 720] as const;
export type TimeWindow = (typeof TIME_WINDOWS)[number];

/** The OGC interval of a window ending now, its start on the hour (so the tile URLs stay equal for an hour). */
export function windowInterval(hours: number, now: number): string {
  const start = Math.floor((now - hours * 3_600_000) / 3_600_000) * 3_600_000;
  return `${new Date(start).toISOString().replace('.000Z', 'Z')}/..`;
}

/** Which offered window an interval is (its start, rounded to the hour, `hours` back from `now`), or null. */
export function windowOf(interval: string | undefined, now: number): TimeWindow | null {
  const start = interval ? Date.parse(interval.split('/')[0] ?? '') : NaN;
  if (!Number.isFinite(start)) return null;
  const hours = (now - start) / 3_600_000;
  return TIME_WINDOWS.find((w) => hours >= w && hours < w + 1) ?? TIME_WINDOWS.find((w) => Math.abs(hours - w) <= w * 0.2) ?? null;
}

/** Query pairs of a layer's filters: one pair per value (repeated parameter), the time window as `datetime`. */
export function filterPairs(filters: Readonly<Record<string, string>>, prefix = ''): [string, string][] {
  const pairs: [string, string][] = [];
  for (const [name, value] of Object.entries(filters).sort(([a], [b]) => a.localeCompare(b))) {
    if (name === TIME_FILTER) pairs.push([`${prefix}${name}`, value]);
    else for (const v of filterValues(value).sort()) pairs.push([`${prefix}${name}`, v]);
  }
  return pairs;
}
