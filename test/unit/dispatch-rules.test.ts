/**
 * The pure dispatch rules: camera sight against @turf/turf's sector geometry (fixtures facing towards and away, and
 * randomised cameras), the KNN completeness bound, the ETA ranking, the coverage cost, the dispatch reach
 * (jurisdiction, 跨区增援), unit-status steps and assignment statuses, and the configuration's coverage of the code lists.
 */
import * as turf from '@turf/turf';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cameraSight, inSector } from '../../server/domain/dispatch/camera-sight.ts';
import { angleBetween, bearingDeg, distanceMeters, type LngLat } from '../../server/domain/dispatch/geodesy.ts';
import { candidatesPerType, knnIsComplete, planarLowerBoundMeters, rankByEta } from '../../server/domain/dispatch/ranking.ts';
import { coverageCost, gridSite } from '../../server/domain/dispatch/coverage.ts';
import { estimateLeg } from '../../server/domain/dispatch/router.ts';
import { assignmentDispatches, canStepUnit, dispatchReach, isAssignable, statusAfterUnassign, UNIT_STATUS_STEPS } from '../../server/domain/dispatch/assignment-rules.ts';
import { cameraRangeMeters, capableTypes, coverageRadiusMeters, DISPATCH_CONFIG, type UnitType } from '../../server/domain/dispatch/dispatch-config.ts';
import { recommendationReasons } from '../../server/domain/dispatch/reasons.ts';
import { CAMERA_PTZ_TYPE, INCIDENT_CATEGORY, UNIT_STATUS, UNIT_TYPE } from '../../server/protocol/codes.ts';
import { deadlineOf } from '../../server/domain/incidents/lifecycle.ts';

const SCENE: LngLat = [114.3925, 36.0975];
/** A point `m` metres from SCENE on bearing `deg` (turf's destination, the same sphere). */
const from = (deg: number, m: number): LngLat => turf.destination(turf.point([...SCENE]), m / 1000, deg > 180 ? deg - 360 : deg).geometry.coordinates as unknown as LngLat;

/** Turf's answer: is the scene inside the camera's sector polygon (a circle when it sees all round)? */
function turfSees(camera: LngLat, directionDeg: number | null, fovDeg: number | null, rangeM: number): boolean {
  const all = directionDeg === null || fovDeg === null || fovDeg >= 360;
  const shape = all
    ? turf.circle(turf.point([...camera]), rangeM / 1000, { steps: 256 })
    : turf.sector(turf.point([...camera]), rangeM / 1000, directionDeg - fovDeg / 2, directionDeg + fovDeg / 2, { steps: 256 });
  return turf.booleanPointInPolygon(turf.point([...SCENE]), shape);
}

