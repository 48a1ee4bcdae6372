/**
 * The one jurisdiction rule (server/auth/jurisdiction.ts inJurisdiction): the code at the scope's level decides.
 * Its SQL form is checked against it row by row in test/integration/jurisdiction.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { adminCodesOf, inJurisdiction, scopeColumn, withinScope } from '../../server/auth/jurisdiction.ts';
import { nestingProblem } from '../../server/db/features/admin-codes.ts';
import { LAYER_SOURCES, placeColumnsOf, scopeCodesOf } from '../../server/db/features/layer-sources.ts';

const WENFENG = { district_code: '410502', street_code: '410502001', community_code: '410502001001' };

describe('inJurisdiction', () => {
  it('reads the code at the scope level', () => {
    expect(scopeColumn('410500')).toBe('district_code');
    expect(scopeColumn('410502')).toBe('district_code');
    expect(scopeColumn('410502001')).toBe('street_code');
    expect(scopeColumn('410502001001')).toBe('community_code');
    expect(inJurisdiction('410500', WENFENG)).toBe(true);
    expect(inJurisdiction('410502', WENFENG)).toBe(true);
    expect(inJurisdiction('410503', WENFENG)).toBe(false);
    expect(inJurisdiction('410502001', WENFENG)).toBe(true);
    expect(inJurisdiction('410502002', WENFENG)).toBe(false);
    expect(inJurisdiction('410502001001', WENFENG)).toBe(true);
    // known only by district: outside every street
    expect(inJurisdiction('410502001', { district_code: '410502', street_code: null, community_code: null })).toBe(false);
    expect(inJurisdiction('bad', WENFENG)).toBe(false);
  });

  it('a layer without a level holds nothing at that level (depots at community level)', () => {
    const depot = scopeCodesOf(LAYER_SOURCES.depots, { district_code: '410502', street_code: '410502001', community_code: '410502001001' });
    expect(depot).toEqual({ district_code: '410502', street_code: '410502001', community_code: null });
    expect(inJurisdiction('410502001', depot)).toBe(true);
    expect(inJurisdiction('410502001001', depot)).toBe(false);
  });

  it('an admin unit stands for itself and its ancestors', () => {
    expect(adminCodesOf(['410502001'])).toEqual({ district_code: '410502', street_code: '410502001', community_code: null });
    expect(adminCodesOf(['410502001001001'])).toEqual(WENFENG);
    expect(scopeCodesOf(LAYER_SOURCES.streets, { code: '410502001' })).toEqual({ district_code: '410502', street_code: '410502001', community_code: null });
    expect(withinScope('410502', ['410502001'])).toBe(true);
    expect(withinScope('410502001', ['410502'])).toBe(false);
    expect(withinScope('410500', [])).toBe(false);
  });
});

describe('codes nest', () => {
  it('names the first break', () => {
    expect(nestingProblem({ ...WENFENG, grid_code: '410502001001002' })).toBeNull();
    expect(nestingProblem({ district_code: '410503', street_code: '410502001' })).toMatch(/street_code 410502001 does not lie inside district_code 410503/);
    expect(nestingProblem({ district_code: '410502', community_code: '410503001001' })).toMatch(/community_code/);
    expect(nestingProblem({ district_code: '410502' })).toBeNull();
  });

  it('the place columns of a layer come from the registry', () => {
    expect(placeColumnsOf('incidents')).toEqual(['district_code', 'street_code', 'community_code', 'grid_code']);
    expect(placeColumnsOf('grids')).toEqual(['district_code', 'street_code', 'community_code']);
    expect(placeColumnsOf('units')).toEqual(['district_code', 'street_code', 'community_code']);
    expect(LAYER_SOURCES.units.placement).toBe('organisation');
    expect(LAYER_SOURCES.incidents.placement).toBe('geometry');
  });
});
