import { describe, expect, it } from 'vitest';
import { COLLECTIONS } from '../../server/protocol/collections.ts';
import { parseDatetime, parseInstant, temporalProperty } from '../../server/domain/features/datetime.ts';

describe('parseInstant', () => {
  it('normalises RFC 3339 date-times to UTC milliseconds', () => {
    expect(parseInstant('2026-03-01T08:00:00+08:00')).toEqual({ start: '2026-03-01T00:00:00.000Z', end: '2026-03-01T00:00:00.000Z' });
    expect(parseInstant('2026-03-01t08:00:00.123456z')?.start).toBe('2026-03-01T08:00:00.123Z');
  });
  it('expands a date to its whole UTC day', () => {
    expect(parseInstant('2024-02-29')).toEqual({ start: '2024-02-29T00:00:00.000Z', end: '2024-02-29T23:59:59.999Z' });
  });
  it.each(['2026-02-29', '2026-00-10', '2026-01-01T24:00:00Z', '2026-01-01T10:00:00', '2026-01-01T10:00:00+25:00', '20260101', ''])(
    'rejects %j',
    (text) => expect(parseInstant(text)).toBeUndefined(),
  );
});

describe('parseDatetime', () => {
  it('reads open and closed intervals', () => {
    expect(parseDatetime('2026-01-01T00:00:00Z/..')).toEqual({ start: '2026-01-01T00:00:00.000Z', end: undefined });
    expect(parseDatetime('/2026-01-02')).toEqual({ start: undefined, end: '2026-01-02T23:59:59.999Z' });
    expect(parseDatetime('2026-01-01/2026-01-02')).toEqual({ start: '2026-01-01T00:00:00.000Z', end: '2026-01-02T23:59:59.999Z' });
  });
  it.each(['../..', '/', 'a/b/c', '2026-01-02/2026-01-01', 'now'])('rejects %j', (text) => {
    expect(parseDatetime(text)).toHaveProperty('reason');
  });
});

describe('temporalProperty', () => {
  it('picks the event time where there is one, else updated_at, else none', () => {
    expect(temporalProperty(COLLECTIONS.incidents)).toBe('reported_at');
    expect(temporalProperty(COLLECTIONS['fire-hazards'])).toBe('found_at');
    expect(temporalProperty(COLLECTIONS.cameras)).toBe('updated_at');
    expect(temporalProperty(COLLECTIONS.districts)).toBeUndefined();
  });
});
