import { describe, expect, it } from 'vitest';
import { COLLECTIONS } from '../../server/protocol/collections.ts';
import { AppError } from '../../server/errors.ts';
import { LIMIT_DEFAULT, parseFilterValue, parseItemsQuery } from '../../server/http/ogc/ogc-params.ts';
import { selectionKey } from '../../server/domain/features/feature-query.ts';

const cameras = COLLECTIONS.cameras;
const codeOf = (fn: () => unknown): string => {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).status).toBe(400);
    return (err as AppError).code;
  }
  throw new Error('expected a 400');
};

describe('parseItemsQuery', () => {
  it('defaults to limit 1000 at offset 0 with no selection', () => {
    expect(parseItemsQuery(cameras, {})).toEqual({ limit: LIMIT_DEFAULT, offset: 0, filters: [] });
  });

  it('parses bbox, limit, offset, datetime and typed filters', () => {
    const q = parseItemsQuery(cameras, {
      bbox: '114.3,36.0,114.4,36.1', limit: '50', offset: '100', datetime: '2026-01-01T00:00:00Z/..',
      status: 'OFF', point_class: ['1', '2', '1'], district_code: '410502',
    });
    expect(q).toEqual({
      limit: 50, offset: 100, bbox: [114.3, 36.0, 114.4, 36.1],
      datetime: { property: 'updated_at', start: '2026-01-01T00:00:00.000Z', end: undefined },
      filters: [
        { name: 'district_code', type: 'string', values: ['410502'] },
        { name: 'point_class', type: 'integer', values: [1, 2] },
        { name: 'status', type: 'string', values: ['OFF'] },
      ],
    });
  });

  it('filters incidents on reported_at and fire hazards on found_at', () => {
    expect(parseItemsQuery(COLLECTIONS.incidents, { datetime: '2026-03-01' }).datetime).toEqual({
      property: 'reported_at', start: '2026-03-01T00:00:00.000Z', end: '2026-03-01T23:59:59.999Z',
    });
    expect(parseItemsQuery(COLLECTIONS['fire-hazards'], { datetime: '../2026-03-01T08:00:00+08:00' }).datetime).toEqual({
      property: 'found_at', start: undefined, end: '2026-03-01T00:00:00.000Z',
    });
  });

  it.each([
    [{ limit: 'abc' }, 'INVALID_LIMIT'],
    [{ limit: '0' }, 'INVALID_LIMIT'],
    [{ limit: '10001' }, 'INVALID_LIMIT'],
    [{ limit: '1e9' }, 'INVALID_LIMIT'],
    [{ limit: ['10', '20'] }, 'INVALID_PARAMETER'],
    [{ offset: '-5' }, 'INVALID_OFFSET'],
    [{ offset: '10000001' }, 'INVALID_OFFSET'],
    [{ bbox: '1,2,3' }, 'INVALID_BBOX'],
    [{ bbox: '1,2,3,NaN' }, 'INVALID_BBOX'],
    [{ bbox: 'Infinity,2,3,4' }, 'INVALID_BBOX'],
    [{ status: 'on' }, 'INVALID_FILTER'],
    [{ point_class: '1.5' }, 'INVALID_FILTER'],
    [{ 'status[]': 'ON' }, 'UNKNOWN_PARAMETER'],
    [{ name: 'x' }, 'UNKNOWN_PARAMETER'],
    [{ datetime: '2026-13-01' }, 'INVALID_DATETIME'],
    [{ f: 'xml' }, 'INVALID_PARAMETER'],
  ] as [Record<string, unknown>, string][])('%j → %s', (query, code) => {
    expect(codeOf(() => parseItemsQuery(cameras, query))).toBe(code);
  });

  it('refuses datetime on a collection without a date-time property', () => {
    expect(codeOf(() => parseItemsQuery(COLLECTIONS.districts, { datetime: '2026-01-01' }))).toBe('INVALID_DATETIME');
  });

  it('names the allowed codes when a classified value is unknown', () => {
    try {
      parseFilterValue(cameras.properties.find((p) => p.name === 'status')!, 'MAYBE');
    } catch (err) {
      expect((err as AppError).details).toMatchObject({ property: 'status', allowed: ['ON', 'OFF'] });
      return;
    }
    throw new Error('expected a 400');
  });

  it('types booleans strictly', () => {
    const staffed = COLLECTIONS.checkpoints.properties.find((p) => p.name === 'staffed')!;
    expect(parseFilterValue(staffed, 'true')).toBe(true);
    expect(parseFilterValue(staffed, 'false')).toBe(false);
    expect(codeOf(() => parseFilterValue(staffed, '1'))).toBe('INVALID_FILTER');
  });
});

describe('selectionKey', () => {
  it('ignores paging and value order, and tells different selections apart', () => {
    const a = parseItemsQuery(cameras, { point_class: ['1', '2'], limit: '10' });
    const b = parseItemsQuery(cameras, { point_class: ['2', '1'], offset: '30' });
    const c = parseItemsQuery(cameras, { point_class: '1' });
    expect(selectionKey('cameras', a)).toBe(selectionKey('cameras', b));
    expect(selectionKey('cameras', a)).not.toBe(selectionKey('cameras', c));
    expect(selectionKey('cameras', a)).not.toBe(selectionKey('checkpoints', a));
  });
});
