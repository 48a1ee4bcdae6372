/**
 * The desk's pure rules (issue 15): role layers and saved choices, code order, several filter values and time
 * windows, the one counts query, the fit padding, the highlight pulse, grouped search results, pinyin keys,
 * the district label points, density detection in tiles, and the newest-change time of the live badge.
 */
import { describe, expect, it } from 'vitest';
import { INCIDENT_CATEGORY, INCIDENT_STATUS, GRID_TYPE } from '../../server/protocol/codes.ts';
import { OPEN_STATUSES } from '../../server/domain/incidents/lifecycle.ts';
import { orderedCodes } from '../../client/src/lib/code-order.ts';
import { filterPairs, filterValues, joinValues, windowInterval, windowOf } from '../../client/src/state/filter-values.ts';
import { countsQuery } from '../../client/src/state/counts-query.ts';
import { initialState, MAP_LAYERS } from '../../client/src/state/app-state.ts';
import { UPDATERS, newestChange } from '../../client/src/state/updaters.ts';
import { matches } from '../../client/src/state/selectors.ts';
import { filtersFromPrefs, layersToPrefs, readDevicePrefs, roleLayers, startingLayers, writeDevicePrefs } from '../../client/src/features/prefs/prefs-model.ts';
import { overlayPadding } from '../../client/src/map/fit-padding.ts';
import { highlightPoint, highlightPulse, PULSE_MS } from '../../client/src/map/layers/highlight-layer.ts';
import { areaLevel, groupResults, shownOrder } from '../../client/src/features/search/search-groups.ts';
import { districtLabels } from '../../client/src/map/basemap-style.ts';
import { hasBins } from '../../client/src/map/layers/point-tiles-layer.ts';
import { tileQuery } from '../../client/src/map/tile-query.ts';
import { overlayFeatures } from '../../client/src/map/layers/overlay-layer.ts';
import { pinyinKeys, pinyinQuery, pinyinRank } from '../../server/db/directory/place-pinyin.ts';
import { areaFilter } from '../../server/domain/features/area-filter.ts';
import type { SearchHit } from '../../server/protocol/directory.ts';
import type { LiveChange } from '../../server/protocol/live.ts';

describe('role layers and saved choices', () => {
  it('starts each role with the layers its work needs', () => {
    expect(roleLayers('dispatcher').visible).toEqual(['incidents', 'units']);
    expect(filterValues(roleLayers('dispatcher').filters.incidents?.status)).toEqual([...OPEN_STATUSES]);
    expect(roleLayers('planner').visible).toEqual(['grids', 'incidents']);
    expect(roleLayers('planner').filters).toEqual({});
    expect(roleLayers('viewer').visible).toEqual(['grids', 'key-places']);
    expect(roleLayers('someone-new')).toEqual(roleLayers('viewer'));
    expect(roleLayers('wall').visible).toEqual([...MAP_LAYERS]); // a wall display: every layer, as before
  });

  it('uses the saved choice once there is one, and saves what is on with its filters', () => {
    expect(startingLayers('viewer', { layers: null, filters: null })).toEqual(roleLayers('viewer'));
    const saved = startingLayers('viewer', { layers: ['cameras', 'units'], filters: { cameras: { status: ['OFF'] } } });
    expect(saved).toEqual({ visible: ['cameras', 'units'], filters: { cameras: { status: 'OFF' } } });
    const s = UPDATERS.applyLayers(initialState(), { type: 'applyLayers', ...saved });
    expect(Object.entries(s.ui.layers).filter(([, l]) => l.visible).map(([id]) => id).sort()).toEqual(['cameras', 'units']);
    const withTime = UPDATERS.setFilter(s, { type: 'setFilter', layer: 'incidents', property: 'datetime', value: '2026-12-01T00:00:00Z/..' });
    // the time window is relative to a moment: not kept
    expect(layersToPrefs(withTime.ui.layers)).toEqual({ layers: ['cameras', 'units'], filters: { cameras: { status: ['OFF'] } } });
    expect(filtersFromPrefs({ incidents: { status: ['REPORTED', 'ACCEPTED'] }, nonsense: { x: ['1'] } } as never)).toEqual({ incidents: { status: 'REPORTED,ACCEPTED' } });
  });

  it('reads and writes the device language and theme, ignoring anything else', () => {
    const bag = new Map<string, string>();
    const storage = { getItem: (k: string) => bag.get(k) ?? null, setItem: (k: string, v: string) => void bag.set(k, v) };
    expect(readDevicePrefs(storage)).toEqual({});
    writeDevicePrefs(storage, { lang: 'en', theme: 'light' });
    expect(readDevicePrefs(storage)).toEqual({ lang: 'en', theme: 'light' });
    bag.set('pingan.device', '{"lang":"fr","theme":"light"');
    expect(readDevicePrefs(storage)).toEqual({});
    expect(readDevicePrefs(null)).toEqual({});
  });
});

