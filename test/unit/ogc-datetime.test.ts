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
  // Regression (issue 9 §6): year 0 reached PostgreSQL (which has none) and answered 500.
  it.each(['0000-01-01T00:00:00Z', '0000-01-01', '0001-01-01T00:00:00+01:00', '9999-12-31T23:59:59-01:00', '0000-12-31T23:59:59Z'])(
    'rejects %j, outside the years 0001-9999 that PostgreSQL holds',
    (text) => expect(parseInstant(text)).toBeUndefined(),
  );
  it('keeps years 1-99 as they are (not 1900-1999) and accepts the first and last instants', () => {
    expect(parseInstant('0050-06-01')).toEqual({ start: '0050-06-01T00:00:00.000Z', end: '0050-06-01T23:59:59.999Z' });
    expect(parseInstant('0001-01-01T00:00:00Z')?.start).toBe('0001-01-01T00:00:00.000Z');
    expect(parseInstant('9999-12-31T23:59:59.999Z')?.start).toBe('9999-12-31T23:59:59.999Z');
    expect(parseInstant('0004-02-29')?.start).toBe('0004-02-29T00:00:00.000Z');
  });
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
