/**
 * Personal layer properties (issue 9 §5, Art. 10): one declaration (server/auth/masking.ts LAYER_PERSONAL) applied
 * to every masked view — here the pure parts: the maskers, the declaration, who is masked, the live feed's
 * projection and group key, and the tile cache key. The SQL forms are checked against these in
 * test/integration/layer-masking.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { LAYER_PERSONAL, maskLayerProperties, maskUnitName } from '../../server/auth/masking.ts';
import { layerView } from '../../server/auth/personal-view.ts';
import { USER_ROLES, TOKEN_ROLES, hasPermission } from '../../server/auth/permissions.ts';
import type { Principal } from '../../server/auth/principal.ts';
import { project, subscriptionKey, type Subscription } from '../../server/realtime/area-filter.ts';
import type { ChangeRecord } from '../../server/db/live/changes-repository.ts';
import { tileKey } from '../../server/db/tiles/tiles-cache.ts';
import { COLLECTIONS } from '../../server/protocol/collections.ts';

const principal = (role: Principal['role']): Principal => ({ kind: 'token', id: '1', name: 'x', role, adminCode: '410500' });

describe('the declaration', () => {
  it('names only real properties of real collections, and conditions on real properties', () => {
    for (const [collection, props] of Object.entries(LAYER_PERSONAL)) {
      const names = COLLECTIONS[collection as keyof typeof COLLECTIONS].properties.map((p) => p.name);
      for (const [name, rule] of Object.entries(props!)) {
        expect(names, `${collection}.${name}`).toContain(name);
        if (rule.when) expect(names).toContain(rule.when.property);
      }
    }
  });

  it('cuts a rental unit address at the building, and leaves other properties alone', () => {
    const p = { id: 'RH1', address: '北关区海兴路269号17号楼2单元1604室', tenant_count: 3 };
    expect(maskLayerProperties('rental-housing', p)).toEqual({ id: 'RH1', address: '北关区海兴路269号17号楼', tenant_count: 3 });
    expect(p.address).toBe('北关区海兴路269号17号楼2单元1604室'); // the input is not changed
  });

  it('masks the name of a grid worker unit only', () => {
    expect(maskUnitName('网格员袁建婷')).toBe('网格员袁**');
    expect(maskUnitName('志愿者王五')).toBe('志愿者王*');
    expect(maskUnitName('网格员')).toBe('网格员');
    expect(maskLayerProperties('units', { name: '网格员袁建婷', type: 'GRID_WORKER' }).name).toBe('网格员袁**');
    expect(maskLayerProperties('units', { name: '文峰巡逻1组', type: 'POLICE_PATROL' }).name).toBe('文峰巡逻1组');
    expect(maskLayerProperties('cameras', { name: '网格员袁建婷' }).name).toBe('网格员袁建婷');
  });

  it('masks every role without personal:read (viewer, wall, planner, anonymous), nobody else', () => {
    for (const role of [...new Set([...USER_ROLES, ...TOKEN_ROLES])]) {
      expect(layerView(principal(role)), role).toBe(hasPermission(role, 'personal:read') ? 'full' : 'masked');
    }
    expect(layerView(principal('wall'))).toBe('masked');
    expect(layerView(principal('viewer'))).toBe('masked');
    expect(layerView(principal('dispatcher'))).toBe('full');
    expect(layerView(undefined)).toBe('masked');
  });
});

describe('the paths that are not SQL', () => {
  const change = (): ChangeRecord => ({
    seq: 1,
    layer: 'rental-housing',
    op: 'upsert',
    id: 'RH1',
    at: '2026-11-28T00:00:00.000Z',
    feature: { type: 'Feature', id: 'RH1', geometry: { type: 'Point', coordinates: [114.39, 36.1] },
      properties: { id: 'RH1', address: '文峰区中华路12号院3号楼2单元501室', district_code: '410502' } },
    oldBbox: null,
    oldCodes: null,
  });
  const sub = (view: 'full' | 'masked'): Subscription => ({ layers: new Set(['rental-housing']), scope: '410500', view });

  it('a masked socket receives the live change masked, a full one as stored', () => {
    const c = change();
    expect(project(c, sub('masked'))!.feature!.properties.address).toBe('文峰区中华路12号院3号楼');
    expect(project(c, sub('full'))!.feature!.properties.address).toBe('文峰区中华路12号院3号楼2单元501室');
    expect(c.feature!.properties.address).toBe('文峰区中华路12号院3号楼2单元501室');
  });

  it('masked and full sockets never share a group, nor masked and full tiles a cache entry', () => {
    expect(subscriptionKey(sub('masked'))).not.toBe(subscriptionKey(sub('full')));
    const req = { def: COLLECTIONS['rental-housing'], tile: { z: 14, x: 13400, y: 6400 }, filters: [], scope: '410500' };
    expect(tileKey({ ...req, view: 'masked' })).not.toBe(tileKey({ ...req, view: 'full' }));
  });
});