describe('code lists and filters', () => {
  it('orders numeric code lists by code with 其他 last, others in their own order', () => {
    const cats = orderedCodes(INCIDENT_CATEGORY);
    expect(cats[0]).toBe('01');
    expect(cats.slice(8, 11)).toEqual(['09', '10', '11']);
    expect(cats.at(-1)).toBe('99');
    expect(orderedCodes(GRID_TYPE)).toEqual(Object.keys(GRID_TYPE));
    expect(orderedCodes(INCIDENT_STATUS)).toEqual(Object.keys(INCIDENT_STATUS));
  });

  it('keeps several values of a filter and matches any of them', () => {
    expect(joinValues(['B', 'A', 'B'])).toBe('B,A');
    expect(filterValues('')).toEqual([]);
    expect(matches({ status: 'ACCEPTED' }, { status: 'REPORTED,ACCEPTED' })).toBe(true);
    expect(matches({ status: 'CLOSED' }, { status: 'REPORTED,ACCEPTED' })).toBe(false);
    expect(matches({ status: 'ON' }, { status: 'ON', datetime: '2026-01-01T00:00:00Z/..' })).toBe(true);
    expect(filterPairs({ status: 'B,A', datetime: 'x/..' }, 'incidents.')).toEqual([
      ['incidents.datetime', 'x/..'],
      ['incidents.status', 'A'],
      ['incidents.status', 'B'],
    ]);
    expect(tileQuery({ status: 'REPORTED,ACCEPTED' }, 0)).toBe('?status=ACCEPTED&status=REPORTED');
  });

  it('makes a time window on the hour and recognises it again', () => {
    const now = Date.parse('2026-12-04T18:25:00Z');
    expect(windowInterval(24, now)).toBe('2026-12-03T18:00:00Z/..');
    expect(windowOf(windowInterval(24, now), now)).toBe(24);
    expect(windowOf(windowInterval(168, now), now + 30 * 60_000)).toBe(168);
    expect(windowOf(undefined, now)).toBeNull();
  });

  it('asks for every count in one query narrowed by the area and the filters', () => {
    let s = initialState();
    expect(countsQuery(s.ui.layers, null)).toBe('');
    expect(countsQuery(s.ui.layers, '410500')).toBe('');
    s = UPDATERS.setFilter(s, { type: 'setFilter', layer: 'incidents', property: 'status', value: 'REPORTED,ACCEPTED' });
    const q = new URLSearchParams(countsQuery(s.ui.layers, '410502'));
    expect(q.get('area')).toBe('410502');
    expect(q.getAll('incidents.status')).toEqual(['ACCEPTED', 'REPORTED']);
  });

  it('narrows a layer to an area by its most specific area property (tiles and counts alike)', () => {
    expect(areaFilter('incidents', '410502001')).toEqual({ street_code: '410502001' });
    expect(areaFilter('depots', '410502001001')).toEqual({ street_code: '410502001' });
    expect(areaFilter('grids', '410502001001001')).toEqual({ code: '410502001001001' });
    expect(areaFilter('incidents', '410500')).toEqual({});
  });
});

