import { describe, expect, it } from 'vitest';
import { cameraId, idCheckDigit, idNumber, isValidIdNumber, maskMobile, mobile, parseCameraId } from '../../server/dataset/core/identity.ts';
import { createRng, hash32, WeightedIndex } from '../../server/dataset/core/prng.ts';

describe('ID numbers (GB 11643 check digit)', () => {
  it('computes the check character of the standard example', () => {
    expect(idCheckDigit('11010519491231002')).toBe('X');
    expect(isValidIdNumber('11010519491231002X')).toBe(true);
    expect(isValidIdNumber('110105194912310021')).toBe(false);
  });

  it('generates 18-character numbers in the given region with a valid check digit', () => {
    const rng = createRng(1, 'id');
    for (let i = 0; i < 500; i++) {
      const id = idNumber(rng, '410502');
      expect(id).toMatch(/^410502(19[5-9]\d|200[0-6])(0[1-9]|1[0-2])(0[1-9]|1\d|2[0-8])\d{3}[\dX]$/);
      expect(isValidIdNumber(id)).toBe(true);
    }
  });
});

describe('mobile numbers', () => {
  it('are 11 digits with a carrier prefix and mask as 3 + **** + 4', () => {
    const rng = createRng(2, 'phone');
    const phone = mobile(rng);
    expect(phone).toMatch(/^1[3-9]\d{9}$/);
    expect(maskMobile('13812345678')).toBe('138****5678');
  });
});

describe('GB/T 28181 camera ids', () => {
  it('is centre 41050000 + industry + type + 7-digit serial', () => {
    const id = cameraId('04', '132', 123);
    expect(id).toBe('41050000041320000123');
    expect(parseCameraId(id)).toEqual({ centre: '41050000', industry: '04', type: '132', serial: 123 });
  });

  it('refuses parts that do not fit', () => {
    expect(() => cameraId('4', '132', 1)).toThrow();
    expect(() => cameraId('04', '132', 10_000_000)).toThrow();
  });
});

describe('seeded PRNG', () => {
  it('repeats a stream for the same seed and differs across seeds and streams', () => {
    const a = Array.from({ length: 5 }, createRng(7, 's').next);
    const seq = (seed: number, stream: string) => {
      const r = createRng(seed, stream);
      return Array.from({ length: 5 }, () => r.next());
    };
    expect(seq(7, 's')).toEqual(seq(7, 's'));
    expect(seq(7, 's')).not.toEqual(seq(8, 's'));
    expect(seq(7, 's')).not.toEqual(seq(7, 't'));
    expect(a.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(hash32('abc')).toBe(hash32('abc'));
  });

  it('picks by weight', () => {
    const rng = createRng(3, 'w');
    const idx = new WeightedIndex([0, 1, 3]);
    const counts = [0, 0, 0];
    for (let i = 0; i < 4000; i++) counts[idx.pick(rng)]!++;
    expect(counts[0]).toBe(0);
    expect(counts[2]! / counts[1]!).toBeGreaterThan(2.5);
    expect(counts[2]! / counts[1]!).toBeLessThan(3.5);
  });
});
