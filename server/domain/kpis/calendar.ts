/**
 * "今日" and the days of a trend, in the city's own time zone (Asia/Shanghai), whatever the server's or the
 * browser's clock zone is. Pure: the offset of any instant comes from Intl, so a zone with daylight saving
 * (a deployment elsewhere) gets 23- and 25-hour days right too.
 */

/** The city's time zone: the day a KPI calls 今日 starts at 00:00 here. */
export const CITY_TIME_ZONE = 'Asia/Shanghai';

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The wall-clock fields of an instant in a zone. */
function fieldsAt(ms: number, timeZone: string): { y: number; m: number; d: number; h: number; min: number; s: number } {
  const parts = Object.fromEntries(formatter(timeZone).formatToParts(new Date(ms)).map((p) => [p.type, p.value]));
  return { y: Number(parts.year), m: Number(parts.month), d: Number(parts.day), h: Number(parts.hour), min: Number(parts.minute), s: Number(parts.second) };
}

/** The zone's offset from UTC at an instant, in ms (Asia/Shanghai: +8 h). */
export function zoneOffsetMs(ms: number, timeZone: string = CITY_TIME_ZONE): number {
  const f = fieldsAt(ms, timeZone);
  const asUtc = Date.UTC(f.y, f.m - 1, f.d, f.h, f.min, f.s);
  return asUtc - Math.floor(ms / 1000) * 1000;
}

/** The local calendar date of an instant, "YYYY-MM-DD". */
export function localDate(ms: number, timeZone: string = CITY_TIME_ZONE): string {
  const f = fieldsAt(ms, timeZone);
  return `${f.y}-${String(f.m).padStart(2, '0')}-${String(f.d).padStart(2, '0')}`;
}

/** The instant local midnight of the date "YYYY-MM-DD" happens in the zone. */
export function midnightOf(date: string, timeZone: string = CITY_TIME_ZONE): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const guess = Date.UTC(y, m - 1, d);
  // Two passes settle a zone whose offset differs between the guess and the answer.
  let at = guess - zoneOffsetMs(guess, timeZone);
  at = guess - zoneOffsetMs(at, timeZone);
  return at;
}

/** The start of the local day that holds `now` (今日 starts here). */
export function dayStart(now: number, timeZone: string = CITY_TIME_ZONE): number {
  return midnightOf(localDate(now, timeZone), timeZone);
}

/** The date `n` calendar days after "YYYY-MM-DD" (n may be negative). */
export function addDays(date: string, n: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

export interface DayWindow {
  /** The local dates, oldest first; the last is today. */
  dates: string[];
  /** The instants the days start at, plus the end of today: dates.length + 1 bounds. */
  bounds: number[];
}

/** The last `days` local days up to and including today, with their boundaries. */
export function lastDays(now: number, days: number, timeZone: string = CITY_TIME_ZONE): DayWindow {
  const today = localDate(now, timeZone);
  const dates = Array.from({ length: days }, (_, i) => addDays(today, i - days + 1));
  const bounds = [...dates, addDays(today, 1)].map((d) => midnightOf(d, timeZone));
  return { dates, bounds };
}

/** The local wall-clock time of an instant, "HH:MM" (the ticker, the wall's clock). */
export function localTime(ms: number, timeZone: string = CITY_TIME_ZONE): string {
  const f = fieldsAt(ms, timeZone);
  return `${String(f.h).padStart(2, '0')}:${String(f.min).padStart(2, '0')}`;
}
