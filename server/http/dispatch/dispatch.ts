/**
 * The dispatch routes (issue 11; docs/api.md "Dispatch"), one router for the composition root. Each handler
 * asserts its own permission (requirePermission) behind the route table (server/auth/route-permissions.ts).
 *   POST   /api/incidents                              report an incident            incidents:write
 *   GET    /api/dispatch/queue                         the queue with counts         incidents:read
 *   GET    /api/incidents/{id}                         the card: feature, flow, units incidents:read
 *   POST   /api/incidents/{id}/assignments             assign / reassign a unit      dispatch:write
 *   DELETE /api/incidents/{id}/assignments/{unitId}    take a unit off               dispatch:write
 *   GET    /api/incidents/{id}/recommendations         ranked units with reasons     incidents:read + layers:read
 *   GET    /api/incidents/{id}/context                 cameras, checkpoints, …       incidents:read + layers:read
 *   POST   /api/units/{id}/status                      a unit reports its progress   incidents:write
 */
import { Router } from 'express';
import type { Database } from '../../db/core/database.ts';
import type { Router as EtaRouter } from '../../domain/dispatch/router.ts';
import type { UnitIndex } from '../../db/dispatch/units/unit-index.ts';
import { incidentsCreateRouter } from './incidents-create.ts';
import { queueRouter } from './queue.ts';
import { incidentDetailRouter } from './incident-detail.ts';
import { assignmentsRouter } from './assignments.ts';
import { recommendationsRouter } from './recommendations.ts';
import { contextRouter } from './context.ts';
import { unitStatusRouter } from './unit-status.ts';

export interface DispatchDeps {
  db: Database;
  /** Road ETAs (ROUTER_URL) or the estimate. */
  router: EtaRouter;
  /** The units in memory for recommendations (without it they are asked of the database). */
  units?: UnitIndex;
}

export function dispatchRouter(deps: DispatchDeps): Router {
  const router = Router();
  router.use(incidentsCreateRouter(deps));
  router.use(queueRouter(deps));
  router.use(assignmentsRouter(deps));
  router.use(recommendationsRouter(deps));
  router.use(contextRouter(deps));
  router.use(unitStatusRouter(deps));
  router.use(incidentDetailRouter(deps));
  return router;
}
