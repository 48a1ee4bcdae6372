import { describe, expect, it } from 'vitest';
import {
  ACTIONS, ACTIVE_STATUSES, allowedActions, canApply, deadlineOf, fieldProblems, INCIDENT_ACTIONS, INCIDENT_STATUSES, isOpen,
  mainPathAction, MAIN_PATH, nextStatus, OPEN_STATUSES, statusBucket, timeLimitHours, timerLight, type IncidentAction,
} from '../../server/domain/incidents/lifecycle.ts';
import { INCIDENT_STATUS } from '../../server/protocol/codes.ts';

const H = 3_600_000;
const OPEN = ['REPORTED', 'ACCEPTED', 'DISPATCHED', 'PROCESSING', 'DISPOSED', 'CHECKING', 'SUSPENDED'];
const ACTIVE = OPEN.filter((s) => s !== 'SUSPENDED');

/**
 * DOMAIN.md "The closed loop", written out by hand: action → { from status → to status }. Every pair not listed
 * here must be refused. A flag action keeps the status.
 */
const EXPECTED: Record<IncidentAction, Record<string, string>> = {
  ACCEPT: { REPORTED: 'ACCEPTED' },
  REJECT: { REPORTED: 'REJECTED' },
  VOID: { REPORTED: 'VOID', ACCEPTED: 'VOID' },
  SELF_RESOLVE: { REPORTED: 'SELF_RESOLVED' },
  DISPATCH: { ACCEPTED: 'DISPATCHED' },
  RETURN: { DISPATCHED: 'ACCEPTED' },
  ARRIVE: { DISPATCHED: 'PROCESSING' },
  DISPOSE: { PROCESSING: 'DISPOSED' },
  CHECK: { DISPOSED: 'CHECKING' },
  CHECK_FAIL: { DISPOSED: 'DISPATCHED', CHECKING: 'DISPATCHED' },
  CLOSE: { CHECKING: 'CLOSED' },
  EVALUATE: { CLOSED: 'EVALUATED' },
  POSTPONE: Object.fromEntries(ACTIVE.map((s) => [s, s])),
  SUSPEND: { ACCEPTED: 'SUSPENDED', DISPATCHED: 'SUSPENDED', PROCESSING: 'SUSPENDED' },
  RESUME: { SUSPENDED: 'ACCEPTED' },
  SUPERVISE: Object.fromEntries(OPEN.map((s) => [s, s])),
  ESCALATE: Object.fromEntries(OPEN.map((s) => [s, s])),
};

