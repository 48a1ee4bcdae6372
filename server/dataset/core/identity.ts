/**
 * Well-formed FAKE identifiers: 18-digit resident ID numbers (GB 11643, valid check digit), 11-digit
 * mobile numbers, GB/T 28181 20-digit device ids. All GENERATED; none belongs to a real person.
 */
import type { Rng } from './prng.ts';

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** The GB 11643 (ISO 7064 MOD 11-2) check character of the first 17 digits. */
export function idCheckDigit(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new Error('need 17 digits');
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * ID_WEIGHTS[i]!;
  return ID_CHECK[sum % 11]!;
}

export function isValidIdNumber(id: string): boolean {
  return /^\d{17}[\dX]$/.test(id) && idCheckDigit(id.slice(0, 17)) === id[17];
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** A fake ID number registered in `regionCode` (6 digits), born between 1950 and 2006. */
export function idNumber(rng: Rng, regionCode: string): string {
  const year = rng.int(1950, 2006);
  const month = rng.int(1, 12);
  const day = rng.int(1, 28);
  const first17 = `${regionCode}${year}${pad(month, 2)}${pad(day, 2)}${pad(rng.int(1, 999), 3)}`;
  return first17 + idCheckDigit(first17);
}

const MOBILE_PREFIXES = ['130', '131', '132', '135', '136', '137', '138', '139', '150', '151', '152', '155', '157', '158', '159', '166', '176', '177', '180', '181', '182', '186', '187', '188', '189', '191', '199'];

/** An 11-digit mobile number in a valid format (so masking as 138****1234 works). */
export function mobile(rng: Rng): string {
  return rng.pick(MOBILE_PREFIXES) + pad(rng.int(0, 99_999_999), 8);
}

/** Masks a mobile number for display: 13812345678 → 138****5678. */
export const maskMobile = (phone: string) => `${phone.slice(0, 3)}****${phone.slice(-4)}`;

export const CAMERA_CENTRE_CODE = '41050000';

/** GB/T 28181 id: 8-digit centre + 2-digit industry + 3-digit type + 7-digit serial. */
export function cameraId(industry: string, type: string, serial: number): string {
  if (!/^\d{2}$/.test(industry) || !/^\d{3}$/.test(type) || serial < 0 || serial > 9_999_999) {
    throw new Error(`bad camera id parts ${industry}/${type}/${serial}`);
  }
  return `${CAMERA_CENTRE_CODE}${industry}${type}${pad(serial, 7)}`;
}

export function parseCameraId(id: string): { centre: string; industry: string; type: string; serial: number } | null {
  const m = /^(\d{8})(\d{2})(\d{3})(\d{7})$/.exec(id);
  return m ? { centre: m[1]!, industry: m[2]!, type: m[3]!, serial: Number(m[4]) } : null;
}
