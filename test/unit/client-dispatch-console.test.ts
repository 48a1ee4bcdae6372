/**
 * The dispatcher console's pure client logic: queue priority order, filters → the queue request, the live fold,
 * the critical-incident announcement, the shortcut map, refusal messages, recommendation text, the slice, the
 * card's surroundings.
 */
import { describe, expect, it } from 'vitest';
import { ACTIVE_STATUSES } from '../../server/domain/incidents/lifecycle.ts';
import type { LiveChange, LiveFeature } from '../../server/protocol/live.ts';
import { comparePriority, inQueue, sortQueue, toQueueItem, type QueueItem } from '../../client/src/state/dispatch/queue-model.ts';
import { DEFAULT_FILTERS, queueMatch, queueQuery, toggleStatus, toggleStatuses, windowRange } from '../../client/src/state/dispatch/queue-query.ts';
import { DISPATCH_UPDATERS, foldLive } from '../../client/src/state/dispatch/dispatch-slice.ts';
import { initialState } from '../../client/src/state/app-state.ts';
import { createStore } from '../../client/src/state/store.ts';
import { commandOf, moveIndex, SHORTCUTS } from '../../client/src/features/dispatch/shortcuts.ts';
import { changesSince, criticalArrivals } from '../../client/src/features/dispatch/live-changes.ts';
import { refusalMessage } from '../../client/src/features/dispatch/card/conflict.ts';
import { coverageText, formatDistance, formatEta, reasonText } from '../../client/src/features/dispatch/card/recommendation-text.ts';
import { focusPoints, unitLines } from '../../client/src/features/dispatch/map-features.ts';
import { surroundingRows } from '../../client/src/features/dispatch/card/surroundings.ts';
import { translator } from '../../client/src/i18n/index.ts';
import { heldRows, holdOf, refreshHold } from '../../client/src/state/dispatch/held-queue.ts';

const H = 3_600_000;
const NOW = Date.parse('2026-12-04T12:00:00Z');

function item(id: string, p: Partial<QueueItem> = {}): QueueItem {
  return {
    id, eventNo: id, title: id, status: 'REPORTED', category: '01', urgency: 'NORMAL', source: 'HOTLINE_12345',
    reportedAt: NOW - H, deadline: NOW + 71 * H, supervised: false, escalated: false, position: [114.35, 36.1],
    adminCode: '410502001001001', version: 1, ...p,
  };
}

function feature(id: string, props: Record<string, unknown>): LiveFeature {
  return { type: 'Feature', id, geometry: { type: 'Point', coordinates: [114.35, 36.1] }, properties: { id, status: 'REPORTED', urgency: 'NORMAL', category: '01', reported_at: new Date(NOW - H).toISOString(), deadline: new Date(NOW + 71 * H).toISOString(), grid_code: '410502001001001', version: 1, ...props } };
}

const change = (seq: number, f: LiveFeature | null, id = f?.id ?? 'x'): LiveChange => ({ seq, layer: 'incidents', op: f ? 'upsert' : 'delete', id, feature: f, at: new Date(NOW).toISOString() });

describe('queue priority', () => {
  it('puts urgency first, then the timer light, then supervision, then the oldest report', () => {
    const items = [
      item('normal-old', { reportedAt: NOW - 10 * H }),
      item('critical-green', { urgency: 'CRITICAL', reportedAt: NOW - 0.1 * H, deadline: NOW + 1.9 * H }),
      item('urgent-red', { urgency: 'URGENT', reportedAt: NOW - 30 * H, deadline: NOW - 6 * H }),
      item('urgent-green-supervised', { urgency: 'URGENT', supervised: true, reportedAt: NOW - H, deadline: NOW + 23 * H }),
      item('urgent-green', { urgency: 'URGENT', reportedAt: NOW - 2 * H, deadline: NOW + 22 * H }),
      item('urgent-yellow', { urgency: 'URGENT', reportedAt: NOW - 20 * H, deadline: NOW + 4 * H }),
      item('normal-new', { reportedAt: NOW - 0.5 * H }),
    ];
    expect(sortQueue(items, NOW).map((i) => i.id)).toEqual([
      'critical-green', 'urgent-red', 'urgent-yellow', 'urgent-green-supervised', 'urgent-green', 'normal-old', 'normal-new',
    ]);
  });
  it('moves a row up when its light turns red with time (no write needed)', () => {
    const a = item('a', { urgency: 'URGENT', reportedAt: NOW - 23 * H, deadline: NOW + H });
    const b = item('b', { urgency: 'URGENT', reportedAt: NOW - 24.5 * H, deadline: NOW - 0.5 * H + 2 * H });
    expect(comparePriority(a, b, NOW)).toBeGreaterThan(0); // both yellow: b is older
    expect(sortQueue([a, b], NOW + 1.2 * H).map((i) => i.id)).toEqual(['a', 'b']); // a is overdue first
  });
  it('does not change its input and is stable by id', () => {
    const items = [item('b'), item('a')];
    expect(sortQueue(items, NOW).map((i) => i.id)).toEqual(['a', 'b']);
    expect(items.map((i) => i.id)).toEqual(['b', 'a']);
  });
});

