/**
 * A warning's life (Art. 19 分级预警): raised ACTIVE by an analysis; a person ACKNOWLEDGEs it (已确认) and LIFTs it
 * (已解除) — LIFT also straight from ACTIVE. LIFTED is final; the cause may then raise a new warning. Each step is
 * audited. The codes and labels are server/protocol/codes.ts WARNING_STATUS. Pure; the client imports it for buttons.
 */
import type { WARNING_STATUS } from '../../protocol/codes.ts';

export type WarningStatus = keyof typeof WARNING_STATUS;
export const WARNING_ACTIONS = ['ACKNOWLEDGE', 'LIFT'] as const;
export type WarningAction = (typeof WARNING_ACTIONS)[number];

export const WARNING_TRANSITIONS: Readonly<Record<WarningAction, { from: readonly WarningStatus[]; to: WarningStatus }>> = {
  ACKNOWLEDGE: { from: ['ACTIVE'], to: 'ACKNOWLEDGED' },
  LIFT: { from: ['ACTIVE', 'ACKNOWLEDGED'], to: 'LIFTED' },
};

export const isWarningAction = (v: string): v is WarningAction => (WARNING_ACTIONS as readonly string[]).includes(v);

export function allowedWarningActions(status: string): WarningAction[] {
  return WARNING_ACTIONS.filter((a) => (WARNING_TRANSITIONS[a].from as readonly string[]).includes(status));
}

/** Warnings still standing (counted by the wall as "active warnings"). */
export const OPEN_WARNING_STATUSES: readonly WarningStatus[] = ['ACTIVE', 'ACKNOWLEDGED'];
