/**
 * The units in memory for recommendations (server/db/dispatch/units/unit-set.ts, unit-candidates.ts, unit-index.ts's
 * change decoding): `nearest` equals ordering every sendable unit by its ellipsoid distance (the haversine short list
 * loses none, even with many units at nearly the same distance, and the rings of cells read far enough from any point); `around` equals a scan of the box; puts, moves,
 * type changes and removals keep both answers right; a change record decodes to the unit it describes.
 */
import { describe, expect, it } from 'vitest';
import { ellipsoidMeters, sphereBoundsIn, UnitSet, type IndexedUnit } from '../../server/db/dispatch/units/unit-set.ts';
import { distanceMeters } from '../../server/domain/dispatch/geodesy.ts';
import { candidatesFromIndex, inUnitArea } from '../../server/db/dispatch/units/unit-candidates.ts';
import { unitFromChange } from '../../server/db/dispatch/units/unit-index.ts';
import { coverageCost, gridSite, type GridSite, type UnitPoint } from '../../server/domain/dispatch/coverage.ts';
import { DISPATCH_CONFIG, type UnitType } from '../../server/domain/dispatch/dispatch-config.ts';
import { candidatesPerType, rankByEta } from '../../server/domain/dispatch/ranking.ts';
import { estimateLeg, estimateRouter } from '../../server/domain/dispatch/router.ts';

