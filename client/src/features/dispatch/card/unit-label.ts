/**
 * What the operator calls a unit: its call sign (滑巡63), else its name, else its id — found in what the card
 * already holds (the recommendations, the units on the incident) or in the units' live memory. Pure.
 */
import type { LiveFeature } from '../../../../../server/protocol/live.ts';
import type { Assignment, Recommendation } from '../../../net/dispatch-api.ts';

export interface UnitLabelSources {
  recs?: readonly Recommendation[];
  assignments?: readonly Assignment[];
  live?: ReadonlyMap<string, LiveFeature>;
}

const named = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v : null);

export function unitLabel(unitId: string, { recs = [], assignments = [], live }: UnitLabelSources): string {
  const rec = recs.find((r) => r.unitId === unitId);
  const assigned = assignments.find((a) => a.unitId === unitId);
  const feature = live?.get(unitId);
  return (
    named(rec?.callsign) ?? named(assigned?.callsign) ?? named(feature?.properties.callsign) ??
    named(rec?.unitName) ?? named(assigned?.unitName) ?? named(feature?.properties.name) ?? unitId
  );
}
