import { describe, expect, it } from 'vitest';
import { readingOrder, splitHouseholds } from '../../server/dataset/places/grids.ts';
import { FLOW_PATHS } from '../../server/dataset/layers/flow-paths.ts';
import { nextStatus, type IncidentAction } from '../../server/domain/incidents/lifecycle.ts';
import { PolygonIndex } from '../../server/dataset/core/geo.ts';
import { createRng } from '../../server/dataset/core/prng.ts';
import { INCIDENT_STATUS } from '../../server/protocol/codes.ts';

describe('grid reading order (north → south rows, west → east in a row)', () => {
  it('numbers a 2 × 2 block row by row', () => {
    // Sites: 0 south-east, 1 north-west, 2 north-east, 3 south-west.
    const sites = [[114.02, 36.0], [114.0, 36.01], [114.021, 36.0105], [114.0, 35.999]] as const;
    expect(readingOrder(sites)).toEqual([1, 2, 3, 0]);
  });

  it('keeps a single row west → east', () => {
    expect(readingOrder([[3, 1], [1, 1], [2, 1]])).toEqual([1, 2, 0]);
  });
});

describe('household split', () => {
  it('keeps the total and the 300-500 band', () => {
    const rng = createRng(5, 'split');
    for (const total of [760, 1200, 2499, 2800]) {
      const n = Math.ceil(total / 500);
      const parts = splitHouseholds(rng, total, n, 300, 500);
      expect(parts.reduce((a, b) => a + b, 0)).toBe(total);
      for (const p of parts) {
        expect(p).toBeGreaterThanOrEqual(300);
        expect(p).toBeLessThanOrEqual(500);
      }
    }
  });
});

describe('incident flow paths', () => {
  it('chain from REPORT to the status named by the key, with known statuses', () => {
    for (const [key, steps] of Object.entries(FLOW_PATHS)) {
      expect(steps[0]).toMatchObject({ action: 'REPORT', from: null, to: 'REPORTED', frac: 0 });
      for (let i = 1; i < steps.length; i++) {
        expect(steps[i]!.from).toBe(steps[i - 1]!.to);
        if (steps[i]!.frac >= 0) expect(steps[i]!.frac).toBeGreaterThanOrEqual(steps[i - 1]!.frac);
      }
      expect(steps[steps.length - 1]!.to).toBe(key.replace(/_R$/, ''));
      for (const s of steps) expect(Object.keys(INCIDENT_STATUS)).toContain(s.to);
      // Every step after the report is a step the lifecycle table allows.
      for (const s of steps.slice(1)) expect(nextStatus(s.action as IncidentAction, { status: s.from! })).toBe(s.to);
    }
  });
});

describe('point in polygon index', () => {
  it('handles holes and multiple parts', () => {
    const square = (x: number, y: number, s: number) => [[x, y], [x + s, y], [x + s, y + s], [x, y + s], [x, y]] as const;
    const idx = new PolygonIndex([[square(0, 0, 10), square(4, 4, 2)], [square(20, 0, 1)]]);
    expect(idx.contains([1, 1])).toBe(true);
    expect(idx.contains([5, 5])).toBe(false);
    expect(idx.contains([20.5, 0.5])).toBe(true);
    expect(idx.contains([15, 5])).toBe(false);
  });
});
