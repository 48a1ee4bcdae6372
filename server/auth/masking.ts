/**
 * Masking of personal data (Art. 10): tenant and landlord identities, phone numbers, ID numbers, parties
 * to disputes. Pure string functions plus a key-driven walker for records. Masking is one-way and keeps
 * only what an operator needs to tell records apart (surname, phone prefix/suffix, region of an ID).
 * LAYER_PERSONAL declares, once per collection, which layer properties are personal and how they are masked;
 * every path that hands layer properties to a masked view applies it (docs/security.md "Personal data").
 */
import type { CollectionId } from '../protocol/collections.ts';

/** 张三 → 张*, 欧阳娜娜 → 欧***, "Li Lei" → "L* L**". Keeps the first character of each word. */
export function maskName(name: string): string {
  return name
    .trim()
    .split(/(\s+)/)
    .map((part) => {
      if (/^\s+$/.test(part)) return ' ';
      const chars = Array.from(part);
      return chars.length === 0 ? '' : chars[0] + '*'.repeat(chars.length - 1);
    })
    .join('');
}

/** 13812345678 / +86 138-1234-5678 → 138****5678; 0372-5991234 → 037****1234; short numbers fully masked. */
export function maskPhone(phone: string): string {
  let digits = phone.replace(/\D/g, '');
  if (digits.length === 13 && digits.startsWith('86')) digits = digits.slice(2);
  if (digits.length < 7) return '*'.repeat(Math.max(digits.length, 1));
  return digits.slice(0, 3) + '*'.repeat(digits.length - 7) + digits.slice(-4);
}

/** 18-digit ID 410502199001011234 → 410502********1234; 15-digit → 410502*****1234; other → last 2 only. */
export function maskIdNumber(id: string): string {
  const s = id.trim().toUpperCase();
  if (/^[0-9]{17}[0-9X]$/.test(s)) return s.slice(0, 6) + '*'.repeat(8) + s.slice(-4);
  if (/^[0-9]{15}$/.test(s)) return s.slice(0, 6) + '*'.repeat(5) + s.slice(-4);
  const chars = Array.from(s);
  if (chars.length <= 2) return '*'.repeat(Math.max(chars.length, 1));
  return '*'.repeat(chars.length - 2) + chars.slice(-2).join('');
}

const BUILDING = /^(.*(?:号楼|楼栋|栋|幢|座))/;
const BELOW_BUILDING = /[\s,，-]*(?:[0-9０-９]+|[一二三四五六七八九十百]+)(?:单元|层|楼层|室|户|房|号房).*$/;

/** 文峰区中华路12号院3号楼2单元501室 → 文峰区中华路12号院3号楼 (the building, never the unit or the door). */
export function maskAddress(address: string): string {
  const a = address.trim().replace(BELOW_BUILDING, '');
  return BUILDING.exec(a)?.[1] ?? a;
}

/** Role words a unit named after a person starts with (网格员袁建婷): kept, the person's name masked. */
export const UNIT_NAME_ROLES = ['网格员', '志愿者'] as const;

/**
 * 网格员袁建婷 → 网格员袁**: a leading role word is kept, of the rest only the first character. Unlike maskName,
 * spaces are not special (unit names have none), so the SQL form in features-sql.ts computes the same string.
 */
export function maskUnitName(name: string): string {
  const role = UNIT_NAME_ROLES.find((r) => name.startsWith(r)) ?? '';
  const rest = Array.from(name.slice(role.length));
  return rest.length === 0 ? name : role + rest[0] + '*'.repeat(rest.length - 1);
}

export type PersonalKind = 'name' | 'phone' | 'idNumber' | 'address' | 'unitName';

/** Which keys of the personal tables hold what (rental_housing_personal, incident_parties, grid_workers_personal). */
export const PERSONAL_KEYS: Readonly<Record<string, PersonalKind>> = {
  name: 'name',
  lessor_name: 'name',
  lessorName: 'name',
  tenant_name: 'name',
  phone: 'phone',
  lessor_phone: 'phone',
  lessorPhone: 'phone',
  id_number: 'idNumber',
  idNumber: 'idNumber',
  lessor_id_number: 'idNumber',
  lessorIdNumber: 'idNumber',
  home_address: 'address',
  homeAddress: 'address',
};

const MASKERS: Record<PersonalKind, (s: string) => string> = {
  name: maskName,
  phone: maskPhone,
  idNumber: maskIdNumber,
  address: maskAddress,
  unitName: maskUnitName,
};

/** A personal property of a layer: how it is masked and, optionally, on which rows only (e.g. grid workers' units). */
export interface PersonalProperty {
  kind: 'address' | 'unitName';
  when?: { property: string; values: readonly string[] };
}

/**
 * THE declaration of personal layer properties (Art. 10). A masked view (every role without personal:read) gets
 * these masked in OGC items and single features, in tiles (both encoders), in search hits and in the socket's
 * live changes; the identities themselves (names, phones, ID numbers of tenants, lessors and parties) are never
 * layer properties at all (the *_personal tables behind /api/personal).
 */
export const LAYER_PERSONAL: Readonly<Partial<Record<CollectionId, Readonly<Record<string, PersonalProperty>>>>> = {
  // a rental unit's address down to the room (…10号楼2单元1604室) places its tenants: cut at the building
  'rental-housing': { address: { kind: 'address' } },
  // an incident's address is often a home (a dispute between neighbours): cut at the building
  incidents: { address: { kind: 'address' } },
  // a grid worker's unit is named after the person (网格员袁建婷) and carries a live position
  units: { name: { kind: 'unitName', when: { property: 'type', values: ['GRID_WORKER'] } } },
};

/** A layer feature's properties as a masked view receives them (a new object; the input is not changed). */
export function maskLayerProperties(collection: string, properties: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const personal = LAYER_PERSONAL[collection as CollectionId];
  const out: Record<string, unknown> = { ...properties };
  if (!personal) return out;
  for (const [name, rule] of Object.entries(personal)) {
    const v = out[name];
    if (typeof v !== 'string') continue;
    if (rule.when && !rule.when.values.includes(String(out[rule.when.property]))) continue;
    out[name] = MASKERS[rule.kind](v);
  }
  return out;
}

/** Masks every personal key of a record, recursively through arrays and objects; other values pass unchanged. */
export function maskRecord<T>(value: T, keys: Readonly<Record<string, PersonalKind>> = PERSONAL_KEYS): T {
  if (Array.isArray(value)) return value.map((v) => maskRecord(v, keys)) as T;
  if (value === null || typeof value !== 'object' || value instanceof Date) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    const kind = Object.hasOwn(keys, k) ? keys[k] : undefined;
    out[k] = kind && typeof v === 'string' ? MASKERS[kind](v) : maskRecord(v, keys);
  }
  return out as T;
}