describe('camera sight', () => {
  // A camera 40 m from the scene on bearing `at` (so it looks at the scene along at + 180).
  const fixtures: { name: string; at: number; facing: number; fov: number; ptz: number; sees: boolean; reason: string }[] = [
    { name: 'facing the scene', at: 90, facing: 270, fov: 60, ptz: 3, sees: true, reason: 'SEES' },
    { name: 'facing away', at: 90, facing: 90, fov: 60, ptz: 3, sees: false, reason: 'FACING_AWAY' },
    { name: 'facing across (scene just outside the fov)', at: 0, facing: 180 + 35, fov: 60, ptz: 3, sees: false, reason: 'FACING_AWAY' },
    { name: 'facing almost the scene (inside the fov)', at: 0, facing: 180 + 25, fov: 60, ptz: 3, sees: true, reason: 'SEES' },
    { name: 'across north (350° vs 10°)', at: 190, facing: 350, fov: 40, ptz: 3, sees: true, reason: 'SEES' },
    { name: 'a dome sees all round', at: 45, facing: 45, fov: 360, ptz: 1, sees: true, reason: 'SEES' },
    { name: 'a hemisphere is too short-sighted at 40 m', at: 90, facing: 270, fov: 90, ptz: 2, sees: false, reason: 'OUT_OF_RANGE' },
  ];
  for (const f of fixtures) {
    it(`${f.name}: ${f.sees ? 'sees' : 'does not see'} it, as turf's sector says`, () => {
      const camera = from(f.at, 40);
      const s = cameraSight({ position: camera, ptzType: f.ptz, directionDeg: f.facing, fovDeg: f.fov, online: true }, SCENE);
      expect([s.sees, s.reason]).toEqual([f.sees, f.reason]);
      expect(turfSees(camera, f.facing, f.fov, cameraRangeMeters(f.ptz))).toBe(f.sees);
    });
  }

  it('an offline camera that faces the scene does not see it now (reason OFFLINE)', () => {
    const s = cameraSight({ position: from(90, 40), ptzType: 3, directionDeg: 270, fovDeg: 60, online: false }, SCENE);
    expect([s.sees, s.reason]).toEqual([false, 'OFFLINE']);
  });

  it('agrees with turf.sector on randomised cameras (away from the sector\'s edges)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 359.99, noNaN: true }), fc.double({ min: 5, max: 300, noNaN: true }),
        fc.integer({ min: 0, max: 359 }), fc.integer({ min: 10, max: 360 }), fc.integer({ min: 20, max: 300 }),
        (at, dist, facing, fov, range) => {
          const camera = from(at, dist);
          const toScene = bearingDeg(camera, SCENE);
          const nearEdge = Math.abs(distanceMeters(camera, SCENE) - range) < range * 0.01 || (fov < 360 && Math.abs(angleBetween(toScene, facing) - fov / 2) < 0.5);
          fc.pre(!nearEdge);
          expect(inSector({ position: camera, directionDeg: facing, fovDeg: fov }, SCENE, range)).toBe(turfSees(camera, facing, fov, range));
        },
      ),
      { numRuns: 400, seed: 11 },
    );
  });

  it('has a range for every PTZ type', () => {
    for (const code of Object.keys(CAMERA_PTZ_TYPE)) expect(cameraRangeMeters(code)).toBeGreaterThan(0);
  });
});

describe('ranking', () => {
  it('bounds the true distance of anything beyond the KNN answer from below', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.001, max: 0.5, noNaN: true }), fc.double({ min: 0, max: 359, noNaN: true }), fc.double({ min: 1, max: 3, noNaN: true }), (d, dir, k) => {
        const rad = (dir * Math.PI) / 180;
        const p: LngLat = [SCENE[0] + d * k * Math.sin(rad), SCENE[1] + d * k * Math.cos(rad)]; // planar distance d·k ≥ d
        expect(distanceMeters(SCENE, p)).toBeGreaterThanOrEqual(planarLowerBoundMeters(d, SCENE[1]));
      }),
      { numRuns: 500, seed: 3 },
    );
  });

  it('calls a KNN answer complete only when the bound proves it', () => {
    expect(knnIsComplete([{ planarDeg: 0.01, meters: 1000 }], 5, 3, 36)).toBe(true); // fewer rows than asked: all there are
    const rows = [{ planarDeg: 0.01, meters: 1100 }, { planarDeg: 0.02, meters: 1800 }, { planarDeg: 0.05, meters: 5200 }];
    expect(knnIsComplete(rows, 3, 1, 36)).toBe(true);
    expect(knnIsComplete(rows, 3, 3, 36)).toBe(false); // the 3rd is farther than anything beyond could be proved to be
    expect(candidatesPerType(5)).toBeGreaterThan(5);
  });

  it('orders by ETA, then distance, then id (a slow grid worker nearby loses to a fast patrol further away)', () => {
    const items = [
      { id: 'B', unitType: 'GRID_WORKER' as UnitType, meters: 800 },
      { id: 'A', unitType: 'POLICE_PATROL' as UnitType, meters: 2000 },
      { id: 'C', unitType: 'POLICE_PATROL' as UnitType, meters: 2000 },
    ];
    const ranked = rankByEta(items, items.map((i) => estimateLeg(i.meters, i.unitType)), 3);
    expect(ranked.map((r) => r.item.id)).toEqual(['A', 'C', 'B']);
    expect(ranked[0]!.leg.etaSeconds).toBeCloseTo((2000 * 1.6) / (40 / 3.6), 6);
    expect(rankByEta(items, items.map((i) => estimateLeg(i.meters, i.unitType)), 1)).toHaveLength(1);
  });
});

