/**
 * The lifecycle paths (Art. 21) an incident went through to reach its current status. The loader turns
 * them into incident_flow_log rows in SQL: step time = reported_at + (anchor − reported_at) × frac, where
 * anchor = closed_at (terminal) or updated_at (open: the time of the last step); frac −1 = updated_at.
 * Keys: the status, with suffix _R when the incident failed one check (rework_count > 0).
 */
export interface FlowStep {
  action: string;
  from: string | null;
  to: string;
  frac: number;
  /** Who acts: SOURCE (the reporter channel), DISTRICT / STREET centre, GRID worker, CALLBACK desk. */
  actor: 'SOURCE' | 'DISTRICT' | 'STREET' | 'GRID' | 'CALLBACK';
  opinion: string;
}

const S = (action: string, from: string | null, to: string, frac: number, actor: FlowStep['actor'], opinion: string): FlowStep => ({
  action, from, to, frac, actor, opinion,
});

/** Main loop steps and the fraction of the handling time at which each is reached. */
export const MAIN_STEPS: readonly FlowStep[] = [
  S('REPORT', null, 'REPORTED', 0, 'SOURCE', '事件上报'),
  S('ACCEPT', 'REPORTED', 'ACCEPTED', 0.05, 'DISTRICT', '符合受理条件，予以受理立案'),
  S('DISPATCH', 'ACCEPTED', 'DISPATCHED', 0.15, 'DISTRICT', '请属地街道会同相关部门限时处置'),
  S('START', 'DISPATCHED', 'PROCESSING', 0.3, 'STREET', '已安排人员到场处置'),
  S('DISPOSE', 'PROCESSING', 'DISPOSED', 0.75, 'STREET', '处置完毕，申请核查'),
  S('CHECK', 'DISPOSED', 'CHECKING', 0.9, 'GRID', '网格员现场核查'),
  S('CLOSE', 'CHECKING', 'CLOSED', 1, 'DISTRICT', '核查属实，同意办结'),
];
const EVALUATE = S('EVALUATE', 'CLOSED', 'EVALUATED', -1, 'CALLBACK', '电话回访，群众满意');

const REWORK: readonly FlowStep[] = [
  S('REPORT', null, 'REPORTED', 0, 'SOURCE', '事件上报'),
  S('ACCEPT', 'REPORTED', 'ACCEPTED', 0.03, 'DISTRICT', '符合受理条件，予以受理立案'),
  S('DISPATCH', 'ACCEPTED', 'DISPATCHED', 0.08, 'DISTRICT', '请属地街道会同相关部门限时处置'),
  S('START', 'DISPATCHED', 'PROCESSING', 0.15, 'STREET', '已安排人员到场处置'),
  S('DISPOSE', 'PROCESSING', 'DISPOSED', 0.4, 'STREET', '处置完毕，申请核查'),
  S('CHECK', 'DISPOSED', 'CHECKING', 0.5, 'GRID', '网格员现场核查'),
  S('CHECK_FAIL', 'CHECKING', 'DISPATCHED', 0.55, 'GRID', '核查未通过，问题仍存在，退回重新处置'),
  S('START', 'DISPATCHED', 'PROCESSING', 0.6, 'STREET', '重新安排人员处置'),
  S('DISPOSE', 'PROCESSING', 'DISPOSED', 0.85, 'STREET', '再次处置完毕，申请核查'),
  S('CHECK', 'DISPOSED', 'CHECKING', 0.92, 'GRID', '网格员现场复核'),
  S('CLOSE', 'CHECKING', 'CLOSED', 1, 'DISTRICT', '复核属实，同意办结'),
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
  REJECTED: [MAIN_STEPS[0]!, S('REJECT', 'REPORTED', 'REJECTED', 1, 'DISTRICT', '不属于受理范围，不予受理，已告知来源')],
  VOID: [MAIN_STEPS[0]!, S('VOID', 'REPORTED', 'VOID', 1, 'DISTRICT', '重复上报，作废')],
  SELF_RESOLVED: [MAIN_STEPS[0]!, S('SELF_RESOLVE', 'REPORTED', 'SELF_RESOLVED', 1, 'GRID', '网格员现场处置完毕（随手办）')],
  SUSPENDED: [
    ...openPath('DISPATCHED').map((s) => ({ ...s, frac: s.frac * 0.2 })),
    S('SUSPEND', 'DISPATCHED', 'SUSPENDED', 1, 'DISTRICT', '涉及历史遗留问题，报请挂账'),
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