describe('queue rows from the server and the feed', () => {
  it('reads a GeoJSON Feature and a flat camelCase row alike', () => {
    const f = toQueueItem(feature('I1', { title: '噪音扰民', supervised: true, version: 4 }))!;
    expect(f).toMatchObject({ id: 'I1', title: '噪音扰民', supervised: true, version: 4, position: [114.35, 36.1], adminCode: '410502001001001' });
    expect(f.reportedAt).toBe(NOW - H);
    const flat = toQueueItem({ id: 'I2', status: 'ACCEPTED', reportedAt: new Date(NOW).toISOString(), lng: 114.3, lat: 36.0, districtCode: '410503' })!;
    expect(flat).toMatchObject({ id: 'I2', status: 'ACCEPTED', reportedAt: NOW, position: [114.3, 36.0], adminCode: '410503' });
    expect(toQueueItem({ title: 'no id' })).toBeNull();
    expect(toQueueItem(null)).toBeNull();
  });
});

describe('filters → the queue request', () => {
  it('asks for the chosen statuses, window, category, urgency and area', () => {
    const f = { ...DEFAULT_FILTERS, statuses: ['REPORTED', 'ACCEPTED'], window: '24h' as const, category: '03', urgency: 'CRITICAL' };
    const q = new URLSearchParams(queueQuery(f, '410502001', NOW + 30_000));
    expect(q.get('status')).toBe('REPORTED,ACCEPTED');
    expect(q.get('from')).toBe(new Date(NOW - 24 * H).toISOString());
    expect(q.has('to')).toBe(false);
    expect(q.get('category')).toBe('03');
    expect(q.get('urgency')).toBe('CRITICAL');
    expect(q.get('area')).toBe('410502001');
    expect(q.get('limit')).toBe('200');
  });
  it('leaves out what is not chosen; the city is no area', () => {
    const q = new URLSearchParams(queueQuery({ ...DEFAULT_FILTERS, statuses: [], window: 'all' }, '410500', NOW));
    expect([...q.keys()]).toEqual(['limit']);
  });
  it('opens on the active statuses of the shared lifecycle, last 7 days', () => {
    expect(DEFAULT_FILTERS.statuses).toEqual(ACTIVE_STATUSES);
    expect(windowRange(DEFAULT_FILTERS, NOW)).toEqual({ from: NOW - 7 * 24 * H, to: null });
  });
  it('resolves today from local midnight and a custom window from its inputs', () => {
    const today = windowRange({ window: 'today', from: '', to: '' }, NOW);
    const d = new Date(NOW);
    expect(today.from).toBe(new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime());
    const custom = windowRange({ window: 'custom', from: '2026-12-01T08:00', to: '' }, NOW);
    expect(custom).toEqual({ from: new Date(2026, 11, 1, 8, 0).getTime(), to: null });
    expect(windowRange({ window: 'custom', from: 'nonsense', to: '' }, NOW)).toEqual({ from: null, to: null });
  });
  it('switches one status, or a bucket of statuses together', () => {
    const f = { ...DEFAULT_FILTERS, statuses: ['REPORTED'] };
    expect(toggleStatus(f, 'ACCEPTED').statuses).toEqual(['REPORTED', 'ACCEPTED']);
    expect(toggleStatus(f, 'REPORTED').statuses).toEqual([]);
    const some = { ...DEFAULT_FILTERS, statuses: ['DISPATCHED'] };
    expect(toggleStatuses(some, ['DISPATCHED', 'PROCESSING']).statuses).toEqual(['DISPATCHED', 'PROCESSING']);
    expect(toggleStatuses({ ...some, statuses: ['DISPATCHED', 'PROCESSING', 'REPORTED'] }, ['DISPATCHED', 'PROCESSING']).statuses).toEqual(['REPORTED']);
  });
  it('matches rows as the server filters them', () => {
    const m = queueMatch({ ...DEFAULT_FILTERS, statuses: ['REPORTED'], urgency: 'CRITICAL' }, '410502', NOW);
    expect(inQueue(item('a', { urgency: 'CRITICAL' }), m)).toBe(true);
    expect(inQueue(item('b', { urgency: 'NORMAL' }), m)).toBe(false);
    expect(inQueue(item('c', { urgency: 'CRITICAL', status: 'ACCEPTED' }), m)).toBe(false);
    expect(inQueue(item('d', { urgency: 'CRITICAL', adminCode: '410503001001001' }), m)).toBe(false);
    expect(inQueue(item('e', { urgency: 'CRITICAL', reportedAt: NOW - 8 * 24 * H }), m)).toBe(false);
  });
});

