/**
 * The remembered coverage cost (server/db/dispatch/units/coverage-memo.ts): asked again with nothing changed it is
 * not computed again; after any change it depends on (the unit, an AVAILABLE unit of its type arriving, leaving or
 * moving, the grid centres) it is computed afresh and equals the cost computed from scratch; changes it does not
 * depend on (another type's units, a unit of its type that is not AVAILABLE) keep it.
 */
import { describe, expect, it } from 'vitest';
import { rememberedCoverageCost } from '../../server/db/dispatch/units/coverage-memo.ts';
import { UnitSet, type IndexedUnit } from '../../server/db/dispatch/units/unit-set.ts';
import { gridCentreIndex, type GridCentreIndex } from '../../server/db/dispatch/grid-centres.ts';
import { coverageCost, type GridPoint } from '../../server/domain/dispatch/coverage.ts';
import { coverageRadiusMeters, type UnitType } from '../../server/domain/dispatch/dispatch-config.ts';

const unit = (id: string, type: string, status: string, lon: number, lat: number): IndexedUnit => ({
  id, name: id, callsign: null, type, status, version: 1, district_code: '410502', street_code: null, community_code: null, lon, lat, busy: false,
});

const grids: GridPoint[] = [];
for (let i = 0; i < 30; i++) for (let j = 0; j < 30; j++) grids.push({ code: `G${i}-${j}`, population: 10 + i + j, position: [114.28 + i * 0.004, 36.07 + j * 0.003] });

/** What a recommendation does: the unit as the set holds it, remembered when possible. */
function ask(set: UnitSet, centres: GridCentreIndex, id: string, counter: { n: number }) {
  const held = set.get(id)!;
  return rememberedCoverageCost(set, held, centres, () => {
    counter.n++;
    return fresh(set, centres, id);
  });
}

function fresh(set: UnitSet, centres: GridCentreIndex, id: string) {
  const held = set.get(id)!;
  const point = { id, type: held.type as UnitType, position: [held.lon, held.lat] as const };
  return coverageCost(point, centres.around(point.position, coverageRadiusMeters(point.type)), set);
}

describe('rememberedCoverageCost', () => {
  it('computes once while nothing it depends on changes, and afresh after each change that matters', () => {
    const set = new UnitSet([
      unit('F1', 'FIRE_RESCUE', 'AVAILABLE', 114.32, 36.1),
      unit('F2', 'FIRE_RESCUE', 'AVAILABLE', 114.335, 36.105),
      unit('F3', 'FIRE_RESCUE', 'ON_SCENE', 114.321, 36.1),
      unit('P1', 'POLICE_PATROL', 'AVAILABLE', 114.321, 36.101),
    ]);
    let centres = gridCentreIndex(grids);
    const counter = { n: 0 };
    const first = ask(set, centres, 'F1', counter);
    expect(first.gridsUncovered).toBeGreaterThan(0);
    expect(ask(set, centres, 'F1', counter)).toBe(first);
    expect(counter.n).toBe(1);

    // not depended on: another type's unit moves; a unit of its type that is not AVAILABLE moves
    set.put(unit('P1', 'POLICE_PATROL', 'AVAILABLE', 114.322, 36.1));
    set.put(unit('F3', 'FIRE_RESCUE', 'EN_ROUTE', 114.3205, 36.1));
    expect(ask(set, centres, 'F1', counter)).toBe(first);
    expect(counter.n).toBe(1);

    const changes: [string, () => void][] = [
      ['a peer arrives (becomes AVAILABLE) beside it', () => set.put(unit('F3', 'FIRE_RESCUE', 'AVAILABLE', 114.3205, 36.1))],
      ['the peer leaves', () => set.put(unit('F3', 'FIRE_RESCUE', 'DISPATCHED', 114.3205, 36.1))],
      ['another peer moves', () => set.put(unit('F2', 'FIRE_RESCUE', 'AVAILABLE', 114.326, 36.102))],
      ['the unit itself moves', () => set.put(unit('F1', 'FIRE_RESCUE', 'AVAILABLE', 114.318, 36.099))],
      ['a peer is removed', () => set.remove('F2')],
      ['the grid centres change', () => (centres = gridCentreIndex(grids.slice(0, 600)))],
    ];
    for (const [what, change] of changes) {
      const before = counter.n;
      change();
      expect(ask(set, centres, 'F1', counter), what).toEqual(fresh(set, centres, 'F1'));
      expect(counter.n, what).toBe(before + 1);
      expect(ask(set, centres, 'F1', counter), what).toEqual(fresh(set, centres, 'F1'));
      expect(counter.n, what).toBe(before + 1);
    }
  });

  it('keeps nothing for a unit record the set no longer holds', () => {
    const set = new UnitSet([unit('F1', 'FIRE_RESCUE', 'AVAILABLE', 114.32, 36.1)]);
    const centres = gridCentreIndex(grids);
    const old = set.get('F1')!;
    set.put(unit('F1', 'FIRE_RESCUE', 'AVAILABLE', 114.33, 36.11));
    let n = 0;
    rememberedCoverageCost(set, old, centres, () => (n++, fresh(set, centres, 'F1')));
    rememberedCoverageCost(set, set.get('F1')!, centres, () => (n++, fresh(set, centres, 'F1')));
    expect(n).toBe(2);
  });
});
