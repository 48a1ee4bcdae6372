/**
 * What a subscription receives, by jurisdiction (server/realtime/area-filter.ts): inside → the change; never
 * inside → nothing; inside before but not now (moved, re-coded, deleted) → a delete, so the client drops it.
 */
import { describe, expect, it } from 'vitest';
import { jurisdictionOf, project, subscriptionKey, type Subscription } from '../../server/realtime/area-filter.ts';
import type { ChangeRecord } from '../../server/db/live/changes-repository.ts';
import type { CollectionId } from '../../server/protocol/collections.ts';

let seq = 0;
function change(layer: CollectionId, op: 'upsert' | 'delete', now: Record<string, string> | null, before: Record<string, string> | null): ChangeRecord {
  const id = `F${++seq}`;
  return {
    seq,
    layer,
    op,
    id,
    at: '2026-11-28T00:00:00.000Z',
    feature: op === 'upsert' && now ? { type: 'Feature', id, geometry: { type: 'Point', coordinates: [114.39, 36.1] }, properties: { id, ...now } } : null,
    oldBbox: before ? [114.39, 36.1, 114.39, 36.1] : null,
    oldCodes: before,
  };
}

const WENFENG = { district_code: '410502', street_code: '410502001', community_code: '410502001001' };
const BEIGUAN = { district_code: '410503', street_code: '410503001', community_code: '410503001001' };
const sub = (scope: string, layers = ['incidents', 'units', 'grids', 'districts']): Subscription => ({ layers: new Set(layers), scope });

describe('live feed jurisdiction', () => {
  it('sends what is inside, withholds what never was', () => {
    expect(project(change('incidents', 'upsert', WENFENG, null), sub('410502'))).toMatchObject({ op: 'upsert' });
    expect(project(change('incidents', 'upsert', BEIGUAN, null), sub('410502'))).toBeNull();
    expect(project(change('incidents', 'upsert', BEIGUAN, BEIGUAN), sub('410502'))).toBeNull();
    expect(project(change('incidents', 'delete', null, BEIGUAN), sub('410502'))).toBeNull();
  });

  it('turns leaving the jurisdiction into a delete, and sends deletes inside', () => {
    const moved = project(change('incidents', 'upsert', BEIGUAN, WENFENG), sub('410502'));
    expect(moved).toMatchObject({ op: 'delete', feature: null });
    expect(project(change('incidents', 'delete', null, WENFENG), sub('410502'))).toMatchObject({ op: 'delete' });
    expect(project(change('incidents', 'upsert', WENFENG, BEIGUAN), sub('410502'))).toMatchObject({ op: 'upsert' }); // moved in
  });

  it('nests: the city sees every district, a street only its own, a street never sees a district-only unit', () => {
    expect(jurisdictionOf(change('incidents', 'upsert', BEIGUAN, null), '410500')).toBe('in');
    expect(jurisdictionOf(change('incidents', 'upsert', WENFENG, null), '410502001')).toBe('in');
    expect(jurisdictionOf(change('incidents', 'upsert', { ...WENFENG, street_code: '410502002', community_code: '410502002001' }, null), '410502001')).toBe('out');
    expect(jurisdictionOf(change('units', 'upsert', { district_code: '410502' }, null), '410502')).toBe('in');
    expect(jurisdictionOf(change('units', 'upsert', { district_code: '410502' }, null), '410502001')).toBe('out');
  });

  it('places admin units by their own code and grids by their community', () => {
    expect(jurisdictionOf(change('districts', 'upsert', { code: '410502' }, null), '410502')).toBe('in');
    expect(jurisdictionOf(change('districts', 'upsert', { code: '410503' }, null), '410502')).toBe('out');
    expect(jurisdictionOf(change('grids', 'upsert', { code: '410502001001001', ...WENFENG }, null), '410502001001')).toBe('in');
  });

  it('keeps different jurisdictions in different groups', () => {
    expect(subscriptionKey(sub('410502'))).not.toBe(subscriptionKey(sub('410503')));
    expect(subscriptionKey(sub('410500'))).toBe(subscriptionKey({ ...sub('410500') }));
  });
});
