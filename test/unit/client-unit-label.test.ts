/**
 * What the dispatch card calls a unit (client/src/features/dispatch/card/unit-label.ts): its call sign, else its name,
 * else its id — from the recommendations, the units on the incident or the live memory, whichever knows it.
 */
import { describe, expect, it } from 'vitest';
import { unitLabel } from '../../client/src/features/dispatch/card/unit-label.ts';
import type { LiveFeature } from '../../server/protocol/live.ts';

const feature = (id: string, properties: Record<string, unknown>): LiveFeature => ({ type: 'Feature', id, geometry: { type: 'Point', coordinates: [114.3, 36.1] }, properties });

describe('unitLabel', () => {
  const recs = [{ unitId: 'U1', unitType: 'POLICE', distanceMeters: 1, etaSeconds: 1, reasons: [], coverageCost: {}, callsign: '滑巡63', unitName: '滑县巡逻63组' }];
  const assignments = [{ unitId: 'U2', unitName: '文峰消防站', callsign: null }];
  const live = new Map([['U3', feature('U3', { callsign: ' ', name: '北关急救1' })], ['U4', feature('U4', { callsign: '殷都巡1', name: 'x' })]]);

  it('prefers the call sign, then the name, wherever the card holds the unit', () => {
    expect(unitLabel('U1', { recs, assignments, live })).toBe('滑巡63');
    expect(unitLabel('U2', { recs, assignments, live })).toBe('文峰消防站');
    expect(unitLabel('U3', { recs, assignments, live })).toBe('北关急救1');
    expect(unitLabel('U4', { live })).toBe('殷都巡1');
  });

  it('falls back to the id for a unit nobody names', () => {
    expect(unitLabel('U9', { recs, assignments, live })).toBe('U9');
    expect(unitLabel('U9', {})).toBe('U9');
  });
});
