/**
 * How the big screen writes its figures (DOMAIN.md "Big-screen KPIs", Display): percentages to one decimal
 * (97.4%), counts of 10,000 and more in 万 (32.1万; 亿 from 100,000,000), durations in the unit that reads best.
 * Pure; the wall (client/src/features/wall) imports it, and the tests pin every rule here.
 */

/** Where counts switch to 万 and to 亿. */
export const WAN = 10_000;
export const YI = 100_000_000;

/** A dash where a figure has no value (a rate over nothing). */
export const NO_VALUE = '—';

/** Rounds half away from zero to one decimal without binary surprises (0.9745 → 97.5, not 97.4). */
export function round1(value: number): number {
  const scaled = Math.round(Math.abs(value) * 10 + 1e-9) / 10;
  return value < 0 ? -scaled : scaled;
}

/** A count: below 10,000 as digits (9876), from 10,000 in 万 with one decimal (32.1万), from 1亿 in 亿. */
export function formatCount(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return NO_VALUE;
  const abs = Math.abs(n);
  if (abs >= YI) return `${round1(n / YI).toFixed(1)}亿`;
  if (abs >= WAN) {
    const wan = round1(n / WAN);
    // 99,999,999 rounds to 10000.0万: say 1.0亿 instead.
    return Math.abs(wan) >= YI / WAN ? `${round1(n / YI).toFixed(1)}亿` : `${wan.toFixed(1)}万`;
  }
  return String(Math.round(n));
}

/** A ratio (0..1) as a percentage with one decimal: 0.974 → "97.4%"; null (nothing to divide by) → "—". */
export function formatPercent(ratio: number | null | undefined): string {
  if (ratio === null || ratio === undefined || !Number.isFinite(ratio)) return NO_VALUE;
  return `${round1(ratio * 100).toFixed(1)}%`;
}

export type DurationUnit = 'minute' | 'hour' | 'day';

/**
 * A duration given in hours, in the unit that reads best: under one hour in minutes (whole), under 48 hours in
 * hours (one decimal), else in days (one decimal). The caller labels the unit (分钟 / 小时 / 天).
 */
export function durationParts(hours: number | null | undefined): { value: string; unit: DurationUnit } | null {
  if (hours === null || hours === undefined || !Number.isFinite(hours) || hours < 0) return null;
  if (hours < 1) return { value: String(Math.round(hours * 60)), unit: 'minute' };
  if (hours < 48) return { value: round1(hours).toFixed(1), unit: 'hour' };
  return { value: round1(hours / 24).toFixed(1), unit: 'day' };
}
