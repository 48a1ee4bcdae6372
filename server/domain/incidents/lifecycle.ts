/**
 * THE incident lifecycle (Art. 21 集中交办、归口办理、限时反馈; shared DOMAIN.md "The closed loop"): the statuses,
 * the actions that move an incident between them (one transition table), the operators' buckets, which statuses
 * are open, and the timer light. Pure data and functions: the dataset, the simulator (and its SQL open list), the
 * server's command endpoint and the client all read these, and nothing else states the rules.
 *
 *   REPORTED → ACCEPTED → DISPATCHED → PROCESSING → DISPOSED → CHECKING → CLOSED → EVALUATED
 *   side paths: REJECT, VOID (duplicate), SELF_RESOLVE (随手办), RETURN (wrong dispatch, back to ACCEPTED),
 *   CHECK_FAIL (back to DISPATCHED, rework +1), POSTPONE (deadline extended), SUSPEND / RESUME (挂账),
 *   flags SUPERVISE (督办) and ESCALATE (上报上级) on any open status.
 */
import { INCIDENT_STATUS, URGENCY_TIME_LIMIT_HOURS } from '../../protocol/codes.ts';

export type IncidentStatus = keyof typeof INCIDENT_STATUS;
export const INCIDENT_STATUSES = Object.keys(INCIDENT_STATUS) as IncidentStatus[];

export function isIncidentStatus(value: unknown): value is IncidentStatus {
  return typeof value === 'string' && Object.hasOwn(INCIDENT_STATUS, value);
}

/** Every new incident starts here (已上报). */
export const INITIAL_STATUS: IncidentStatus = 'REPORTED';

/** The forward path of the closed loop, in order. */
export const MAIN_PATH: readonly IncidentStatus[] = ['REPORTED', 'ACCEPTED', 'DISPATCHED', 'PROCESSING', 'DISPOSED', 'CHECKING', 'CLOSED', 'EVALUATED'];

/** Open: the incident is in hand and its clock runs (挂账 included); everything else has ended. */
export const OPEN_STATUSES: readonly IncidentStatus[] = ['REPORTED', 'ACCEPTED', 'DISPATCHED', 'PROCESSING', 'DISPOSED', 'CHECKING', 'SUSPENDED'];
/** Open and moving along the main path (not suspended): what a simulated city steps forward. */
export const ACTIVE_STATUSES: readonly IncidentStatus[] = OPEN_STATUSES.filter((s) => s !== 'SUSPENDED');
/** Reaching one of these stamps closed_at (the incident has ended, whether handled or not). */
export const ENDING_STATUSES: readonly IncidentStatus[] = ['CLOSED', 'REJECTED', 'VOID', 'SELF_RESOLVED'];

export function isOpen(status: string): boolean {
  return (OPEN_STATUSES as readonly string[]).includes(status);
}

export type IncidentAction =
  | 'ACCEPT'
  | 'REJECT'
  | 'VOID'
  | 'SELF_RESOLVE'
  | 'DISPATCH'
  | 'RETURN'
  | 'ARRIVE'
  | 'DISPOSE'
  | 'CHECK'
  | 'CHECK_FAIL'
  | 'CLOSE'
  | 'EVALUATE'
  | 'POSTPONE'
  | 'SUSPEND'
  | 'RESUME'
  | 'SUPERVISE'
  | 'ESCALATE';

/** A field an action needs in its request. */
export type ActionField = 'opinion' | 'unitId' | 'hours';

/** What an action does to the assigned unit: take it (AVAILABLE → DISPATCHED), mark it on scene, or free it. */
export type UnitEffect = 'assign' | 'on-scene' | 'release';

export interface ActionRule {
  action: IncidentAction;
  label: { zh: string; en: string };
  from: readonly IncidentStatus[];
  /** The status after the action; null keeps the status (flags, postponement). */
  to: IncidentStatus | null;
  /** The permission the actor needs (server/auth/permissions.ts). */
  permission: 'incidents:write' | 'dispatch:write';
  /** Fields the request must carry. */
  needs: readonly ActionField[];
  /** Fields the request may carry. */
  allows?: readonly ActionField[];
  unit?: UnitEffect;
  /** Counts a rework (核查未通过). */
  rework?: boolean;
  /** Sets a flag; refused when the flag is already set. */
  flag?: 'supervised' | 'escalated';
  /** Extends the deadline by `hours`. */
  extendsDeadline?: boolean;
}

const OPEN_NOT_SUSPENDED = ACTIVE_STATUSES;
const r = (rule: ActionRule): ActionRule => Object.freeze(rule);

