/**
 * The guard the generic feature writes call (server/http/ogc/ogc-write.ts): 400 COMMAND_ONLY_PROPERTY when a POST
 * or PATCH carries a property only a lifecycle action may change, naming the endpoint that changes it.
 */
import type { CollectionId } from '../../protocol/collections.ts';
import { commandOnlyIn } from '../../domain/incidents/command-only.ts';
import { badRequest } from '../../errors.ts';

export function refuseCommandOnlyProperties(collection: CollectionId, properties: unknown): void {
  const found = commandOnlyIn(collection, properties);
  if (!found.length) return;
  const how = !found.some((f) => f !== 'version')
    ? 'the version is kept by the server (+1 on every write)'
    : collection === 'incidents'
      ? 'change an incident\'s status or assignment with POST /api/incidents/{id}/transitions'
      : 'a unit is sent and released through /api/incidents/{id}/assignments, and reports its progress with POST /api/units/{id}/status';
  throw badRequest('COMMAND_ONLY_PROPERTY', `${found.join(', ')} cannot be written on ${collection} features: ${how}`, { properties: found });
}