describe('live changes folded into the queue', () => {
  const m = queueMatch(DEFAULT_FILTERS, null, NOW);
  it('adds a new matching incident, replaces a changed one, drops one that leaves the filters or is deleted', () => {
    const items = [item('A'), item('B'), item('C')];
    const out = foldLive(items, [
      change(1, feature('N', { title: 'new' })),
      change(2, feature('A', { status: 'ACCEPTED', version: 2 })),
      change(3, feature('B', { status: 'CLOSED' })),
      change(4, null, 'C'),
    ], m);
    expect(out.map((i) => `${i.id}:${i.status}`)).toEqual(['A:ACCEPTED', 'N:REPORTED']);
  });
  it('returns the same array when nothing in the queue changed', () => {
    const items = [item('A')];
    expect(foldLive(items, [change(1, feature('Z', { status: 'CLOSED' }))], m)).toBe(items);
    expect(foldLive(items, [{ ...change(2, feature('Q', {})), layer: 'units' }], m)).toBe(items);
  });
});

describe('critical incident announcement', () => {
  const entries = new Map([
    ['C1', { feature: feature('C1', { urgency: 'CRITICAL' }), at: NOW, seq: 5, fresh: true }],
    ['C2', { feature: feature('C2', { urgency: 'CRITICAL' }), at: NOW, seq: 6, fresh: false }],
    ['N1', { feature: feature('N1', { urgency: 'NORMAL' }), at: NOW, seq: 7, fresh: true }],
    ['C3', { feature: feature('C3', { urgency: 'CRITICAL', status: 'ACCEPTED' }), at: NOW, seq: 8, fresh: true }],
    ['C4', { feature: feature('C4', { urgency: 'CRITICAL', grid_code: '410503001001001' }), at: NOW, seq: 9, fresh: true }],
    ['old', { feature: feature('old', { urgency: 'CRITICAL' }), at: NOW, seq: 2, fresh: true }],
  ]);
  it('reads the overlay above a seq, in order', () => {
    expect(changesSince(entries, 4).map((c) => c.id)).toEqual(['C1', 'C2', 'N1', 'C3', 'C4']);
    expect(changesSince(undefined, 0)).toEqual([]);
  });
  it('announces only new, critical, unaccepted incidents inside the area', () => {
    const changes = changesSince(entries, 4);
    const fresh = (id: string) => entries.get(id)?.fresh === true;
    expect(criticalArrivals(changes, fresh, '410502')).toEqual(['C1']);
    expect(criticalArrivals(changes, fresh, null)).toEqual(['C1', 'C4']);
  });
});