/** THE transition table. */
export const ACTIONS: Readonly<Record<IncidentAction, ActionRule>> = Object.freeze({
  ACCEPT: r({ action: 'ACCEPT', label: { zh: '受理', en: 'Accept' }, from: ['REPORTED'], to: 'ACCEPTED', permission: 'incidents:write', needs: [] }),
  REJECT: r({ action: 'REJECT', label: { zh: '不予受理', en: 'Reject' }, from: ['REPORTED'], to: 'REJECTED', permission: 'incidents:write', needs: ['opinion'] }),
  VOID: r({ action: 'VOID', label: { zh: '作废', en: 'Void (duplicate)' }, from: ['REPORTED', 'ACCEPTED'], to: 'VOID', permission: 'incidents:write', needs: ['opinion'] }),
  SELF_RESOLVE: r({ action: 'SELF_RESOLVE', label: { zh: '随手办', en: 'Resolve on the spot' }, from: ['REPORTED'], to: 'SELF_RESOLVED', permission: 'incidents:write', needs: [] }),
  DISPATCH: r({ action: 'DISPATCH', label: { zh: '派遣', en: 'Dispatch' }, from: ['ACCEPTED'], to: 'DISPATCHED', permission: 'dispatch:write', needs: ['unitId'], unit: 'assign' }),
  RETURN: r({ action: 'RETURN', label: { zh: '退回', en: 'Return (wrong dispatch)' }, from: ['DISPATCHED'], to: 'ACCEPTED', permission: 'incidents:write', needs: ['opinion'], unit: 'release' }),
  ARRIVE: r({ action: 'ARRIVE', label: { zh: '到场处置', en: 'Arrive and process' }, from: ['DISPATCHED'], to: 'PROCESSING', permission: 'incidents:write', needs: [], unit: 'on-scene' }),
  DISPOSE: r({ action: 'DISPOSE', label: { zh: '处置完毕', en: 'Dispose' }, from: ['PROCESSING'], to: 'DISPOSED', permission: 'incidents:write', needs: ['opinion'], unit: 'release' }),
  CHECK: r({ action: 'CHECK', label: { zh: '核查', en: 'Check' }, from: ['DISPOSED'], to: 'CHECKING', permission: 'incidents:write', needs: [] }),
  CHECK_FAIL: r({
    action: 'CHECK_FAIL', label: { zh: '核查未通过', en: 'Check failed (rework)' }, from: ['DISPOSED', 'CHECKING'], to: 'DISPATCHED',
    permission: 'incidents:write', needs: ['opinion'], allows: ['unitId'], unit: 'assign', rework: true,
  }),
  /** The passed check: 核查属实，同意办结. */
  CLOSE: r({ action: 'CLOSE', label: { zh: '核查通过办结', en: 'Check passed, close' }, from: ['CHECKING'], to: 'CLOSED', permission: 'incidents:write', needs: [] }),
  EVALUATE: r({ action: 'EVALUATE', label: { zh: '回访评价', en: 'Evaluate (call back)' }, from: ['CLOSED'], to: 'EVALUATED', permission: 'incidents:write', needs: ['opinion'] }),
  POSTPONE: r({
    action: 'POSTPONE', label: { zh: '延期', en: 'Postpone' }, from: OPEN_NOT_SUSPENDED, to: null,
    permission: 'dispatch:write', needs: ['opinion', 'hours'], extendsDeadline: true,
  }),
  SUSPEND: r({
    action: 'SUSPEND', label: { zh: '挂账', en: 'Suspend' }, from: ['ACCEPTED', 'DISPATCHED', 'PROCESSING'], to: 'SUSPENDED',
    permission: 'dispatch:write', needs: ['opinion'], unit: 'release',
  }),
  RESUME: r({ action: 'RESUME', label: { zh: '恢复办理', en: 'Resume' }, from: ['SUSPENDED'], to: 'ACCEPTED', permission: 'dispatch:write', needs: ['opinion'] }),
  SUPERVISE: r({ action: 'SUPERVISE', label: { zh: '督办', en: 'Supervise' }, from: OPEN_STATUSES, to: null, permission: 'dispatch:write', needs: [], allows: ['opinion'], flag: 'supervised' }),
  ESCALATE: r({ action: 'ESCALATE', label: { zh: '上报上级', en: 'Escalate' }, from: OPEN_STATUSES, to: null, permission: 'incidents:write', needs: ['opinion'], flag: 'escalated' }),
});

export const INCIDENT_ACTIONS = Object.keys(ACTIONS) as IncidentAction[];

export function isIncidentAction(value: unknown): value is IncidentAction {
  return typeof value === 'string' && Object.hasOwn(ACTIONS, value);
}

/** The state an action is judged against. */
export interface LifecycleState {
  status: string;
  supervised?: boolean;
  escalated?: boolean;
}

/** Whether the action applies to this state (status, and for a flag: not set yet). */
export function canApply(action: IncidentAction, state: LifecycleState): boolean {
  const rule = ACTIONS[action];
  if (!(rule.from as readonly string[]).includes(state.status)) return false;
  return !rule.flag || !state[rule.flag];
}

/** The actions allowed now, in table order. */
export function allowedActions(state: LifecycleState): IncidentAction[] {
  return INCIDENT_ACTIONS.filter((a) => canApply(a, state));
}