describe('map', () => {
  it('pads a fit by the panels floating over the map', () => {
    const map = { left: 300, top: 50, right: 1920, bottom: 1080 };
    expect(overlayPadding(map, [])).toEqual({ top: 40, right: 40, bottom: 40, left: 40 });
    const card = { left: 1548, top: 62, right: 1908, bottom: 700 };
    expect(overlayPadding(map, [card]).right).toBe(1920 - 1548 + 20);
    // a panel beside the map (not over it) changes nothing
    expect(overlayPadding(map, [{ left: 0, top: 50, right: 300, bottom: 1080 }])).toEqual(overlayPadding(map, []));
    // never more than 40 % of the map
    expect(overlayPadding({ left: 0, top: 0, right: 400, bottom: 400 }, [{ left: 0, top: 0, right: 390, bottom: 400 }]).left).toBe(160);
  });

  it('pulses a selection once, then keeps the ring', () => {
    expect(highlightPulse(0)).toEqual({ grow: 0, opacity: 1 });
    expect(highlightPulse(PULSE_MS / 2)!.grow).toBeGreaterThan(0);
    expect(highlightPulse(PULSE_MS)).toBeNull();
    expect(highlightPulse(-1)).toBeNull();
    expect(highlightPoint({ collection: 'cameras', id: 'c', at: [1, 2] })).toEqual([1, 2]);
    expect(highlightPoint({ collection: 'cameras', id: 'c', at: [1, 2], geometry: { type: 'Point', coordinates: [3, 4] } })).toEqual([3, 4]);
  });

  it('labels each district once, at its label point', () => {
    const fc = districtLabels([
      { code: '410502', name: '文峰区', label: [114.35, 36.08] },
      { code: '410503', name: '北关区', label: null },
    ]);
    expect(fc.features).toHaveLength(1);
    expect(fc.features[0]!.properties.name).toBe('文峰区');
  });

  it('draws only the live changes that pass the layer\'s filters', () => {
    const entry = (id: string, status: string) => [id, { feature: { type: 'Feature', id, geometry: { type: 'Point', coordinates: [114.3, 36.1] }, properties: { id, status } }, at: 0, seq: 1, fresh: false }] as const;
    const entries = new Map([entry('a', 'REPORTED'), entry('b', 'CLOSED')]) as never;
    expect(overlayFeatures(entries).map((f) => f.id)).toEqual(['a', 'b']);
    expect(overlayFeatures(entries, { status: 'REPORTED,ACCEPTED' }).map((f) => f.id)).toEqual(['a']);
  });

  it('tells density tiles from point tiles', () => {
    expect(hasBins({ points: { numericProps: { count: { value: new Float32Array([3]) } }, properties: [] } })).toBe(true);
    expect(hasBins({ points: { numericProps: {}, properties: [{ aggregated: true }] } })).toBe(true);
    expect(hasBins({ points: { numericProps: { count: { value: new Float32Array(0) } }, properties: [{ id: 'x' }] } })).toBe(false);
    expect(hasBins(null)).toBe(false);
  });

  it('dates the newest change by its own time, not by its arrival', () => {
    const c = (at: string) => ({ at }) as LiveChange;
    expect(newestChange([c('2026-12-04T10:00:00Z'), c('2026-12-04T09:00:00Z')], null)).toBe(Date.parse('2026-12-04T10:00:00Z'));
    expect(newestChange([c('2026-12-04T09:00:00Z')], Date.parse('2026-12-04T10:00:00Z'))).toBe(Date.parse('2026-12-04T10:00:00Z'));
    expect(newestChange([c('garbage')], null)).toBeNull();
    let s = initialState();
    s = UPDATERS.liveStatus(s, { type: 'liveStatus', status: 'live', seq: 1, at: Date.now() });
    expect(s.live.lastChangeAt ?? null).toBeNull(); // connecting is not a change
  });
});

describe('search', () => {
  const hit = (collection: SearchHit['collection'], id: string, group: SearchHit['group']): SearchHit => ({ collection, id, label: id, sublabel: '', group });

  it('groups results by kind, places first, in the server order within a group', () => {
    const items = [hit('units', 'u1', 'asset'), hit('districts', 'd1', 'place'), hit('incidents', 'e1', 'event'), hit('grids', 'g1', 'place')];
    const groups = groupResults(items);
    expect(groups.map((g) => g.group)).toEqual(['place', 'event', 'asset']);
    expect(groups[0]!.items.map((h) => h.id)).toEqual(['d1', 'g1']);
    expect(shownOrder(groups).map((h) => h.id)).toEqual(['d1', 'g1', 'e1', 'u1']);
    const many = Array.from({ length: 12 }, (_, i) => hit('units', `u${i}`, 'asset'));
    expect(groupResults(many, 8)[0]).toMatchObject({ more: 4 });
    expect(areaLevel({ collection: 'streets' })).toBe(3);
    expect(areaLevel({ collection: 'cameras' })).toBeNull();
  });

  it('finds places by pinyin, initials and a syllable inside the name', () => {
    const wenfeng = pinyinKeys('文峰区');
    expect(wenfeng).toMatchObject({ full: 'wenfengqu', initials: 'wfq' });
    expect(pinyinRank(wenfeng, 'wenfeng')).toBe(0);
    expect(pinyinRank(wenfeng, 'wf')).toBe(1);
    expect(pinyinRank(pinyinKeys('文峰区东大街街道'), 'dongdajie')).toBe(2);
    expect(pinyinRank(wenfeng, 'beiguan')).toBeNull();
    expect(pinyinRank(wenfeng, 'engq')).toBeNull(); // not at a syllable
    expect(pinyinKeys('长春路社区').full.startsWith('changchun')).toBe(true);
    expect(pinyinQuery("Wen Feng")).toBe('wenfeng');
    expect(pinyinQuery('文峰')).toBeNull();
    expect(pinyinQuery('410502')).toBeNull();
  });
});