describe('keyboard shortcuts', () => {
  it('maps the documented keys to commands', () => {
    const cases: [string, string | null][] = [
      ['j', 'next'], ['ArrowDown', 'next'], ['k', 'prev'], ['ArrowUp', 'prev'], ['Enter', 'open'], ['Escape', 'close'],
      ['a', 'accept'], ['A', 'accept'], ['d', 'dispatchFirst'], ['m', 'mute'], ['?', 'help'], ['x', null], ['Tab', null],
    ];
    for (const [key, cmd] of cases) expect(commandOf({ key }), key).toBe(cmd);
  });
  it('leaves typing in a field alone, except Escape; leaves browser shortcuts alone', () => {
    expect(commandOf({ key: 'a', targetTag: 'TEXTAREA' })).toBeNull();
    expect(commandOf({ key: 'j', targetTag: 'input' })).toBeNull();
    expect(commandOf({ key: 'd', editable: true })).toBeNull();
    expect(commandOf({ key: 'Escape', targetTag: 'TEXTAREA' })).toBe('close');
    expect(commandOf({ key: 'a', ctrlKey: true })).toBeNull();
    expect(commandOf({ key: 'k', metaKey: true })).toBeNull();
  });
  it('has one row per command', () => {
    expect(new Set(SHORTCUTS.map((s) => s.command)).size).toBe(SHORTCUTS.length);
  });
  it('moves within the list, clamped', () => {
    expect(moveIndex(-1, 1, 5)).toBe(0);
    expect(moveIndex(-1, -1, 5)).toBe(4);
    expect(moveIndex(4, 1, 5)).toBe(4);
    expect(moveIndex(0, -1, 5)).toBe(0);
    expect(moveIndex(2, 1, 5)).toBe(3);
    expect(moveIndex(0, 1, 0)).toBe(-1);
  });
});

describe('refusals and recommendation text', () => {
  it('says what happened on a 409', () => {
    expect(refusalMessage({ status: 409, code: 'VERSION_CONFLICT' })).toBe('dispatch.error.stale');
    expect(refusalMessage({ status: 409, code: 'UNIT_UNAVAILABLE' })).toBe('dispatch.error.unitTaken');
    expect(refusalMessage({ status: 409, code: 'INVALID_TRANSITION' })).toBe('dispatch.error.notAllowed');
    expect(refusalMessage({ status: 409, code: 'SOMETHING_NEW' })).toBe('dispatch.error.conflict');
    expect(refusalMessage({ status: 500, code: 'INTERNAL' })).toBe('dispatch.error.failed');
  });
  it('formats distance, ETA, reasons and coverage cost in both languages', () => {
    expect(formatDistance(850, 'zh')).toBe('850 米');
    expect(formatDistance(2345, 'en')).toBe('2.3 km');
    expect(formatEta(200, 'zh')).toBe('约 3分20秒');
    expect(formatEta(1500, 'en')).toBe('≈ 25 min');
    expect(reasonText('距离最近', 'zh')).toBe('距离最近');
    expect(reasonText({ code: 'CAPABLE', label: { zh: '适配消防类事件', en: 'fits fire incidents' } }, 'en')).toBe('fits fire incidents');
    expect(reasonText({ code: 'AVAILABLE' }, 'zh')).toBe('AVAILABLE');
    const zh = translator('zh');
    expect(coverageText({ gridsUncovered: 3, targetMinutes: 5 }, 'zh', zh)).toBe('派出后 3 个网格在 5 分钟内无同类力量');
    expect(coverageText({ uncoveredGrids: [] }, 'zh', zh)).toBe('派出后不影响覆盖');
  });
});

describe('the dispatch slice in the store', () => {
  it('is registered: its actions change s.dispatch only, and the same state comes back when nothing changed', () => {
    const store = createStore(initialState());
    const before = store.getState();
    store.dispatch({ type: 'dispatchSelect', id: 'I1' });
    const after = store.getState();
    expect(after.dispatch.selectedId).toBe('I1');
    expect(after.ui).toBe(before.ui);
    store.dispatch({ type: 'dispatchSelect', id: 'I1' });
    expect(store.getState()).toBe(after);
  });
  it('drops a queue answer for a query that is no longer asked', () => {
    let s = initialState();
    s = DISPATCH_UPDATERS.dispatchQueueLoading(s, { type: 'dispatchQueueLoading', query: 'q2' });
    const counts = { buckets: {}, overdue: 0, nearlyDue: 0, supervised: 0, total: 1 };
    expect(DISPATCH_UPDATERS.dispatchQueueLoaded(s, { type: 'dispatchQueueLoaded', query: 'q1', items: [feature('I', {})], counts })).toBe(s);
    const ok = DISPATCH_UPDATERS.dispatchQueueLoaded(s, { type: 'dispatchQueueLoaded', query: 'q2', items: [feature('I', {})], counts });
    expect(ok.dispatch.queue.items.map((i) => i.id)).toEqual(['I']);
    expect(ok.dispatch.queue.status).toBe('ok');
  });
  it('opening an incident selects it and takes its alert off; alerts keep the newest first without repeats', () => {
    let s = initialState();
    s = DISPATCH_UPDATERS.dispatchAlert(s, { type: 'dispatchAlert', ids: ['A', 'B'] });
    s = DISPATCH_UPDATERS.dispatchAlert(s, { type: 'dispatchAlert', ids: ['C', 'A'] });
    expect(s.dispatch.alerts).toEqual(['C', 'A', 'B']);
    s = DISPATCH_UPDATERS.dispatchOpen(s, { type: 'dispatchOpen', id: 'A' });
    expect(s.dispatch).toMatchObject({ openId: 'A', selectedId: 'A', alerts: ['C', 'B'] });
  });
});

