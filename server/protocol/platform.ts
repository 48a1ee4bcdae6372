/**
 * Wire types of the platform endpoints the client reads (server/http/platform/*). Pure types.
 */
import type { CollectionId } from './collections.ts';

/**
 * GET /api/counts: features per collection inside the caller's jurisdiction. A collection the caller may not
 * read (incidents without incidents:read) is absent. `exact` says whether every figure is an exact count
 * (true today) or may be an estimate; `at` is when the figures were computed (they are cached a few seconds).
 */
export interface LayerCountsBody {
  counts: Partial<Record<CollectionId, number>>;
  exact: boolean;
  at: string;
  /** The admin code the figures are scoped to (the principal's jurisdiction; 410500 = the whole city). */
  scope: string;
  /** The area the request narrowed every layer to (?area=), null for none. */
  area?: string | null;
  /** The layers whose figure the request narrowed (by area, filters or time window). */
  narrowed?: CollectionId[];
  /** 在办: open incidents among those counted (incidents only, with incidents:read). */
  open?: Partial<Record<'incidents', number>>;
}

/** GET /api/health, ready (200) — liveness and readiness only; the same for every caller. */
export interface HealthReady {
  status: 'ok';
  startedAt: string;
  readyAt?: string;
  /** Whether this process reads the live change feed (absent where the app runs without one). */
  live?: { running: boolean };
}

/** GET /api/health while starting or unable to serve (503). */
export interface HealthNotReady {
  status: 'starting' | 'migrating' | 'loading' | 'failed' | 'unavailable';
  progress: number;
  step?: string;
  startedAt: string;
}
