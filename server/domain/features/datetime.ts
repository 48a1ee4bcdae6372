/**
 * The OGC API `datetime` parameter: an RFC 3339 instant or a closed/half-open interval with `..`.
 * Pure: no I/O. Which property a collection filters on is chosen here from the registry.
 */
import type { CollectionDef } from '../../protocol/collections.ts';

/** Inclusive bounds as ISO instants (UTC, millisecond precision); an absent bound is open. */
export interface DatetimeRange {
  start?: string;
  end?: string;
}

export type DatetimeError = { reason: string };

/**
 * The date-time property that `datetime` filters on. A collection whose events have a real moment names it
 * here; every other collection with an `updated_at` property uses that; collections with neither have none.
 */
const EVENT_TIME: Readonly<Record<string, string>> = {
  incidents: 'reported_at',
  'fire-hazards': 'found_at',
};

export function temporalProperty(def: CollectionDef): string | undefined {
  const names = def.properties.filter((p) => p.type === 'date-time').map((p) => p.name);
  const preferred = EVENT_TIME[def.id];
  if (preferred && names.includes(preferred)) return preferred;
  return names.includes('updated_at') ? 'updated_at' : undefined;
}

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Instants that PostgreSQL's timestamptz and ISO text both hold: years 0001-9999 (UTC). PostgreSQL has no year 0
 * (`0000-01-01` used to reach it and fail as a 500), and Date.UTC would read years 0-99 as 1900-1999.
 */
const MIN_MS = Date.parse('0001-01-01T00:00:00.000Z');
const MAX_MS = Date.parse('9999-12-31T23:59:59.999Z');

/** Milliseconds of a UTC calendar date, for any year (Date.UTC maps 0-99 to 1900-1999). */
function utcDate(y: number, m: number, d: number): number {
  const t = new Date(0);
  t.setUTCFullYear(y, m - 1, d);
  return t.getTime();
}

function validDate(y: number, m: number, d: number): boolean {
  if (y < 1 || m < 1 || m > 12 || d < 1) return false;
  return d <= new Date(utcDate(y, m + 1, 0)).getUTCDate();
}

/**
 * One RFC 3339 value. A full date-time is an instant; a bare date (YYYY-MM-DD) is the whole UTC day,
 * returned as its first and last millisecond.
 */
export function parseInstant(text: string): { start: string; end: string } | undefined {
  const dt = DATE_TIME.exec(text);
  if (dt) {
    const [y, mo, d, h, mi, s] = dt.slice(1, 7).map(Number) as [number, number, number, number, number, number];
    const offset = dt[8]!;
    if (!validDate(y, mo, d) || h > 23 || mi > 59 || s > 60) return undefined;
    if (offset.length === 6 && (Number(offset.slice(1, 3)) > 23 || Number(offset.slice(4, 6)) > 59)) return undefined;
    const ms = Date.parse(text.replace(' ', 'T').replace(/\.(\d{3})\d+/, '.$1').replace(':60', ':59'));
    if (Number.isNaN(ms) || ms < MIN_MS || ms > MAX_MS) return undefined;
    const iso = new Date(ms).toISOString();
    return { start: iso, end: iso };
  }
  const date = DATE.exec(text);
  if (date) {
    const [y, mo, d] = date.slice(1, 4).map(Number) as [number, number, number];
    if (!validDate(y, mo, d)) return undefined;
    const start = utcDate(y, mo, d);
    return { start: new Date(start).toISOString(), end: new Date(start + 86_400_000 - 1).toISOString() };
  }
  return undefined;
}

/** Parses `datetime`: `instant`, `start/end`, `../end`, `start/..` (an empty bound also means open). */
export function parseDatetime(text: string): DatetimeRange | DatetimeError {
  const parts = text.split('/');
  if (parts.length > 2) return { reason: 'datetime has at most one "/"' };
  if (parts.length === 1) {
    const one = parseInstant(text.trim());
    return one ?? { reason: `datetime is not an RFC 3339 date-time of the years 0001-9999: ${JSON.stringify(text.slice(0, 40))}` };
  }
  const [a, b] = parts.map((s) => s.trim()) as [string, string];
  const open = (s: string) => s === '' || s === '..';
  if (open(a) && open(b)) return { reason: 'a datetime interval needs at least one bound' };
  const start = open(a) ? undefined : parseInstant(a);
  const end = open(b) ? undefined : parseInstant(b);
  if ((!open(a) && !start) || (!open(b) && !end)) return { reason: 'datetime interval bounds must be RFC 3339 date-times of the years 0001-9999, or ".."' };
  const range: DatetimeRange = { start: start?.start, end: end?.end };
  if (range.start && range.end && range.start > range.end) return { reason: 'datetime interval starts after it ends' };
  return range;
}

export function isDatetimeError(v: DatetimeRange | DatetimeError): v is DatetimeError {
  return 'reason' in v;
}
