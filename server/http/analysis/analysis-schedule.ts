/**
 * The scheduled analyses: every RISK_RECOMPUTE_MINUTES the camera coverage of the city is refreshed and every grid
 * graded (as the job kinds 'coverage' and 'risk', scope = the city), and at start-up once when no grid carries a
 * grade yet. RISK_RECOMPUTE_MINUTES=0 switches both off: grading then runs only when a planner asks for it. Timers are unref'd; stop() clears them and waits for a running job.
 */
import type { Database } from '../../db/core/database.ts';
import type { Logger } from '../../logger.ts';
import { CITY_CODE } from '../../protocol/geo.ts';
import { runRiskGrading, type RunTrigger } from '../../db/analysis/risk-run.ts';
import { refreshScopeCoverage } from './coverage.ts';
import { scanWarnings } from '../../db/analysis/warning-scan.ts';
import type { Jobs } from './jobs.ts';
import { hotspotCellsInWorker, type ComputePool } from './compute-pool.ts';

export interface AnalysisSchedule {
  /** Runs coverage then grading for the city unless one runs already; resolves when it ends. */
  runNow(trigger: RunTrigger): Promise<void>;
  stop(): Promise<void>;
}

export function startAnalysisSchedule(deps: { db: Database; log: Logger; jobs: Jobs; compute: ComputePool; minutes: number; gradeIfUngraded: boolean }): AnalysisSchedule {
  const { db, log, jobs } = deps;
  let stopped = false;
  const runNow = async (trigger: RunTrigger) => {
    if (stopped) return;
    const cov = jobs.start('coverage', CITY_CODE, (report) => refreshScopeCoverage(db, CITY_CODE, report));
    await waitFor(jobs, cov.job.id);
    const risk = jobs.start('risk', CITY_CODE, async (report) => {
      const graded = await runRiskGrading(db, { scope: CITY_CODE, trigger, onProgress: report });
      return { ...graded, scanned: await scanWarnings(db, CITY_CODE, hotspotCellsInWorker(deps.compute)) };
    });
    await waitFor(jobs, risk.job.id);
    log.info({ trigger, result: jobs.get(risk.job.id)?.result }, 'risk grading finished');
  };
  const timer = deps.minutes > 0 ? setInterval(() => void runNow('schedule').catch((err: Error) => log.error({ err }, 'scheduled grading failed')), deps.minutes * 60_000) : null;
  timer?.unref();
  if (deps.gradeIfUngraded && deps.minutes > 0) {
    void db
      .query<{ n: number }>('SELECT count(*)::integer AS n FROM grids WHERE risk_level IS NOT NULL')
      .then(({ rows }) => (rows[0]!.n === 0 ? runNow('startup') : undefined))
      .catch((err: Error) => log.error({ err }, 'start-up grading failed'));
  }
  return {
    runNow,
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      await jobs.settled();
    },
  };
}

function waitFor(jobs: Jobs, id: string): Promise<void> {
  return new Promise((resolve) => {
    const j = jobs.get(id);
    if (!j || j.state !== 'running') return resolve();
    const stop = jobs.follow(id, (job) => job.state !== 'running' && (stop(), resolve()));
  });
}
