/**
 * The big screen's pure rules (server/domain/kpis/): how figures are written (one decimal, 万 from 10,000), what
 * 今日 is (Asia/Shanghai midnight whatever the host's zone), and how per-status aggregates fold into 在办, buckets,
 * 超期 / 临期, 办结率, 按期办结率 and 平均办结时长 — read from the lifecycle, so a lifecycle change moves them.
 */
import { describe, expect, it } from 'vitest';
import { durationParts, formatCount, formatPercent, NO_VALUE } from '../../server/domain/kpis/format.ts';
import { addDays, dayStart, lastDays, localDate, midnightOf } from '../../server/domain/kpis/calendar.ts';
import {
  countsByCode, DONE_STATUSES, fireHazardKpis, incidentKpis, OPEN_BUCKETS, ratio, riskKpis, UNHANDLED_STATUSES, unitKpis, warningKpis, type StatusAggregate,
} from '../../server/domain/kpis/rules.ts';
import { assembleKpis, kpiTimes } from '../../server/domain/kpis/assemble.ts';
import { BUCKET_OF, OPEN_STATUSES } from '../../server/domain/incidents/lifecycle.ts';

describe('format', () => {
  it('writes counts below 10,000 as digits and from 10,000 in 万 with one decimal', () => {
    expect(formatCount(0)).toBe('0');
    expect(formatCount(9999)).toBe('9999');
    expect(formatCount(10_000)).toBe('1.0万');
    expect(formatCount(321_000)).toBe('32.1万');
    expect(formatCount(321_049)).toBe('32.1万');
    expect(formatCount(321_050)).toBe('32.1万'); // 32.105 → 32.1 (one decimal)
    expect(formatCount(325_500)).toBe('32.6万');
    expect(formatCount(99_999_999)).toBe('1.0亿');
    expect(formatCount(123_456_789)).toBe('1.2亿');
    expect(formatCount(null)).toBe(NO_VALUE);
    expect(formatCount(Number.NaN)).toBe(NO_VALUE);
  });
  it('writes ratios as percentages with one decimal, rounding half up without binary surprises', () => {
    expect(formatPercent(0.974)).toBe('97.4%');
    expect(formatPercent(0.9745)).toBe('97.5%');
    expect(formatPercent(1)).toBe('100.0%');
    expect(formatPercent(0)).toBe('0.0%');
    expect(formatPercent(2 / 3)).toBe('66.7%');
    expect(formatPercent(null)).toBe(NO_VALUE);
  });
  it('picks minutes, hours or days for a duration', () => {
    expect(durationParts(0.5)).toEqual({ value: '30', unit: 'minute' });
    expect(durationParts(29.95)).toEqual({ value: '30.0', unit: 'hour' });
    expect(durationParts(47.9)).toEqual({ value: '47.9', unit: 'hour' });
    expect(durationParts(72)).toEqual({ value: '3.0', unit: 'day' });
    expect(durationParts(null)).toBeNull();
    expect(durationParts(-1)).toBeNull();
  });
});

describe('calendar (Asia/Shanghai)', () => {
  it('starts 今日 at local midnight, i.e. 16:00 UTC the day before', () => {
    const now = Date.parse('2026-12-04T17:30:00Z'); // 01:30 on 5 Dec in Anyang
    expect(localDate(now)).toBe('2026-12-05');
    expect(new Date(dayStart(now)).toISOString()).toBe('2026-12-04T16:00:00.000Z');
    const before = Date.parse('2026-12-04T15:59:59Z'); // 23:59:59 on 4 Dec
    expect(localDate(before)).toBe('2026-12-04');
    expect(new Date(dayStart(before)).toISOString()).toBe('2026-12-03T16:00:00.000Z');
  });
  it('gives 7 consecutive local days ending today, with 8 bounds a day apart', () => {
    const w = lastDays(Date.parse('2026-03-01T03:00:00Z'), 7);
    expect(w.dates).toEqual(['2026-02-23', '2026-02-24', '2026-02-25', '2026-02-26', '2026-02-27', '2026-02-28', '2026-03-01']);
    expect(w.bounds).toHaveLength(8);
    for (let i = 1; i < 8; i++) expect(w.bounds[i]! - w.bounds[i - 1]!).toBe(86_400_000);
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
  });
  it('handles a zone with daylight saving (a 23-hour day)', () => {
    const start = midnightOf('2026-03-08', 'America/New_York');
    expect(new Date(start).toISOString()).toBe('2026-03-08T05:00:00.000Z');
    expect(midnightOf('2026-03-09', 'America/New_York') - start).toBe(23 * 3_600_000);
  });
});

const agg = (status: string, over: Partial<StatusAggregate> = {}): StatusAggregate => ({
  status, count: 0, reportedToday: 0, closedToday: 0, overdue: 0, nearlyDue: 0, supervised: 0, windowReported: 0, windowOnTime: 0, windowCloseHours: 0, ...over,
});
const WINDOW = { days: 30, from: '2026-11-05T16:00:00.000Z' };