describe('coverage cost', () => {
  const unit = { id: 'U1', type: 'FIRE_RESCUE' as UnitType, position: SCENE };
  const r = coverageRadiusMeters('FIRE_RESCUE');
  const grids = [
    { code: 'G1', position: from(0, r * 0.5), population: 100 },
    { code: 'G2', position: from(90, r * 0.9), population: 50 },
    { code: 'G3', position: from(180, r * 1.2), population: 70 }, // beyond reach: not its loss
  ].map(gridSite);
  it('counts the grids only this unit reaches in its target minutes', () => {
    expect(coverageCost(unit, grids, [unit])).toMatchObject({ gridsUncovered: 2, populationUncovered: 150, gridCodes: ['G1', 'G2'], targetMinutes: 5 });
    const peer = { id: 'U2', type: 'FIRE_RESCUE' as UnitType, position: from(90, r) };
    expect(coverageCost(unit, grids, [unit, peer]).gridCodes).toEqual(['G1']); // G2 stays covered by the peer
    const otherType = { id: 'U3', type: 'MEDICAL' as UnitType, position: SCENE };
    expect(coverageCost(unit, grids, [otherType]).gridsUncovered).toBe(2); // a different type covers nothing for fire
  });
  it('equals the definition by distanceMeters on random units and grids (the fast test skips no grid and adds none)', () => {
    const point = fc.tuple(fc.integer({ min: 0, max: 3599 }), fc.integer({ min: 0, max: 25_000 })).map(([deg, k]) => from(deg / 10, (r * k) / 10_000));
    fc.assert(
      fc.property(fc.array(point, { maxLength: 60 }), fc.array(point, { maxLength: 12 }), (cells, others) => {
        const gs = cells.map((position, i) => gridSite({ code: `G${String(i).padStart(2, '0')}`, position, population: i + 1 }));
        const peers = others.map((position, i) => ({ id: `P${i}`, type: 'FIRE_RESCUE' as UnitType, position }));
        const lost = gs.filter((g) => distanceMeters(SCENE, g.position) <= r && !peers.some((p) => distanceMeters(p.position, g.position) <= r));
        const cost = coverageCost(unit, gs, [unit, ...peers]);
        expect(cost.gridsUncovered).toBe(lost.length);
        expect(cost.populationUncovered).toBe(lost.reduce((n, g) => n + g.population, 0));
        expect(cost.gridCodes).toEqual(lost.map((g) => g.code).slice(0, 20));
      }),
      { numRuns: 300 },
    );
  });
  it('derives the radius from target minutes, speed and circuity', () => {
    expect(r).toBeCloseTo((5 * 60 * 45_000) / 3600 / 1.6, 6);
  });
});

