/**
 * Early warnings in the workspace (pure): which steps a person may take on one (the lifecycle's own rule,
 * server/domain/risk/warning-lifecycle.ts), the permission that allows it, the request, and the list order
 * (open before lifted, most severe first, newest first).
 */
import { allowedWarningActions, type WarningAction } from '../../../../../server/domain/risk/warning-lifecycle.ts';

export const WARNING_WRITE_PERMISSION = 'warnings:write';

export type { WarningAction };

export function stepsFor(status: string): WarningAction[] {
  return allowedWarningActions(status);
}

/** POST /api/warnings/{id}/transitions with the version the planner saw (a stale one gets 409). */
export function transitionRequest(id: string, action: WarningAction, version: number): { path: string; body: { action: WarningAction; version: number } } {
  return { path: `/api/warnings/${encodeURIComponent(id)}/transitions`, body: { action, version } };
}

type P = Record<string, unknown>;

export function warningOrder(a: P, b: P): number {
  const open = (p: P) => (p.status === 'LIFTED' ? 1 : 0);
  return open(a) - open(b) || Number(a.level ?? 9) - Number(b.level ?? 9) || String(b.raised_at ?? '').localeCompare(String(a.raised_at ?? ''));
}
