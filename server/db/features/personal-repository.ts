/**
 * Personal data (Art. 10): the identities kept apart from the live tables — rental_housing_personal (lessor and
 * tenants) and incident_parties (reporters and parties to a dispute). Each read returns the records together
 * with the admin codes of the feature they belong to, so the caller can check jurisdiction before anything
 * leaves. Never joined into features, tiles or the change log.
 */
import type { Queryable } from '../core/database.ts';

export type PersonalCollection = 'rental-housing' | 'incidents';
export const PERSONAL_COLLECTIONS: readonly PersonalCollection[] = ['rental-housing', 'incidents'];

export interface PersonalRecord {
  /** lessor | tenant (rental housing); REPORTER | PARTY (incidents). */
  kind: string;
  name: string;
  phone: string | null;
  idNumber: string | null;
}

export interface PersonalData {
  /** The owning feature's district, street, community and grid codes (jurisdiction). */
  codes: (string | null)[];
  records: PersonalRecord[];
}

type Tenant = { name?: unknown; phone?: unknown; idNumber?: unknown };
const text = (v: unknown): string | null => (typeof v === 'string' ? v : null);

async function rentalHousing(db: Queryable, id: string): Promise<PersonalData | null> {
  const { rows } = await db.query<{
    district_code: string | null; street_code: string | null; community_code: string | null; grid_code: string | null;
    lessor_name: string | null; lessor_phone: string | null; lessor_id_number: string | null; tenants: Tenant[] | null;
  }>(
    `SELECT h.district_code, h.street_code, h.community_code, h.grid_code,
            p.lessor_name, p.lessor_phone, p.lessor_id_number, p.tenants
     FROM rental_housing h LEFT JOIN rental_housing_personal p ON p.housing_id = h.id WHERE h.id = $1`,
    [id],
  );
  const r = rows[0];
  if (!r) return null;
  const records: PersonalRecord[] = [];
  if (r.lessor_name !== null) records.push({ kind: 'lessor', name: r.lessor_name, phone: r.lessor_phone, idNumber: r.lessor_id_number });
  for (const t of Array.isArray(r.tenants) ? r.tenants : []) {
    records.push({ kind: 'tenant', name: text(t.name) ?? '', phone: text(t.phone), idNumber: text(t.idNumber) });
  }
  return { codes: [r.district_code, r.street_code, r.community_code, r.grid_code], records };
}

async function incidentParties(db: Queryable, id: string): Promise<PersonalData | null> {
  const { rows } = await db.query<{
    district_code: string | null; street_code: string | null; community_code: string | null; grid_code: string | null;
    role: string | null; name: string | null; phone: string | null; id_number: string | null;
  }>(
    `SELECT i.district_code, i.street_code, i.community_code, i.grid_code, p.role, p.name, p.phone, p.id_number
     FROM incidents i LEFT JOIN incident_parties p ON p.incident_id = i.id WHERE i.id = $1 ORDER BY p.id`,
    [id],
  );
  const first = rows[0];
  if (!first) return null;
  const records = rows
    .filter((r) => r.name !== null)
    .map((r) => ({ kind: r.role ?? 'PARTY', name: r.name!, phone: r.phone, idNumber: r.id_number }));
  return { codes: [first.district_code, first.street_code, first.community_code, first.grid_code], records };
}

/** The personal records of one feature; null when the feature does not exist. */
export function readPersonal(db: Queryable, collection: PersonalCollection, id: string): Promise<PersonalData | null> {
  return collection === 'rental-housing' ? rentalHousing(db, id) : incidentParties(db, id);
}
