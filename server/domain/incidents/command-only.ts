/**
 * Properties that only a lifecycle action may change (server/domain/incidents/lifecycle.ts): an incident's status,
 * its assigned unit, a unit's status (dispatched and released by assignments, its progress reported by its crew)
 * and the row version of incidents and units. A generic feature write (OGC POST / PATCH) that
 * carries one is refused, so no write can skip the transition table, the flow log and the audit. Pure.
 */
import type { CollectionId } from '../../protocol/collections.ts';

export const COMMAND_ONLY_PROPERTIES: Readonly<Partial<Record<CollectionId, readonly string[]>>> = Object.freeze({
  incidents: ['status', 'assigned_unit_id', 'version'],
  units: ['status', 'version'],
});

/** The command-only properties present in a write's properties object (none for anything that is not an object). */
export function commandOnlyIn(collection: CollectionId, properties: unknown): string[] {
  const names = COMMAND_ONLY_PROPERTIES[collection];
  if (!names || !properties || typeof properties !== 'object' || Array.isArray(properties)) return [];
  return names.filter((n) => Object.hasOwn(properties, n));
}
