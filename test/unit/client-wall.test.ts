/**
 * The wall's pure parts (client/src/features/wall): its URL parameters, the map's zoom per screen size, what draws
 * attention and what the ticker shows from the store's overlay (each id once, bounded memory), and when the figures
 * count as stale.
 */
import { describe, expect, it } from 'vitest';
import { mapZoomFor, wallParams, DEFAULT_WALL_PARAMS } from '../../client/src/features/wall/wall-params.ts';
import { pushTicker, rememberBounded, scanOverlay, type TickerItem } from '../../client/src/features/wall/attention.ts';
import { msToNextCityDay } from '../../client/src/features/wall/use-wall-kpis.ts';
import { FEED_GRACE_MS, isCurrent, isStale, STALE_AFTER_MS } from '../../client/src/features/wall/use-wall-health.ts';
import type { OverlayEntry, OverlayState } from '../../client/src/state/app-state.ts';

describe('wall URL parameters', () => {
  it('default to a 60 s tour, the token\'s scope, 8 s attention, 8 ticker lines', () => {
    expect(wallParams('')).toEqual(DEFAULT_WALL_PARAMS);
    expect(wallParams('?tour=0').tourSeconds).toBe(0);
    expect(wallParams('?tour=off').tourSeconds).toBe(0);
    expect(wallParams('?tour=3').tourSeconds).toBe(10);
    expect(wallParams('?tour=abc').tourSeconds).toBe(60);
    expect(wallParams('?tour=90&scope=410502&attention=500&ticker=0')).toEqual({ tourSeconds: 90, scope: '410502', attentionSeconds: 120, tickerLines: 1 });
    expect(wallParams('?scope=4105').scope).toBeNull();
  });
  it('zooms the map with the screen: 1 at 1080p and below, 2 at 4K', () => {
    expect(mapZoomFor(1920, 1080)).toBe(1);
    expect(mapZoomFor(1280, 720)).toBe(1);
    expect(mapZoomFor(3840, 2160)).toBe(2);
    expect(mapZoomFor(2560, 1440)).toBe(1.25);
  });
});

const incident = (id: string, seq: number, props: Record<string, unknown>, fresh = true): [string, OverlayEntry] => [
  id,
  { seq, at: 1_000 + seq, fresh, feature: { type: 'Feature', id, geometry: { type: 'Point', coordinates: [114.39, 36.09] }, properties: { title: `事件${id}`, status: 'REPORTED', status_label: '已上报', urgency: 'NORMAL', urgency_label: '一般', ...props } } as never },
];

describe('attention and ticker', () => {
  it('calls attention for a new open CRITICAL incident, once per id; lists every change in the ticker', () => {
    const overlay = { incidents: new Map([incident('A', 5, { urgency: 'CRITICAL', urgency_label: '特急' }), incident('B', 6, {}), incident('C', 7, { urgency: 'CRITICAL', status: 'CLOSED' }, false)]) } as OverlayState;
    const attended = new Set<string>();
    const first = scanOverlay(overlay, 4, attended);
    expect(first.items.map((i) => i.id)).toEqual(['A', 'B', 'C']);
    expect(first.attention.map((a) => a.id)).toEqual(['A']);
    expect(first.maxSeq).toBe(7);
    expect(first.items[0]).toMatchObject({ critical: true, isNew: true, urgency: '特急', point: [114.39, 36.09] });
    rememberBounded(attended, 'incidents/A');
    // A later update of A (seq 9) is a ticker line, not new attention; nothing at or below the last seq again.
    const later = { incidents: new Map([incident('A', 9, { urgency: 'CRITICAL', status: 'ACCEPTED', status_label: '已受理' })]) } as OverlayState;
    const second = scanOverlay(later, first.maxSeq, attended);
    expect(second.attention).toEqual([]);
    expect(second.items.map((i) => [i.id, i.status])).toEqual([['A', '已受理']]);
    expect(scanOverlay(later, 9, attended).items).toEqual([]);
  });
  it('calls attention for a new warning in force on the warnings layer', () => {
    const overlay = { warnings: new Map([incident('W1', 3, { status: 'ACTIVE', level: 1, level_label: '一级预警', title: '风险上升' })]) } as unknown as OverlayState;
    const scan = scanOverlay(overlay, 0, new Set());
    expect(scan.attention).toEqual([{ layer: 'warnings', id: 'W1', title: '风险上升', point: [114.39, 36.09] }]);
    expect(scan.items[0]).toMatchObject({ layer: 'warnings', status: '一级预警' });
  });
  it('keeps the ticker newest first and bounded, and the attended ids bounded', () => {
    const item = (seq: number) => ({ key: String(seq), seq }) as TickerItem;
    let ticker: TickerItem[] = [];
    for (let s = 1; s <= 100; s += 3) ticker = pushTicker(ticker, [item(s), item(s + 1), item(s + 2)], 8);
    expect(ticker).toHaveLength(8);
    expect(ticker[0]!.seq).toBe(102);
    const set = new Set<string>();
    for (let i = 0; i < 2000; i++) rememberBounded(set, `k${i}`, 500);
    expect(set.size).toBe(500);
    expect(set.has('k1999')).toBe(true);
    expect(set.has('k0')).toBe(false);
  });
});

describe('stale figures', () => {
  it('are stale when unconfirmed past the limit, or with the feed down past its grace', () => {
    const now = 1_000_000;
    expect(isStale(now, now - 1000, 'live', null)).toBe(false);
    // Quiet is not stale while the feed is live: every change would arrive on it.
    expect(isStale(now, now - STALE_AFTER_MS - 1, 'live', null)).toBe(false);
    expect(isStale(now, now - STALE_AFTER_MS - 1, 'live', null, true)).toBe(true);
    expect(isStale(now, now - 1000, 'live', null, true)).toBe(false);
    expect(isCurrent(now - STALE_AFTER_MS - 1, 'live', false)).toBe(true);
    expect(isCurrent(now - 1000, 'reconnecting', false)).toBe(false);
    expect(isCurrent(now - 1000, 'live', true)).toBe(false);
    expect(isStale(now, now - 1000, 'reconnecting', now - FEED_GRACE_MS + 500)).toBe(false);
    expect(isStale(now, now - 1000, 'reconnecting', now - FEED_GRACE_MS - 1)).toBe(true);
    expect(isStale(now, null, 'connecting', null)).toBe(false);
  });
});

describe('the city day', () => {
  it('asks for the figures again one second past the next midnight in Asia/Shanghai', () => {
    // 23:59:00 in Anyang (UTC+8) is 15:59:00 UTC.
    expect(msToNextCityDay(Date.UTC(2026, 11, 4, 15, 59, 0))).toBe(61_000);
    // Exactly midnight: the next one is a whole day (and a second) away.
    expect(msToNextCityDay(Date.UTC(2026, 11, 4, 16, 0, 0))).toBe(86_401_000);
  });
});
