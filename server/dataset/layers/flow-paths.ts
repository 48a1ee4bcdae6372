/**
 * The lifecycle paths (Art. 21) an incident went through to reach its current status. The loader turns
 * them into incident_flow_log rows in SQL: step time = reported_at + (anchor − reported_at) × frac, where
 * anchor = closed_at (terminal) or updated_at (open: the time of the last step); frac −1 = updated_at.
 * Keys: the status, with suffix _R when the incident failed one check (rework_count > 0).
 * Every step after the report is an action of the lifecycle table (server/domain/incidents/lifecycle.ts): a step
 * states its action and where it starts; where it leads is the table's answer, so a path the table refuses cannot
 * be written here (building it throws).
 */
import { nextStatus, type IncidentAction } from '../../domain/incidents/lifecycle.ts';

export interface FlowStep {
  /** REPORT (the incident's creation) or a lifecycle action. */
  action: 'REPORT' | IncidentAction;
  from: string | null;
  to: string;
  frac: number;
  /** Who acts: SOURCE (the reporter channel), DISTRICT / STREET centre, GRID worker, CALLBACK desk. */
  actor: 'SOURCE' | 'DISTRICT' | 'STREET' | 'GRID' | 'CALLBACK';
  opinion: string;
}

const REPORT: FlowStep = { action: 'REPORT', from: null, to: 'REPORTED', frac: 0, actor: 'SOURCE', opinion: '事件上报' };

function S(action: IncidentAction, from: string, frac: number, actor: FlowStep['actor'], opinion: string): FlowStep {
  const to = nextStatus(action, { status: from });
  if (!to) throw new Error(`The lifecycle refuses ${action} from ${from}`);
  return { action, from, to, frac, actor, opinion };
}

/** Main loop steps and the fraction of the handling time at which each is reached. */
export const MAIN_STEPS: readonly FlowStep[] = [
  REPORT,
  S('ACCEPT', 'REPORTED', 0.05, 'DISTRICT', '符合受理条件，予以受理立案'),
  S('DISPATCH', 'ACCEPTED', 0.15, 'DISTRICT', '请属地街道会同相关部门限时处置'),
  S('ARRIVE', 'DISPATCHED', 0.3, 'STREET', '已安排人员到场处置'),
  S('DISPOSE', 'PROCESSING', 0.75, 'STREET', '处置完毕，申请核查'),
  S('CHECK', 'DISPOSED', 0.9, 'GRID', '网格员现场核查'),
  S('CLOSE', 'CHECKING', 1, 'DISTRICT', '核查属实，同意办结'),
];
const EVALUATE = S('EVALUATE', 'CLOSED', -1, 'CALLBACK', '电话回访，群众满意');

const REWORK: readonly FlowStep[] = [
  REPORT,
  S('ACCEPT', 'REPORTED', 0.03, 'DISTRICT', '符合受理条件，予以受理立案'),
  S('DISPATCH', 'ACCEPTED', 0.08, 'DISTRICT', '请属地街道会同相关部门限时处置'),
  S('ARRIVE', 'DISPATCHED', 0.15, 'STREET', '已安排人员到场处置'),
  S('DISPOSE', 'PROCESSING', 0.4, 'STREET', '处置完毕，申请核查'),
  S('CHECK', 'DISPOSED', 0.5, 'GRID', '网格员现场核查'),
  S('CHECK_FAIL', 'CHECKING', 0.55, 'GRID', '核查未通过，问题仍存在，退回重新处置'),
  S('ARRIVE', 'DISPATCHED', 0.6, 'STREET', '重新安排人员处置'),
  S('DISPOSE', 'PROCESSING', 0.85, 'STREET', '再次处置完毕，申请核查'),
  S('CHECK', 'DISPOSED', 0.92, 'GRID', '网格员现场复核'),
  S('CLOSE', 'CHECKING', 1, 'DISTRICT', '复核属实，同意办结'),
];

/** Fraction of the planned handling time at which an open incident enters each main status. */
export const STATUS_FRACTION: Readonly<Record<string, number>> = Object.fromEntries(MAIN_STEPS.map((s) => [s.to, s.frac]));

function openPath(status: string): FlowStep[] {
  const end = MAIN_STEPS.findIndex((s) => s.to === status);
  const last = MAIN_STEPS[end]!.frac || 1;
  return MAIN_STEPS.slice(0, end + 1).map((s) => ({ ...s, frac: s.frac / last }));
}

export const FLOW_PATHS: Readonly<Record<string, readonly FlowStep[]>> = {
  REPORTED: openPath('REPORTED'),
  ACCEPTED: openPath('ACCEPTED'),
  DISPATCHED: openPath('DISPATCHED'),
  PROCESSING: openPath('PROCESSING'),
  DISPOSED: openPath('DISPOSED'),
  CHECKING: openPath('CHECKING'),
  CLOSED: MAIN_STEPS,
  EVALUATED: [...MAIN_STEPS, EVALUATE],
  CLOSED_R: REWORK,
  EVALUATED_R: [...REWORK, EVALUATE],
  REJECTED: [REPORT, S('REJECT', 'REPORTED', 1, 'DISTRICT', '不属于受理范围，不予受理，已告知来源')],
  VOID: [REPORT, S('VOID', 'REPORTED', 1, 'DISTRICT', '重复上报，作废')],
  SELF_RESOLVED: [REPORT, S('SELF_RESOLVE', 'REPORTED', 1, 'GRID', '网格员现场处置完毕（随手办）')],
  SUSPENDED: [
    ...openPath('DISPATCHED').map((s) => ({ ...s, frac: s.frac * 0.2 })),
    S('SUSPEND', 'DISPATCHED', 1, 'DISTRICT', '涉及历史遗留问题，报请挂账'),
  ],
};

/** The path table as columns, for `unnest` in the loader. */
export function flowPathColumns() {
  const cols = { key: [] as string[], seq: [] as number[], action: [] as string[], from: [] as (string | null)[], to: [] as string[], frac: [] as number[], actor: [] as string[], opinion: [] as string[] };
  for (const [key, steps] of Object.entries(FLOW_PATHS)) {
    steps.forEach((s, i) => {
      cols.key.push(key);
      cols.seq.push(i);
      cols.action.push(s.action);
      cols.from.push(s.from);
      cols.to.push(s.to);
      cols.frac.push(s.frac);
      cols.actor.push(s.actor);
      cols.opinion.push(s.opinion);
    });
  }
  return cols;
}