describe('map marks', () => {
  const units = new Map<string, LiveFeature>([
    ['U1', { type: 'Feature', id: 'U1', geometry: { type: 'Point', coordinates: [114.3, 36.0] }, properties: {} }],
    ['U2', { type: 'Feature', id: 'U2', geometry: { type: 'Point', coordinates: [114.4, 36.2] }, properties: {} }],
  ]);
  const open = { incidentId: 'I', scene: [114.35, 36.1] as [number, number], assigned: ['U1'], recommended: ['U1', 'U2'] };
  it('draws a line from each assigned unit where it is now to the scene', () => {
    expect(unitLines(open, units).features.map((f) => f.geometry)).toEqual([{ type: 'LineString', coordinates: [[114.3, 36.0], [114.35, 36.1]] }]);
    const moved = new Map(units);
    moved.set('U1', { ...units.get('U1')!, geometry: { type: 'Point', coordinates: [114.34, 36.09] } });
    expect(unitLines(open, moved).features[0]!.geometry).toEqual({ type: 'LineString', coordinates: [[114.34, 36.09], [114.35, 36.1]] });
  });
  it('rings the open incident and ranks the recommended units not yet sent', () => {
    const marks = focusPoints({ selected: null, open, picked: null, units }).features.map((f) => f.properties);
    expect(marks).toEqual([{ role: 'open', id: 'I' }, { role: 'recommended', id: 'U2', rank: 2 }, { role: 'assigned', id: 'U1' }]);
  });
});

