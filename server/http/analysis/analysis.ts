/**
 * The planners' analyses (issue 12; docs/api.md "Analysis"): one router mounting the analysis routes, each
 * documented where it is defined — hotspots.ts, emerging.ts, density.ts, coverage.ts, risk.ts (+ jobs),
 * warnings.ts. Needs the database; the study-area cache lives as long as the router.
 */
import { Router } from 'express';
import type { Database } from '../../db/core/database.ts';
import { hotspotsRouter } from './hotspots.ts';
import { studyAreas } from './study-areas.ts';

export interface AnalysisDeps {
  db: Database;
}

export function analysisRouter(deps: AnalysisDeps): Router {
  const router = Router();
  const areas = studyAreas(deps.db);
  router.use(hotspotsRouter({ db: deps.db, areas }));
  return router;
}