describe('incident KPIs', () => {
  it('reads open statuses, buckets and the DONE / ENDED buckets from the lifecycle', () => {
    expect(OPEN_BUCKETS).toEqual([...new Set(OPEN_STATUSES.map((s) => BUCKET_OF[s]))].sort((a, b) => OPEN_BUCKETS.indexOf(a as never) - OPEN_BUCKETS.indexOf(b as never)));
    expect(DONE_STATUSES).toEqual(expect.arrayContaining(['CLOSED', 'EVALUATED', 'SELF_RESOLVED']));
    expect(UNHANDLED_STATUSES).toEqual(expect.arrayContaining(['REJECTED', 'VOID']));
  });
  it('counts 在办 and 超期 / 临期 / 督办 over open statuses only, and 今日办结 over DONE only', () => {
    const k = incidentKpis([
      agg('REPORTED', { count: 4, reportedToday: 3, overdue: 1, nearlyDue: 1, supervised: 1 }),
      agg('PROCESSING', { count: 10, overdue: 2, nearlyDue: 3, supervised: 2 }),
      agg('SUSPENDED', { count: 5, overdue: 5 }),
      agg('CLOSED', { count: 50, closedToday: 7, overdue: 40, supervised: 9, reportedToday: 1 }),
      agg('REJECTED', { count: 3, closedToday: 2, reportedToday: 1 }),
    ], WINDOW);
    expect(k.open).toBe(19);
    expect(k.buckets).toEqual({ TO_ACCEPT: 4, TO_DISPATCH: 0, IN_PROGRESS: 10, TO_CHECK: 0, SUSPENDED: 5 });
    expect(k.overdue).toBe(8);
    expect(k.nearlyDue).toBe(4);
    expect(k.supervised).toBe(3);
    expect(k.closedToday).toBe(7);
    expect(k.reportedToday).toBe(5);
  });
  it('computes 办结率 without the unhandled, 按期办结率 and 平均办结时长 over the done', () => {
    const k = incidentKpis([
      agg('PROCESSING', { windowReported: 10 }),
      agg('CLOSED', { windowReported: 60, windowOnTime: 54, windowCloseHours: 60 * 20 }),
      agg('SELF_RESOLVED', { windowReported: 30, windowOnTime: 30, windowCloseHours: 0 }),
      agg('VOID', { windowReported: 100 }),
    ], WINDOW);
    expect(k.closedRate).toBeCloseTo(90 / 100);
    expect(k.onTimeRate).toBeCloseTo(84 / 90);
    expect(k.avgCloseHours).toBeCloseTo(1200 / 90);
  });
  it('gives null rates, not 0 % or NaN, when nothing was reported', () => {
    const k = incidentKpis([], WINDOW);
    expect(k).toMatchObject({ open: 0, closedRate: null, onTimeRate: null, avgCloseHours: null });
    expect(ratio(0, 0)).toBeNull();
  });
});

describe('other KPIs', () => {
  it('lists every code of a list with zero, keeps unknown codes', () => {
    expect(countsByCode(['1', '2'], [{ code: '2', n: 3 }, { code: '9', n: 1 }])).toEqual({ '1': 0, '2': 3, '9': 1 });
    expect(warningKpis([])).toEqual({ active: 0, unacknowledged: 0, byLevel: { '1': 0, '2': 0, '3': 0, '4': 0 } });
    expect(warningKpis([{ code: '1', n: 2, unacknowledged: 1 }, { code: '3', n: 1, unacknowledged: 0 }])).toMatchObject({ active: 3, unacknowledged: 1 });
  });
  it('counts grid risk by colour, ungraded apart', () => {
    expect(riskKpis([{ code: 'MAJOR', n: 2 }, { code: null, n: 10 }])).toEqual({ byLevel: { MAJOR: 2, LARGER: 0, GENERAL: 0, LOW: 0 }, ungraded: 10 });
  });
  it('gives 重大隐患整改率 of the major grade only', () => {
    const f = fireHazardKpis([{ grade: 'MAJOR', total: 4, rectified: 1 }, { grade: 'GENERAL', total: 100, rectified: 100 }]);
    expect(f.majorRectifiedRate).toBe(0.25);
    expect(fireHazardKpis([]).majorRectifiedRate).toBeNull();
  });
  it('sums available units over types', () => {
    const u = unitKpis([{ type: 'MEDICAL', available: 2, total: 5 }, { type: 'FIRE_RESCUE', available: 1, total: 1 }]);
    expect(u.available).toBe(3);
    expect(u.byType.POLICE_PATROL).toEqual({ available: 0, total: 0 });
  });
  it('places the trend rows on their days and drops rows outside the window', () => {
    const times = kpiTimes(Date.parse('2026-12-04T17:30:00Z'));
    const body = assembleKpis({ code: '410500', name: '安阳市' }, times, {
      statuses: [], categories: [{ code: '06', n: 3 }], cameras: { total: 0, online: 0 }, hazards: [], risk: [], warnings: [], units: [],
      trend: [{ kind: 'reported', bucket: 1, n: 5 }, { kind: 'reported', bucket: 7, n: 2 }, { kind: 'closed', bucket: 7, n: 1 }, { kind: 'closed', bucket: 0, n: 9 }, { kind: 'closed', bucket: 8, n: 9 }],
    });
    expect(body.today).toBe('2026-12-05');
    expect(body.trend.dates[6]).toBe('2026-12-05');
    expect(body.trend.reported).toEqual([5, 0, 0, 0, 0, 0, 2]);
    expect(body.trend.closed).toEqual([0, 0, 0, 0, 0, 0, 1]);
    expect(body.categories[0]).toEqual({ code: '06', label: { zh: '城市管理', en: 'Urban management' }, count: 3 });
    expect(body.cameras.onlineRate).toBeNull();
  });
});
