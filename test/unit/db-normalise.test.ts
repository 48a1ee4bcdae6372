import { describe, expect, it } from 'vitest';
import { normaliseRow, parseBigIntText } from '../../server/db/core/database.ts';

describe('row normalisation shared by pg and PGlite', () => {
  it('turns safe int8 values into numbers and unsafe ones into strings', () => {
    expect(normaliseRow({ a: 42n, b: 2n ** 60n })).toEqual({ a: 42, b: '1152921504606846976' });
    expect(parseBigIntText('42')).toBe(42);
    expect(parseBigIntText('1152921504606846976')).toBe('1152921504606846976');
  });

  it('turns Uint8Array into Buffer', () => {
    const row = normaliseRow<{ b: Buffer }>({ b: new Uint8Array([1, 2]) });
    expect(Buffer.isBuffer(row.b)).toBe(true);
  });
});