describe("the card's surroundings", () => {
  const context = {
    checkpoints: [
      { id: 'CP2', name: '东环卡口', type: 'ELECTRONIC_CHECKPOINT', type_label: '电子卡口', staffed: false, status: 'OFF', distanceMeters: 900 },
      { id: 'CP1', name: '文峰检查站', type: 'POLICE_CHECKPOINT', type_label: '公安检查站', staffed: true, status: 'ON', distanceMeters: 300 },
    ],
    hazards: [{ id: 'FH1', place_name: '某宾馆', place_type: 'HOTEL', place_type_label: '宾馆饭店', hazard_kind: 'ELECTRICAL', hazard_kind_label: '电气线路', grade: 'MAJOR', grade_label: '重大火灾隐患', distanceMeters: 120 }],
    rentals: [
      { id: 'RH1', address: '某小区3号楼', use: 'RESIDENTIAL', use_label: '居住', tenant_count: 4, floating_count: 2, registration: 'REGISTERED', hazard_level: 'NONE', distanceMeters: 80 },
      { id: 'RH2', address: '某小区5号楼', use: 'GROUP_RENTAL', use_label: '群租', tenant_count: 12, floating_count: 9, registration: 'UNREGISTERED', registration_label: '未登记', hazard_level: 'GENERAL', distanceMeters: 80 },
    ],
    keyPlaces: [
      { id: 'KP1', name: '实验小学', type: 'SCHOOL', type_label: '学校', distanceMeters: 500 },
      { id: 'KP2', name: '人民公园', type: 'PARK', type_label: '公园广场', distanceMeters: 200 },
    ],
    depots: [
      {
        id: 'D1', name: '文峰区物资库', level: 'COUNTY', level_label: '县级', distanceMeters: 2500,
        stock: [
          { category: 'LIVING', label: '生活', items: 3, quantity: 40 },
          { category: 'FLOOD', label: '防汛', items: 2, quantity: 1200 },
          { category: 'MEDICAL', label: '医疗', items: 1, quantity: 0 },
          { category: 'FIRE', label: '消防', items: 4, quantity: 300 },
          { category: 'POWER', label: '发电', items: 1, quantity: 5 },
        ],
      },
      { id: 'D2', name: '空仓库', level: 'TOWNSHIP', level_label: '乡级', distanceMeters: 3000, stock: [] },
    ],
  };
  const zh = translator('zh');
  const en = translator('en');

  it('lists checkpoints nearest first and marks one that is off', () => {
    const rows = surroundingRows(context, 'checkpoints', 'zh', zh);
    expect(rows.map((r) => [r.id, r.title, r.facts.join(' · '), r.attention])).toEqual([
      ['CP1', '文峰检查站', '公安检查站 · 有人值守', false],
      ['CP2', '东环卡口', '电子卡口 · 无人值守 · 离线', true],
    ]);
    expect(surroundingRows(context, 'checkpoints', 'en', en)[1]!.facts).toEqual(['Electronic gate', 'unstaffed', 'Offline']);
  });

  it('marks a major hazard, unregistered or hazardous rentals and schools; ties by id', () => {
    expect(surroundingRows(context, 'hazards', 'zh', zh)[0]).toMatchObject({ attention: true, facts: ['宾馆', '电气线路', '重大火灾隐患'] });
    expect(surroundingRows(context, 'rentals', 'zh', zh).map((r) => [r.id, r.facts.join(' · '), r.attention])).toEqual([
      ['RH1', '居住 · 租住 4 人（流动 2）', false],
      ['RH2', '群租 · 租住 12 人（流动 9） · 未登记 · 一般风险', true],
    ]);
    expect(surroundingRows(context, 'keyPlaces', 'en', en).map((r) => [r.id, r.facts[0], r.attention])).toEqual([
      ['KP2', 'Park / square', false],
      ['KP1', 'School', true],
    ]);
  });

  it("names a depot's largest stock first, leaves out what is used up, and says when there is none", () => {
    const [d1, d2] = surroundingRows(context, 'depots', 'zh', zh);
    expect(d1!.facts).toEqual(['县级', '防汛 1,200', '消防 300', '生活 40', '等 4 类']);
    expect(d2!.facts).toEqual(['乡级', '无库存记录']);
    expect(surroundingRows(context, 'depots', 'en', en)[0]!.facts.slice(0, 2)).toEqual(['County', 'Flood control 1,200']);
  });

  it('is empty for a kind the context lacks', () => {
    expect(surroundingRows({ ...context, hazards: [] }, 'hazards', 'zh', zh)).toEqual([]);
  });
});

describe('the queue held under the pointer', () => {
  it('keeps the rows where they were, with their latest state; a row that left stays, marked; arrivals are counted, not shown', () => {
    const before = [item('A'), item('B'), item('C')];
    const hold = holdOf(before);
    // while held: C turns critical and jumps to the top, B is closed and leaves, D and E arrive
    const cRed = item('C', { urgency: 'CRITICAL', version: 2 });
    const live = [item('E'), cRed, item('A'), item('D')];
    const { rows, arrived } = heldRows(hold, live);
    expect(rows.map((r) => [r.item.id, r.gone])).toEqual([['A', false], ['B', true], ['C', false]]);
    expect(rows[2]!.item).toBe(cRed); // the latest state, in the old place
    expect(arrived).toBe(2);
    // nothing held: the live queue as it is
    expect(heldRows(holdOf(live), live).rows.map((r) => r.item.id)).toEqual(['E', 'C', 'A', 'D']);
  });

  it('shows a row that left with the last state seen of it while held', () => {
    const a = item('A');
    let hold = holdOf([a, item('B')]);
    const bDispatched = item('B', { status: 'DISPATCHED', version: 3 });
    hold = refreshHold(hold, [a, bDispatched]);
    expect(refreshHold(hold, [a, bDispatched])).toBe(hold); // nothing new: the same hold
    const { rows } = heldRows(hold, [a]);
    expect(rows[1]).toEqual({ item: bDispatched, gone: true });
  });
});
