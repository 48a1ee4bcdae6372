/**
 * Regression (found by test/integration/api-fuzz.test.ts): Express matches routes case-insensitively, so
 * GET /OGC/collections/incidents/items reached the OGC router while the route table, matching case-sensitively,
 * took it for the client shell (public) — anonymous callers got data. The table now matches as Express routes.
 */
import { describe, expect, it } from 'vitest';
import { routePermission } from '../../server/auth/route-permissions.ts';

describe('route table and letter case', () => {
  it.each([
    ['GET', '/OGC/collections/cameras/items', 'layers:read'],
    ['GET', '/Ogc', 'layers:read'],
    ['OPTIONS', '/Ogc/collections/cameras/items', 'layers:read'],
    ['GET', '/OGC/collections/incidents/items', 'incidents:read'],
    ['GET', '/ogc/collections/incidents/ITEMS/E1', 'incidents:read'],
    ['GET', '/TILES/cameras/10/837/402.mvt', 'layers:read'],
    ['GET', '/Tiles/incidents/10/837/402.mvt', 'incidents:read'],
    ['GET', '/API/search', 'layers:read'],
    ['GET', '/Api/admin-units/410500/children', 'layers:read'],
    ['GET', '/API/personal/incidents/E1', 'personal:masked'],
    ['GET', '/METRICS', 'metrics:read'],
    ['POST', '/OGC/collections/incidents/items', 'incidents:write'],
    ['DELETE', '/ogc/collections/UNITS/items/U1', 'dispatch:write'],
  ])('%s %s needs %s', (method, path, need) => {
    expect(routePermission(method, path)).toBe(need);
  });

  it('still treats the client shell and its assets as public, whatever their case', () => {
    expect(routePermission('GET', '/Assets/Index-ABC.js')).toBe('public');
    expect(routePermission('GET', '/glyphs/Noto%20Sans%20Regular/0-255.pbf')).toBe('public');
  });
});
