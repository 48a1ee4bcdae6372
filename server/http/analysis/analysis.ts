/**
 * The planners' analyses (issue 12; docs/api.md "Analysis"): one router mounting the analysis routes, each
 * documented where it is defined — hotspots.ts, emerging.ts, density.ts, coverage.ts, risk.ts (+ jobs.ts),
 * warnings.ts. The study-area cache lives as long as the router; jobs come from the composition root (which also
 * runs the grading schedule, analysis-schedule.ts).
 */
import { Router } from 'express';
import type { Database } from '../../db/core/database.ts';
import { hotspotsRouter } from './hotspots.ts';
import { studyAreas } from './study-areas.ts';
import { riskRouter } from './risk.ts';
import { coverageRouter } from './coverage.ts';
import { warningsRouter } from './warnings.ts';
import type { Jobs } from './jobs.ts';
import { emergingRouter } from './emerging.ts';
import type { ComputePool } from './compute-pool.ts';

export interface AnalysisDeps {
  db: Database;
  jobs: Jobs;
  compute: ComputePool;
}

export function analysisRouter(deps: AnalysisDeps): Router {
  const router = Router();
  const areas = studyAreas(deps.db);
  // emerging before hotspots' own path is irrelevant (distinct paths); both share the study areas.
  router.use(emergingRouter({ db: deps.db, areas, compute: deps.compute }));
  router.use(hotspotsRouter({ db: deps.db, areas, compute: deps.compute }));
  router.use(riskRouter(deps));
  router.use(coverageRouter(deps));
  router.use(warningsRouter(deps));
  return router;
}
