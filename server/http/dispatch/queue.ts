/**
 * GET /api/dispatch/queue — the dispatcher's incident queue (docs/api.md "Dispatch").
 *   ?status=REPORTED,ACCEPTED   statuses (comma-separated; default: every open status)
 *   &from=&to=                  reported_at window, ISO 8601 (from inclusive, to exclusive)
 *   &category=01,03             category codes;  &urgency=CRITICAL,URGENT
 *   &area=410502001             an admin code inside your jurisdiction (district, street or community)
 *   &limit=100 (1..500)  &offset=0
 *   200 { items: [{ id, event_no, title, category, category_label, urgency, urgency_label, status, status_label,
 *         bucket, reported_at, deadline, timer_light, supervised, escalated, version, lon, lat, address,
 *         district_code, street_code, community_code, assignments: [{ unitId, unitType, unitName, status,
 *         reinforcement }] }],
 *         counts: { buckets: { TO_ACCEPT, TO_DISPATCH, IN_PROGRESS, TO_CHECK, DONE, SUSPENDED, ENDED },
 *                   total, overdue, nearlyDue, supervised }, limit, offset, at }
 *       items: most urgent first, then RED › YELLOW › GREEN, then oldest. counts follow every filter and the area;
 *       the bucket counts ignore only the status filter (each tab shows its own number).
 *   400 INVALID_QUERY;  403 OUT_OF_JURISDICTION (area outside yours);  needs incidents:read
 */
import { Router, type Request } from 'express';
import { z } from 'zod';
import type { Database } from '../../db/core/database.ts';
import { queueCounts, queueItems, type QueueFilter } from '../../db/dispatch/queue-repository.ts';
import { OPEN_STATUSES } from '../../domain/incidents/lifecycle.ts';
import { ADMIN_CODE, scopeContains } from '../../auth/jurisdiction.ts';
import { INCIDENT_CATEGORY, INCIDENT_STATUS, INCIDENT_URGENCY } from '../../protocol/codes.ts';
import { badRequest } from '../../errors.ts';
import { outOfJurisdiction, readScope } from '../auth/auth-scope.ts';
import { requirePermission } from '../auth/auth-require.ts';
import { sendJson } from './dispatch-http.ts';

export const QUEUE_PATH = '/api/dispatch/queue';

const list = (codes: Record<string, unknown>) =>
  z.string().max(400).transform((s) => [...new Set(s.split(',').map((x) => x.trim()).filter(Boolean))])
    .pipe(z.array(z.enum(Object.keys(codes) as [string, ...string[]])).min(1));
const time = z.iso.datetime({ offset: true }).transform((s) => new Date(s));

const Query = z.strictObject({
  status: list(INCIDENT_STATUS).optional(),
  from: time.optional(),
  to: time.optional(),
  category: list(INCIDENT_CATEGORY).optional(),
  urgency: list(INCIDENT_URGENCY).optional(),
  area: z.string().regex(ADMIN_CODE, 'an admin code (6, 9 or 12 digits)').optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});

function filterOf(req: Request): QueueFilter {
  const parsed = Query.safeParse(req.query);
  if (!parsed.success) {
    throw badRequest('INVALID_QUERY', 'Bad queue query', parsed.error.issues.slice(0, 20).map((i) => ({ path: i.path.join('.'), message: i.message })));
  }
  const q = parsed.data;
  if (q.from && q.to && q.from >= q.to) throw badRequest('INVALID_QUERY', 'from must be before to', [{ path: 'from', message: 'after to' }]);
  const scope = readScope(req);
  if (q.area && !scopeContains(scope, q.area)) throw outOfJurisdiction(`Area ${q.area}`);
  return {
    statuses: q.status ?? OPEN_STATUSES, from: q.from, to: q.to, categories: q.category, urgencies: q.urgency,
    scope, area: q.area, limit: q.limit, offset: q.offset,
  };
}

export function queueRouter(deps: { db: Database }): Router {
  const router = Router();
  router.get(QUEUE_PATH, async (req, res, next) => {
    try {
      requirePermission(req, 'incidents:read');
      const filter = filterOf(req);
      const now = new Date();
      const [items, counts] = await Promise.all([queueItems(deps.db, filter, now), queueCounts(deps.db, filter, now)]);
      sendJson(res, 200, { items, counts, limit: filter.limit, offset: filter.offset, at: now.toISOString() });
    } catch (err) {
      next(err);
    }
  });
  return router;
}
