/**
 * Risk grading (docs/api.md "Analysis"): the grades themselves are grid properties in /ogc/collections/grids/items
 * (risk_level, risk_score, risk_factors, risk_model_version, risk_computed_at) and reach clients on the live feed.
 *
 *   POST /api/analysis/risk/recompute            (analysis:run)
 *     grades every grid of the caller's jurisdiction now. 202 { job } — or 200 { job, started: false } when a
 *     grading of that scope is running already. Follow it: GET /api/analysis/jobs/{id}/events (SSE).
 *     The result (job.result): runId, modelVersion, grids, changed, risen, warnings (RISK_RISE raised), levels, ms,
 *     scanned { hotspot, coverage } (HOTSPOT and COVERAGE warnings raised by the scans that follow the grading).
 *   GET /api/analysis/jobs/{id}                  (analysis:read) the job: state running|done|failed, progress, result
 *   GET /api/analysis/jobs/{id}/events           (analysis:read) text/event-stream: `progress` events, then `done` or
 *                                                `failed` (data: the job as JSON); 404 NOT_FOUND outside your scope
 *   GET /api/analysis/risk/model                 (analysis:read) the model: version, factors (weight, saturation,
 *                                                labels), thresholds — what a legend and a factor breakdown need
 *   GET /api/analysis/risk/grids/{code}          (analysis:read) one grid's grade with each factor's contribution,
 *                                                weight and label, largest first; 404 outside your jurisdiction
 */
import { Router, type Request, type Response } from 'express';
import type { Database } from '../../db/core/database.ts';
import { runRiskGrading } from '../../db/analysis/risk-run.ts';
import { scanWarnings } from '../../db/analysis/warning-scan.ts';
import { gridGrade } from '../../db/analysis/coverage-sql.ts';
import { RISK_FACTORS, RISK_MODEL, type RiskFactorName } from '../../domain/analysis/model-config.ts';
import { adminCodesOf, inJurisdiction } from '../../auth/jurisdiction.ts';
import { RISK_LEVEL } from '../../protocol/codes.ts';
import { notFound } from '../../errors.ts';
import { requirePermission } from '../auth/auth-require.ts';
import { readScope } from '../auth/auth-scope.ts';
import type { Job, Jobs } from './jobs.ts';
import { hotspotCellsInWorker, type ComputePool } from './compute-pool.ts';

const GRID_CODE = /^[0-9]{15}$/;

/** A job the caller may see: one whose scope lies inside the caller's jurisdiction. */
function visibleJob(req: Request, jobs: Jobs): Job {
  const job = jobs.get(String(req.params.id));
  if (!job || !inJurisdiction(readScope(req), adminCodesOf([job.scope]))) throw notFound('NOT_FOUND', 'No such analysis job');
  return job;
}

function streamJob(res: Response, jobs: Jobs, job: Job): void {
  res.status(200).set({ 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store', Connection: 'keep-alive', 'X-Accel-Buffering': 'no' });
  res.flushHeaders();
  const send = (j: Job) => res.write(`event: ${j.state === 'running' ? 'progress' : j.state === 'done' ? 'done' : 'failed'}\ndata: ${JSON.stringify(j)}\n\n`);
  send(job);
  if (job.state !== 'running') return void res.end();
  const stop = jobs.follow(job.id, (j) => {
    send(j);
    if (j.state !== 'running') (stop(), res.end());
  });
  res.on('close', stop);
}

export function riskRouter(deps: { db: Database; jobs: Jobs; compute: ComputePool }): Router {
  const router = Router();
  router.post('/api/analysis/risk/recompute', (req, res, next) => {
    try {
      requirePermission(req, 'analysis:run');
      const scope = readScope(req);
      const by = req.principal ? `${req.principal.name} (${req.principal.role})` : null;
      const { job, started } = deps.jobs.start('risk', scope, async (report) => {
        const graded = await runRiskGrading(deps.db, { scope, trigger: 'request', requestedBy: by, onProgress: report });
        return { ...graded, scanned: await scanWarnings(deps.db, scope, hotspotCellsInWorker(deps.compute)) };
      });
      res.status(started ? 202 : 200).set('Cache-Control', 'no-store').json({ job, started });
    } catch (err) {
      next(err);
    }
  });
  router.get('/api/analysis/jobs/:id', (req, res, next) => {
    try {
      requirePermission(req, 'analysis:read');
      res.set('Cache-Control', 'no-store').json(visibleJob(req, deps.jobs));
    } catch (err) {
      next(err);
    }
  });
  router.get('/api/analysis/jobs/:id/events', (req, res, next) => {
    try {
      requirePermission(req, 'analysis:read');
      streamJob(res, deps.jobs, visibleJob(req, deps.jobs));
    } catch (err) {
      next(err);
    }
  });
  router.get('/api/analysis/risk/model', (req, res, next) => {
    try {
      requirePermission(req, 'analysis:read');
      res.json({ version: RISK_MODEL.version, factors: RISK_FACTORS, thresholds: RISK_MODEL.thresholds, levels: RISK_LEVEL, incidents: RISK_MODEL.incidents, fireHazards: RISK_MODEL.fireHazards });
    } catch (err) {
      next(err);
    }
  });
  router.get('/api/analysis/risk/grids/:code', async (req, res, next) => {
    try {
      requirePermission(req, 'analysis:read');
      const code = String(req.params.code);
      const grade = GRID_CODE.test(code) ? await gridGrade(deps.db, code, readScope(req)) : null;
      if (!grade) throw notFound('NOT_FOUND', 'No such grid in your jurisdiction');
      const total = Object.values(RISK_FACTORS).reduce((s, f) => s + f.weight, 0);
      const factors = (Object.keys(RISK_FACTORS) as RiskFactorName[])
        .map((name) => ({ factor: name, zh: RISK_FACTORS[name].zh, en: RISK_FACTORS[name].en, maxPoints: Math.round((RISK_FACTORS[name].weight / total) * 1000) / 10, points: Number(grade.risk_factors?.[name] ?? 0) }))
        .sort((a, b) => b.points - a.points);
      res.set('Cache-Control', 'no-store').json({ ...grade, factors, thresholds: RISK_MODEL.thresholds, currentModelVersion: RISK_MODEL.version });
    } catch (err) {
      next(err);
    }
  });
  return router;
}
