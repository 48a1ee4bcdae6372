/**
 * Early warnings in the workspace (pure): which steps a person may take on one (acknowledge an active
 * warning, lift an active or acknowledged one), the permission that allows it, the request paths, and the
 * list order (open before lifted, most severe first, newest first).
 */
export const WARNING_WRITE_PERMISSION = 'warnings:write';

export type WarningStep = 'acknowledge' | 'lift';

export function stepsFor(status: string): WarningStep[] {
  if (status === 'ACTIVE') return ['acknowledge', 'lift'];
  if (status === 'ACKNOWLEDGED') return ['lift'];
  return [];
}

export function stepPath(id: string, step: WarningStep): string {
  return `/api/analysis/warnings/${encodeURIComponent(id)}/${step}`;
}

type P = Record<string, unknown>;

export function warningOrder(a: P, b: P): number {
  const open = (p: P) => (p.status === 'LIFTED' ? 1 : 0);
  return open(a) - open(b) || Number(a.level ?? 9) - Number(b.level ?? 9) || String(b.raised_at ?? '').localeCompare(String(a.raised_at ?? ''));
}