describe('the transition table', () => {
  it('knows every status of the code list and nothing else', () => {
    expect(INCIDENT_STATUSES).toEqual(Object.keys(INCIDENT_STATUS));
    for (const a of INCIDENT_ACTIONS) {
      for (const s of ACTIONS[a].from) expect(Object.keys(INCIDENT_STATUS)).toContain(s);
      if (ACTIONS[a].to) expect(Object.keys(INCIDENT_STATUS)).toContain(ACTIONS[a].to);
    }
    expect(INCIDENT_ACTIONS.sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  for (const action of Object.keys(EXPECTED) as IncidentAction[]) {
    for (const status of Object.keys(INCIDENT_STATUS)) {
      const want = EXPECTED[action][status] ?? null;
      it(`${action} from ${status} ${want ? `→ ${want}` : 'is refused'}`, () => {
        expect(nextStatus(action, { status })).toBe(want);
        expect(canApply(action, { status })).toBe(want !== null);
        expect(allowedActions({ status }).includes(action)).toBe(want !== null);
      });
    }
  }

  it('refuses every action on an unknown status', () => {
    for (const a of INCIDENT_ACTIONS) expect(nextStatus(a, { status: 'NOPE' })).toBeNull();
    expect(allowedActions({ status: 'NOPE' })).toEqual([]);
  });

  it('sets a flag only once', () => {
    expect(canApply('SUPERVISE', { status: 'PROCESSING', supervised: true })).toBe(false);
    expect(canApply('ESCALATE', { status: 'PROCESSING', escalated: true })).toBe(false);
    expect(canApply('ESCALATE', { status: 'PROCESSING', supervised: true })).toBe(true);
    expect(allowedActions({ status: 'SUSPENDED', supervised: true, escalated: true })).toEqual(['RESUME']);
  });

  it('needs a dispatcher to send a unit, postpone, suspend and supervise', () => {
    const dispatch = INCIDENT_ACTIONS.filter((a) => ACTIONS[a].permission === 'dispatch:write').sort();
    expect(dispatch).toEqual(['DISPATCH', 'POSTPONE', 'RESUME', 'SUPERVISE', 'SUSPEND']);
  });

  it('names the fields each action needs', () => {
    expect(fieldProblems('DISPATCH', {})).toEqual({ missing: ['unitId'], unexpected: [] });
    expect(fieldProblems('DISPATCH', { unitId: 'U1', opinion: '请速到场' })).toEqual({ missing: [], unexpected: [] });
    expect(fieldProblems('REJECT', { opinion: '' })).toEqual({ missing: ['opinion'], unexpected: [] });
    expect(fieldProblems('ACCEPT', { unitId: 'U1', hours: 3 })).toEqual({ missing: [], unexpected: ['unitId', 'hours'] });
    expect(fieldProblems('POSTPONE', { opinion: '需协调' })).toEqual({ missing: ['hours'], unexpected: [] });
    expect(fieldProblems('CHECK_FAIL', { opinion: '问题仍在', unitId: 'U2' })).toEqual({ missing: [], unexpected: [] });
  });

  it('walks the main path one action at a time', () => {
    const walked: string[] = ['REPORTED'];
    for (let s = 'REPORTED', a = mainPathAction(s); a; a = mainPathAction(s)) walked.push((s = nextStatus(a, { status: s })!));
    expect(walked).toEqual([...MAIN_PATH]);
    expect(MAIN_PATH.slice(0, -1).map(mainPathAction)).toEqual(['ACCEPT', 'DISPATCH', 'ARRIVE', 'DISPOSE', 'CHECK', 'CLOSE', 'EVALUATE']);
    expect(mainPathAction('EVALUATED')).toBeNull();
    expect(mainPathAction('SUSPENDED')).toBeNull();
  });
});

describe('open statuses and buckets', () => {
  it('keeps the clock running only for open incidents', () => {
    expect([...OPEN_STATUSES]).toEqual(OPEN);
    expect([...ACTIVE_STATUSES]).toEqual(ACTIVE);
    for (const s of Object.keys(INCIDENT_STATUS)) expect(isOpen(s)).toBe(OPEN.includes(s));
    expect(isOpen('NOPE')).toBe(false);
  });
  it('puts every status in an operator bucket', () => {
    expect(Object.keys(INCIDENT_STATUS).map(statusBucket)).toEqual([
      'TO_ACCEPT', 'TO_DISPATCH', 'IN_PROGRESS', 'IN_PROGRESS', 'TO_CHECK', 'TO_CHECK', 'DONE', 'DONE', 'ENDED', 'ENDED', 'SUSPENDED', 'DONE',
    ]);
    expect(statusBucket('NOPE')).toBe('ENDED');
  });
});

describe('time limits and the timer light', () => {
  it('takes the limit per urgency, overridden per category', () => {
    expect(timeLimitHours('01', 'CRITICAL')).toBe(2);
    expect(timeLimitHours('01', 'NORMAL')).toBe(72);
    const limits = { byUrgency: { CRITICAL: 2, URGENT: 24, NORMAL: 72 }, byCategory: { '11': { NORMAL: 12 } } };
    expect(timeLimitHours('11', 'NORMAL', limits)).toBe(12);
    expect(timeLimitHours('11', 'URGENT', limits)).toBe(24);
    expect(timeLimitHours('01', 'SOMEDAY')).toBeNull();
    expect(deadlineOf(1000, '01', 'URGENT')).toBe(1000 + 24 * H);
    expect(deadlineOf(1000, '01', 'toString')).toBeNull();
  });
  const deadline = 10 * H;
  it('is green below 80 % of the time limit', () => expect(timerLight('PROCESSING', 0, deadline, 7.99 * H)).toBe('GREEN'));
  it('is yellow from 80 % to 100 %', () => {
    expect(timerLight('PROCESSING', 0, deadline, 8 * H)).toBe('YELLOW');
    expect(timerLight('SUSPENDED', 0, deadline, 10 * H)).toBe('YELLOW');
  });
  it('is red once overdue', () => expect(timerLight('REPORTED', 0, deadline, 10 * H + 1)).toBe('RED'));
  it('is off for ended incidents and unusable times', () => {
    for (const s of ['CLOSED', 'EVALUATED', 'REJECTED', 'VOID', 'SELF_RESOLVED']) expect(timerLight(s, 0, deadline, 20 * H)).toBeNull();
    expect(timerLight('PROCESSING', Number.NaN, deadline, H)).toBeNull();
    expect(timerLight('PROCESSING', deadline, 0, H)).toBeNull();
    expect(timerLight('PROCESSING', 0, deadline, Number.NaN)).toBeNull();
  });
});
