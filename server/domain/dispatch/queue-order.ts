/**
 * The order of the dispatcher's queue: the most urgent first (特急 › 紧急 › 一般), then the most pressing light
 * (RED overdue › YELLOW nearly due › GREEN), then the oldest. Pure data the SQL binds as parameters.
 */
import type { INCIDENT_URGENCY } from '../../protocol/codes.ts';
import type { TimerLight } from '../incidents/lifecycle.ts';

export const URGENCY_ORDER: readonly (keyof typeof INCIDENT_URGENCY)[] = ['CRITICAL', 'URGENT', 'NORMAL'];
export const LIGHT_ORDER: readonly TimerLight[] = ['RED', 'YELLOW', 'GREEN'];