describe('assignment rules', () => {
  it('lets a district dispatcher send only its own units; a city dispatcher its neighbours\' as reinforcement', () => {
    const base = { unitDistrict: '410502', incidentDistrict: '410502', neighbours: ['410503'] };
    expect(dispatchReach({ ...base, callerIsCity: false, unitInScope: false })).toEqual({ kind: 'refused', reason: 'OUTSIDE_JURISDICTION' });
    expect(dispatchReach({ ...base, callerIsCity: false, unitInScope: true })).toEqual({ kind: 'own' });
    expect(dispatchReach({ ...base, callerIsCity: true, unitInScope: true })).toEqual({ kind: 'own' });
    expect(dispatchReach({ ...base, unitDistrict: '410503', callerIsCity: true, unitInScope: true })).toEqual({ kind: 'reinforcement', fromDistrict: '410503' });
    expect(dispatchReach({ ...base, unitDistrict: '410581', callerIsCity: true, unitInScope: true })).toEqual({ kind: 'refused', reason: 'NOT_NEIGHBOURING' });
  });

  it('follows DISPATCHED → EN_ROUTE → ON_SCENE; AVAILABLE only by release; OFF_DUTY only when free', () => {
    const all = Object.keys(UNIT_STATUS);
    const allowed = new Set(['DISPATCHED>EN_ROUTE', 'DISPATCHED>ON_SCENE', 'EN_ROUTE>ON_SCENE', 'AVAILABLE>OFF_DUTY', 'OFF_DUTY>AVAILABLE']);
    for (const a of all) for (const b of all) expect(canStepUnit(a, b), `${a} → ${b}`).toBe(allowed.has(`${a}>${b}`));
    expect(Object.keys(UNIT_STATUS_STEPS).sort()).toEqual(all.sort());
    expect(canStepUnit('BOGUS', 'ON_SCENE')).toBe(false);
  });

  it('assigns units to 待派遣 (as the DISPATCH step) and to incidents in hand, and returns a DISPATCHED incident left without units', () => {
    expect(['ACCEPTED', 'DISPATCHED', 'PROCESSING'].every(isAssignable)).toBe(true);
    expect(['REPORTED', 'DISPOSED', 'CHECKING', 'CLOSED', 'SUSPENDED'].some(isAssignable)).toBe(false);
    expect([assignmentDispatches('ACCEPTED'), assignmentDispatches('DISPATCHED')]).toEqual([true, false]);
    expect(statusAfterUnassign('DISPATCHED', 0)).toBe('ACCEPTED');
    expect(statusAfterUnassign('DISPATCHED', 1)).toBe('DISPATCHED');
    expect(statusAfterUnassign('PROCESSING', 0)).toBe('PROCESSING');
  });
});

describe('dispatch configuration', () => {
  it('covers every category, every unit type, and sets category × urgency time limits', () => {
    for (const c of Object.keys(INCIDENT_CATEGORY)) expect(capableTypes(c).length, c).toBeGreaterThan(0);
    expect(capableTypes('77')).toEqual(capableTypes('99'));
    for (const t of Object.keys(UNIT_TYPE) as UnitType[]) {
      expect(DISPATCH_CONFIG.speedKmh[t]).toBeGreaterThan(0);
      expect(DISPATCH_CONFIG.targetMinutes[t]).toBeGreaterThan(0);
    }
    expect(deadlineOf(0, '03', 'CRITICAL', DISPATCH_CONFIG.timeLimits)).toBe(3_600_000);
    expect(deadlineOf(0, '01', 'CRITICAL', DISPATCH_CONFIG.timeLimits)).toBe(2 * 3_600_000);
    expect(deadlineOf(0, '08', 'NORMAL', DISPATCH_CONFIG.timeLimits)).toBe(120 * 3_600_000);
  });

  it('explains a suggestion in both languages', () => {
    const reasons = recommendationReasons({
      category: '03', unitType: 'FIRE_RESCUE', status: 'AVAILABLE', straightMeters: 1234, leg: estimateLeg(1234, 'FIRE_RESCUE'), reinforcementFrom: { code: '410503', name: '北关区' },
      coverage: { unitType: 'FIRE_RESCUE', targetMinutes: 5, radiusMeters: 2344, gridsUncovered: 3, populationUncovered: 900, gridCodes: [] },
    });
    expect(reasons.map((r) => r.code)).toEqual(['CAPABILITY', 'DISTANCE', 'ETA', 'STATUS', 'REINFORCEMENT', 'COVERAGE']);
    expect(reasons[1]!.zh).toBe('直线距离 1.2 公里');
    expect(reasons[5]!.zh).toContain('3 个网格');
    // The district a reinforcement comes from by its name (its code is the value).
    expect(reasons[4]).toMatchObject({ zh: '跨区增援（来自北关区）', en: 'Reinforcement from 北关区', value: '410503' });
  });
});