function lcg(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

const TYPES = ['POLICE_PATROL', 'FIRE_RESCUE', 'MEDICAL'] as const;
const DISTRICTS = ['410502', '410503', '410505'];
const STATUSES = ['AVAILABLE', 'AVAILABLE', 'AVAILABLE', 'DISPATCHED', 'OFF_DUTY'];

function unitsFrom(rand: () => number, n: number): IndexedUnit[] {
  return Array.from({ length: n }, (_, i) => {
    const district = DISTRICTS[Math.floor(rand() * DISTRICTS.length)]!;
    return {
      id: `U${String(i).padStart(5, '0')}`, name: `单位${i}`, callsign: i % 3 ? `呼${i}` : null, type: TYPES[Math.floor(rand() * TYPES.length)]!,
      status: STATUSES[Math.floor(rand() * STATUSES.length)]!, version: 1, district_code: district, street_code: `${district}001`, community_code: null,
      lon: 114.1 + rand() * 0.5, lat: 35.9 + rand() * 0.4, busy: rand() < 0.05,
    };
  });
}

/** Every sendable unit of the type passing the rule, by ellipsoid distance then id: the definition `nearest` must meet. */
function bruteNearest(units: readonly IndexedUnit[], at: readonly [number, number], type: string, k: number, accept: (u: IndexedUnit) => boolean) {
  return units
    .filter((u) => u.type === type && u.status === 'AVAILABLE' && !u.busy && accept(u))
    .map((u) => ({ id: u.id, meters: ellipsoidMeters(at, [u.lon, u.lat]) }))
    .sort((a, b) => a.meters - b.meters || (a.id < b.id ? -1 : 1))
    .slice(0, k);
}

describe('UnitSet', () => {
  const rand = lcg(410500);
  const units = unitsFrom(rand, 3_000);
  const set = new UnitSet(units);

  it('gives the k nearest sendable units of a type, exactly as ordering all of them by ellipsoid distance', () => {
    const all = () => true;
    for (let c = 0; c < 300; c++) {
      const at = [114.1 + rand() * 0.5, 35.9 + rand() * 0.4] as const;
      const type = TYPES[c % TYPES.length]!;
      const k = 1 + (c % 25);
      const accept = c % 2 ? all : inUnitArea({ kind: 'districts', districts: [DISTRICTS[c % 3]!] });
      const got = set.nearest(at, type, k, accept);
      const want = bruteNearest(units, at, type, k, accept);
      expect(got.map((g) => g.unit.id)).toEqual(want.map((w) => w.id));
      got.forEach((g, i) => expect(g.meters).toBe(want[i]!.meters));
    }
  });

  it('reads rings of cells outwards as far as needed: from a point far outside the city, and for more units than there are', () => {
    for (const at of [[112.2, 34.1], [114.35, 38.5], [116.9, 36.0], [114.1, 35.9]] as const) {
      for (const k of [1, 13, 5_000]) {
        const got = set.nearest(at, 'FIRE_RESCUE', k, () => true);
        expect(got.map((g) => g.unit.id)).toEqual(bruteNearest(units, at, 'FIRE_RESCUE', k, () => true).map((w) => w.id));
      }
    }
    expect(set.nearest([114.35, 36.1], 'NO_SUCH_TYPE', 5, () => true)).toEqual([]);
    // a reach over more cells than there are units: the peers are read by scanning the units, the same answer
    const few = units.slice(0, 12);
    const small = new UnitSet(few);
    const far = { ...DISPATCH_CONFIG, targetMinutes: { ...DISPATCH_CONFIG.targetMinutes, POLICE_PATROL: 90, FIRE_RESCUE: 90, MEDICAL: 90 } };
    const grids: GridSite[] = Array.from({ length: 50 }, (_, g) => gridSite({ code: `G${g}`, population: 1, position: [114.0 + (g % 10) * 0.07, 35.8 + Math.floor(g / 10) * 0.12] }));
    const available = few.filter((u) => u.status === 'AVAILABLE').map((u) => ({ id: u.id, type: u.type as UnitPoint['type'], position: [u.lon, u.lat] as const }));
    for (const u of available) expect(coverageCost(u, grids, small, far)).toEqual(coverageCost(u, grids, available, far));
  });

  it('loses none to the haversine short list when many units stand at nearly the same distance', () => {
    // A ring of units 5 km around a point in every direction: the ellipsoid and the sphere order them differently.
    const at = [114.35, 36.1] as const;
    const ring: IndexedUnit[] = Array.from({ length: 720 }, (_, i) => {
      const a = (i / 720) * 2 * Math.PI;
      const r = 5_000 * (1 + (i % 7) * 0.0005);
      return { ...units[0]!, id: `R${i}`, type: 'RING', status: 'AVAILABLE', busy: false, lon: at[0] + (r * Math.sin(a)) / (111_320 * Math.cos((at[1] * Math.PI) / 180)), lat: at[1] + (r * Math.cos(a)) / 110_574 };
    });
    const ringSet = new UnitSet(ring);
    for (const k of [1, 5, 13, 40, 200]) {
      expect(ringSet.nearest(at, 'RING', k, () => true).map((g) => g.unit.id)).toEqual(bruteNearest(ring, at, 'RING', k, () => true).map((w) => w.id));
    }
    // East 1,000 m and north 1,002 m on the sphere: on the ellipsoid (N > R > M at 36°) north is the nearer
    // (≈ 999.9 against ≈ 1,002.3 m). Read east first (one cell holds both), its bound must not cut north off.
    const R = 6_371_008.8;
    const rad = Math.PI / 180;
    const from = [114.31, 36.07] as const;
    const east: IndexedUnit = { ...units[0]!, id: 'E', type: 'PAIR', status: 'AVAILABLE', busy: false, lon: from[0] + 1_000 / (R * Math.cos(from[1] * rad)) / rad, lat: from[1] };
    const north: IndexedUnit = { ...east, id: 'N', lon: from[0], lat: from[1] + 1_002 / R / rad };
    for (const pair of [[east, north], [north, east]]) expect(new UnitSet(pair).nearest(from, 'PAIR', 1, () => true).map((g) => g.unit.id)).toEqual(['N']);
  });

  it('keeps answering right after moves, status changes, a type change and removals', () => {
    const live = new UnitSet(units);
    const mirror = new Map(units.map((u) => [u.id, u]));
    const edit = lcg(7);
    for (let step = 0; step < 2_000; step++) {
      const u = units[Math.floor(edit() * units.length)]!;
      const roll = edit();
      if (roll < 0.1) {
        live.remove(u.id);
        mirror.delete(u.id);
        continue;
      }
      const next: IndexedUnit = roll < 0.2
        ? { ...u, type: TYPES[Math.floor(edit() * TYPES.length)]! }
        : roll < 0.5 ? { ...u, status: STATUSES[Math.floor(edit() * STATUSES.length)]! } : { ...u, lon: u.lon + (edit() - 0.5) * 0.01, lat: u.lat + (edit() - 0.5) * 0.01 };
      live.put(next);
      mirror.set(u.id, next);
    }
    expect(live.size).toBe(mirror.size);
    const now = [...mirror.values()];
    for (let c = 0; c < 100; c++) {
      const at = [114.1 + edit() * 0.5, 35.9 + edit() * 0.4] as const;
      const type = TYPES[c % TYPES.length]!;
      expect(live.nearest(at, type, 7, () => true).map((g) => g.unit.id)).toEqual(bruteNearest(now, at, type, 7, () => true).map((w) => w.id));
      const departing: UnitPoint = { id: now[c]!.id, type: now[c]!.type as UnitPoint['type'], position: [now[c]!.lon, now[c]!.lat] };
      const grids: GridSite[] = Array.from({ length: 40 }, (_, g) => gridSite({ code: `G${g}`, population: 1, position: [departing.position[0] + (edit() - 0.5) * 0.05, departing.position[1] + (edit() - 0.5) * 0.05] }));
      const available = now.filter((u) => u.status === 'AVAILABLE').map((u) => ({ id: u.id, type: u.type as UnitPoint['type'], position: [u.lon, u.lat] as const }));
      expect(coverageCost(departing, grids, live)).toEqual(coverageCost(departing, grids, available));
    }
  });
});

describe('sphereBoundsIn', () => {
  it('bounds the ratio of the ellipsoid\'s distance to the sphere\'s between any two points of the band, far tighter than 2 % in Anyang', () => {
    const rand = lcg(5);
    const rad = Math.PI / 180;
    for (const lat of [0, 22.5, 36.1, 52, 70]) {
      for (const spanKm of [2, 20, 200]) {
        const span = (spanKm * 1000) / 6_371_008.8;
        const bounds = sphereBoundsIn(lat * rad, span);
        let lo = Number.POSITIVE_INFINITY;
        let hi = 0;
        for (let i = 0; i < 400; i++) {
          // a pair inside the band around `lat`, at any bearing: meridians (M), parallels (N) and between
          const a = [114 + (rand() - 0.5) * 0.1, lat + ((rand() - 0.5) * 2 * span) / rad] as const;
          const b = [a[0] + ((rand() - 0.5) * 2 * span) / rad / Math.cos(lat * rad), Math.max(lat - span / rad, Math.min(lat + span / rad, a[1] + ((rand() - 0.5) * 2 * span) / rad))] as const;
          const sphere = distanceMeters(a, b);
          if (sphere < 1) continue;
          const x = ellipsoidMeters(a, b) / sphere;
          lo = Math.min(lo, x);
          hi = Math.max(hi, x);
        }
        expect(lo, `${lat}° ± ${spanKm} km`).toBeGreaterThanOrEqual(bounds.lo);
        expect(hi, `${lat}° ± ${spanKm} km`).toBeLessThanOrEqual(bounds.hi);
      }
    }
    const anyang = sphereBoundsIn(36.1 * rad, 20_000 / 6_371_008.8);
    expect(anyang.hi / anyang.lo).toBeLessThan(1.005);
  });
});

describe('candidates from the index', () => {
  const units = unitsFrom(lcg(11), 1_000);
  const set = new UnitSet(units);

  it('take, for a road router, candidatesPerType(limit) per capable type inside the area, with the unit fields a recommendation shows', () => {
    const at = [114.35, 36.1] as const;
    const road = { secondsPerStraightMetre: undefined };
    const rows = candidatesFromIndex(set, at, ['POLICE_PATROL', 'FIRE_RESCUE'], 4, { kind: 'scope', scope: '410502' }, road);
    expect(rows.filter((r) => r.type === 'POLICE_PATROL')).toHaveLength(candidatesPerType(4));
    expect(rows.filter((r) => r.type === 'FIRE_RESCUE')).toHaveLength(candidatesPerType(4));
    expect(rows.every((r) => r.district_code === '410502' && r.status === 'AVAILABLE')).toBe(true);
    const first = rows[0]!;
    const unit = set.get(first.id)!;
    expect(first).toMatchObject({ name: unit.name, callsign: unit.callsign, version: unit.version, lon: unit.lon, lat: unit.lat });
    expect(first.meters).toBe(ellipsoidMeters(at, [unit.lon, unit.lat]));
  });

  it('give, with the estimate, the ranking that ranking every sendable unit gives, measuring fewer', () => {
    const router = estimateRouter();
    const rand = lcg(97);
    const all: UnitType[] = ['POLICE_PATROL', 'FIRE_RESCUE', 'MEDICAL'];
    const area = { kind: 'districts', districts: DISTRICTS } as const;
    let listed = 0;
    let measured = 0;
    for (let c = 0; c < 300; c++) {
      const at = [114.1 + rand() * 0.5, 35.9 + rand() * 0.4] as const;
      const types = all.filter((_, i) => (c >> i) & 1 || i === c % 3);
      const limit = 1 + (c % 8);
      const rows = candidatesFromIndex(set, at, types, limit, area, router);
      const every = units
        .filter((u) => types.includes(u.type as UnitType) && u.status === 'AVAILABLE' && !u.busy)
        .map((u) => ({ id: u.id, type: u.type as UnitType, meters: ellipsoidMeters(at, [u.lon, u.lat]) }));
      const want = rankByEta(every, every.map((u) => estimateLeg(u.meters, u.type)), limit).map((r) => r.item.id);
      const got = rankByEta(rows, rows.map((r) => estimateLeg(r.meters, r.type)), limit).map((r) => r.item.id);
      expect(got).toEqual(want);
      measured += rows.length;
      listed += types.length * limit;
    }
    expect(measured).toBeLessThan(listed * 0.8); // units provably too slow are not measured
  });

  it('lose no unit to the bounds when one type\'s ETAs sit just past another\'s', () => {
    // police at 40 km/h and fire at 45: a fire unit 1.125× as far as a police unit arrives as soon; spread the fire
    // units around that distance, east (where the ellipsoid's distance is the longer) and north (the shorter)
    const at = [114.31, 36.07] as const;
    const R = 6_371_008.8;
    const rad = Math.PI / 180;
    const place = (id: string, type: string, metres: number, bearing: 'E' | 'N'): IndexedUnit => ({
      ...units[0]!, id, type, status: 'AVAILABLE', busy: false, district_code: DISTRICTS[0]!,
      lon: bearing === 'E' ? at[0] + metres / (R * Math.cos(at[1] * rad)) / rad : at[0], lat: bearing === 'N' ? at[1] + metres / R / rad : at[1],
    });
    const crowd: IndexedUnit[] = [place('P0', 'POLICE_PATROL', 1_000, 'E')];
    for (let i = 0; i < 40; i++) crowd.push(place(`F${i}`, 'FIRE_RESCUE', 1_125 * (0.994 + i * 0.0003), i % 2 ? 'E' : 'N'));
    const crowded = new UnitSet(crowd);
    const router = estimateRouter();
    for (const limit of [1, 2, 3, 5]) {
      const rows = candidatesFromIndex(crowded, at, ['POLICE_PATROL', 'FIRE_RESCUE'], limit, { kind: 'districts', districts: DISTRICTS }, router);
      const every = crowd.map((u) => ({ id: u.id, type: u.type as UnitType, meters: ellipsoidMeters(at, [u.lon, u.lat]) }));
      expect(rankByEta(rows, rows.map((r) => estimateLeg(r.meters, r.type)), limit).map((r) => r.item.id)).toEqual(
        rankByEta(every, every.map((u) => estimateLeg(u.meters, u.type)), limit).map((r) => r.item.id),
      );
    }
  });
});

describe('the unit set as the coverage cost\'s peers', () => {
  const rand = lcg(23);
  const units = unitsFrom(rand, 1_500);
  const set = new UnitSet(units);
  const asPoints = (us: readonly IndexedUnit[]): UnitPoint[] =>
    us.filter((u) => u.status === 'AVAILABLE').map((u) => ({ id: u.id, type: u.type as UnitPoint['type'], position: [u.lon, u.lat] as const }));
  const grids: GridSite[] = Array.from({ length: 3_000 }, (_, i) => gridSite({
    code: `G${String(i).padStart(5, '0')}`, population: 1 + Math.floor(rand() * 500), position: [114.05 + rand() * 0.6, 35.85 + rand() * 0.5] as const,
  }));

  it('gives every departing unit the cost the list of all available units gives, at short and long reaches', () => {
    // MEDICAL's reach (12 min) spans several cells; POLICE and FIRE (5 min) one or two; a 60 min reach spans the set
    const long = { ...DISPATCH_CONFIG, targetMinutes: { ...DISPATCH_CONFIG.targetMinutes, FIRE_RESCUE: 60 } };
    const all = asPoints(units);
    let lost = 0;
    for (const u of units.filter((_, i) => i % 7 === 0)) {
      const unit: UnitPoint = { id: u.id, type: u.type as UnitPoint['type'], position: [u.lon, u.lat] };
      for (const config of [DISPATCH_CONFIG, long]) {
        const want = coverageCost(unit, grids, all, config);
        expect(coverageCost(unit, grids, set, config)).toEqual(want);
        lost += want.gridsUncovered;
      }
    }
    expect(lost).toBeGreaterThan(0); // the fixture has grids only one unit covers
  });

  it('counts no unit of another type, no unit that is not AVAILABLE, and never the departing unit itself', () => {
    const at: UnitPoint = { id: 'ME', type: 'FIRE_RESCUE', position: [114.3, 36.0] };
    const near = (id: string, type: string, status: string): IndexedUnit => ({ ...units[0]!, id, type, status, lon: 114.301, lat: 36.0005 });
    const grid: GridSite[] = [gridSite({ code: 'G', population: 1, position: [114.3005, 36.0] })];
    const lonely = new UnitSet([near('ME', 'FIRE_RESCUE', 'AVAILABLE'), near('P', 'POLICE_PATROL', 'AVAILABLE'), near('F', 'FIRE_RESCUE', 'ON_SCENE')]);
    expect(coverageCost(at, grid, lonely).gridsUncovered).toBe(1);
    lonely.put(near('F', 'FIRE_RESCUE', 'AVAILABLE'));
    expect(coverageCost(at, grid, lonely).gridsUncovered).toBe(0);
  });
});

describe('unitFromChange', () => {
  it('decodes a captured unit row and its GeoJSON point; a record without a point is no unit', () => {
    const row = { id: 'U1', name: '滑巡63', callsign: '滑巡63', type: 'POLICE_PATROL', status: 'AVAILABLE', version: '4', district_code: '410526', street_code: '410526100', community_code: null };
    expect(unitFromChange('U1', row, { type: 'Point', coordinates: [114.5, 35.6] }, false)).toEqual({
      id: 'U1', name: '滑巡63', callsign: '滑巡63', type: 'POLICE_PATROL', status: 'AVAILABLE', version: 4, district_code: '410526', street_code: '410526100',
      community_code: null, lon: 114.5, lat: 35.6, busy: false,
    });
    expect(unitFromChange('U1', row, null, false)).toBeNull();
    expect(unitFromChange('U1', row, { type: 'Point', coordinates: ['x', 1] }, false)).toBeNull();
  });
});
