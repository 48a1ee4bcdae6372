/**
 * Assignment and unit-status rules (issue 11 "Assignment"). Pure; the repository (server/db/dispatch/) applies them
 * under row locks.
 *
 *   Which incidents take units: those the lifecycle's DISPATCH applies to (待派遣 — assigning the first unit IS the
 *   DISPATCH step) and those already in hand (DISPATCHED, PROCESSING: more units, or a replacement).
 *   Unit status follows the work: AVAILABLE → DISPATCHED (assigned) → EN_ROUTE (moving) → ON_SCENE (arrived) →
 *   AVAILABLE (released: unassigned, incident disposed, returned, suspended or ended). OFF_DUTY ⇄ AVAILABLE only
 *   while not assigned.
 *   Who may send which unit: a district (or finer) dispatcher only units inside its own jurisdiction; a city
 *   dispatcher units of the incident's district and of the districts bordering it (跨区增援, recorded as such).
 */
import type { UNIT_STATUS } from '../../protocol/codes.ts';
import { ACTIONS, type IncidentStatus } from '../incidents/lifecycle.ts';

export type UnitStatus = keyof typeof UNIT_STATUS;

/** Incident statuses in which units may be assigned. */
export const ASSIGNABLE_STATUSES: readonly IncidentStatus[] = [...ACTIONS.DISPATCH.from, ...(['DISPATCHED', 'PROCESSING'] as const)];

export function isAssignable(status: string): boolean {
  return (ASSIGNABLE_STATUSES as readonly string[]).includes(status);
}

/** Whether assigning a unit to an incident in this status is the lifecycle's DISPATCH step. */
export function assignmentDispatches(status: string): boolean {
  return (ACTIONS.DISPATCH.from as readonly string[]).includes(status);
}

/** Unit statuses of a unit that is out on an incident. */
export const BUSY_UNIT_STATUSES: readonly UnitStatus[] = ['DISPATCHED', 'EN_ROUTE', 'ON_SCENE'];

/** The unit status steps a unit (or its crew's app) may report, from → allowed next. */
export const UNIT_STATUS_STEPS: Readonly<Record<UnitStatus, readonly UnitStatus[]>> = Object.freeze({
  AVAILABLE: ['OFF_DUTY'],
  DISPATCHED: ['EN_ROUTE', 'ON_SCENE'],
  EN_ROUTE: ['ON_SCENE'],
  ON_SCENE: [],
  OFF_DUTY: ['AVAILABLE'],
});

/** Whether a unit may report `to` from `from` (release to AVAILABLE comes from the incident's side, not here). */
export function canStepUnit(from: string, to: string): boolean {
  return Object.hasOwn(UNIT_STATUS_STEPS, from) && (UNIT_STATUS_STEPS[from as UnitStatus] as readonly string[]).includes(to);
}

export type DispatchReach = { kind: 'own' } | { kind: 'reinforcement'; fromDistrict: string } | { kind: 'refused'; reason: 'OUTSIDE_JURISDICTION' | 'NOT_NEIGHBOURING' };

/**
 * Whether a dispatcher may send a unit to an incident. `callerIsCity`: the caller's jurisdiction is the whole
 * city; `unitInScope`: the unit lies inside the caller's jurisdiction; `neighbours`: the districts bordering the
 * incident's district.
 */
export function dispatchReach(args: {
  callerIsCity: boolean;
  unitInScope: boolean;
  unitDistrict: string;
  incidentDistrict: string;
  neighbours: readonly string[];
}): DispatchReach {
  if (!args.unitInScope) return { kind: 'refused', reason: 'OUTSIDE_JURISDICTION' };
  if (!args.callerIsCity || args.unitDistrict === args.incidentDistrict) return { kind: 'own' };
  if (args.neighbours.includes(args.unitDistrict)) return { kind: 'reinforcement', fromDistrict: args.unitDistrict };
  return { kind: 'refused', reason: 'NOT_NEIGHBOURING' };
}

/**
 * The incident's status after a unit is taken off it: the last unit leaving an incident that was only dispatched
 * sends it back to 待派遣 the way RETURN does; otherwise the status stays.
 */
export function statusAfterUnassign(status: IncidentStatus, remaining: number): IncidentStatus {
  if (remaining === 0 && (ACTIONS.RETURN.from as readonly string[]).includes(status) && ACTIONS.RETURN.to) return ACTIONS.RETURN.to;
  return status;
}