/** The status after the action, or null when the action does not apply. */
export function nextStatus(action: IncidentAction, state: LifecycleState): IncidentStatus | null {
  if (!canApply(action, state)) return null;
  return ACTIONS[action].to ?? (state.status as IncidentStatus);
}

/** The action that moves an incident one step along the main path (what the simulator does), or null. */
export function mainPathAction(status: string): IncidentAction | null {
  const i = MAIN_PATH.indexOf(status as IncidentStatus);
  if (i < 0 || i === MAIN_PATH.length - 1) return null;
  const to = MAIN_PATH[i + 1];
  return INCIDENT_ACTIONS.find((a) => ACTIONS[a].to === to && (ACTIONS[a].from as readonly string[]).includes(status)) ?? null;
}

// ---------- buckets ----------

export type IncidentBucket = 'TO_ACCEPT' | 'TO_DISPATCH' | 'IN_PROGRESS' | 'TO_CHECK' | 'DONE' | 'SUSPENDED' | 'ENDED';

/** The buckets operators know: 待受理 · 待派遣 · 处置中 · 待核查 · 已办结 · 挂账, and the ended side paths. */
export const BUCKET_OF: Readonly<Record<IncidentStatus, IncidentBucket>> = Object.freeze({
  REPORTED: 'TO_ACCEPT',
  ACCEPTED: 'TO_DISPATCH',
  DISPATCHED: 'IN_PROGRESS',
  PROCESSING: 'IN_PROGRESS',
  DISPOSED: 'TO_CHECK',
  CHECKING: 'TO_CHECK',
  CLOSED: 'DONE',
  EVALUATED: 'DONE',
  SELF_RESOLVED: 'DONE',
  SUSPENDED: 'SUSPENDED',
  REJECTED: 'ENDED',
  VOID: 'ENDED',
});

export const INCIDENT_BUCKETS: readonly IncidentBucket[] = ['TO_ACCEPT', 'TO_DISPATCH', 'IN_PROGRESS', 'TO_CHECK', 'DONE', 'SUSPENDED', 'ENDED'];

export function statusBucket(status: string): IncidentBucket {
  return isIncidentStatus(status) ? BUCKET_OF[status] : 'ENDED';
}

// ---------- time limits and the timer light ----------

export type Urgency = keyof typeof URGENCY_TIME_LIMIT_HOURS;

/** Time limits in hours: a default per urgency, and per category where a city sets its own (configuration). */
export interface TimeLimits {
  byUrgency: Readonly<Record<Urgency, number>>;
  byCategory?: Readonly<Record<string, Partial<Record<Urgency, number>>>>;
}

export const DEFAULT_TIME_LIMITS: TimeLimits = Object.freeze({ byUrgency: URGENCY_TIME_LIMIT_HOURS });

/** The time limit of a category × urgency in hours; null for an unknown urgency. */
export function timeLimitHours(category: string, urgency: string, limits: TimeLimits = DEFAULT_TIME_LIMITS): number | null {
  if (!Object.hasOwn(limits.byUrgency, urgency)) return null;
  const u = urgency as Urgency;
  return limits.byCategory?.[category]?.[u] ?? limits.byUrgency[u];
}

/** The deadline (ms since epoch) of an incident reported at `reportedAt`; null for an unknown urgency. */
export function deadlineOf(reportedAt: number, category: string, urgency: string, limits: TimeLimits = DEFAULT_TIME_LIMITS): number | null {
  const hours = timeLimitHours(category, urgency, limits);
  return hours === null ? null : reportedAt + hours * 3_600_000;
}

export type TimerLight = 'GREEN' | 'YELLOW' | 'RED';

/** Share of the time limit used at which the light turns yellow. */
export const YELLOW_FROM = 0.8;

/**
 * The timer light of an open incident at `now` (ms since epoch): GREEN below 80 % of its time limit, YELLOW from
 * 80 % to 100 %, RED once overdue. Null when the incident has ended or the times are unusable.
 */
export function timerLight(status: string, reportedAt: number, deadline: number, now: number): TimerLight | null {
  if (!isOpen(status) || !Number.isFinite(reportedAt) || !Number.isFinite(deadline) || !Number.isFinite(now) || deadline <= reportedAt) return null;
  const share = (now - reportedAt) / (deadline - reportedAt);
  if (share > 1) return 'RED';
  if (share >= YELLOW_FROM) return 'YELLOW';
  return 'GREEN';
}

/** The fields an action needs that the request lacks (empty strings count as missing), and those it may not carry. */
export function fieldProblems(action: IncidentAction, given: Partial<Record<ActionField, unknown>>): { missing: ActionField[]; unexpected: ActionField[] } {
  const rule = ACTIONS[action];
  const present = (f: ActionField) => given[f] !== undefined && given[f] !== null && given[f] !== '';
  const fields: ActionField[] = ['opinion', 'unitId', 'hours'];
  const allowed = new Set<ActionField>([...rule.needs, ...(rule.allows ?? []), 'opinion']);
  return { missing: rule.needs.filter((f) => !present(f)), unexpected: fields.filter((f) => present(f) && !allowed.has(f)) };
}
