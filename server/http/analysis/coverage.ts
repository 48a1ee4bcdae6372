/**
 * Coverage (docs/api.md "Analysis").
 *
 *   GET /api/analysis/coverage/cameras?grid=&refresh=&format=       (analysis:read)
 *     camera coverage per grid of the caller's jurisdiction: each feature is a grid's blind-spot polygon (the part
 *     no working camera's sector reaches), properties grid_code, name, area_m2, seen_m2, seen_share (0..1), cameras,
 *     computed_at. With grid=<15-digit code> that one grid, computed now. Without it, the stored figures of the last
 *     coverage refresh; refresh=true (analysis:run) starts a refresh job instead (202 { job }, follow its events).
 *     A scope never refreshed is refreshed in the request. Top-level kind "camera-coverage", parameters (camera
 *     ranges by PTZ type, sector segments), summary (grids, mean share, grids under 20 %).
 *   GET /api/analysis/coverage/response?unitType=&minutes=&format=  (analysis:read)
 *     minutes to the nearest AVAILABLE unit of the type from each grid (straight line × road circuity ÷ the type's
 *     speed; model-config.ts), beyond = minutes > target. unitType default FIRE_RESCUE; minutes default the type's
 *     target (RESPONSE_TARGET_MIN), 1..120. Features: grid outlines with grid_code, name, population, minutes,
 *     beyond, nearest_unit_id (null when that unit lies outside your jurisdiction). summary: grids, beyond,
 *     population beyond.
 *   400 UNKNOWN_PARAMETER INVALID_PARAMETER PARAMETER_OUT_OF_RANGE INVALID_FORMAT; 404 NOT_FOUND (grid outside scope)
 */
import { Router } from 'express';
import type { Database } from '../../db/core/database.ts';
import { gridCodes, gridPlaceColumns, refreshCoverage, storedCoverage } from '../../db/analysis/coverage-sql.ts';
import { unitPositions } from '../../db/analysis/risk-sql.ts';
import { minutesToNearest, NearestIndex } from '../../domain/analysis/nearest.ts';
import { AVAILABLE_STATUSES, CAMERA_RANGE_M, LIMITS, MODEL_VERSION, RESPONSE_TARGET_MIN, ROAD_CIRCUITY, SECTOR_SEGMENTS_PER_CIRCLE, TRAVEL_SPEED_KMH, type UnitType } from '../../domain/analysis/model-config.ts';
import { inJurisdiction } from '../../auth/jurisdiction.ts';
import { UNIT_TYPE } from '../../protocol/codes.ts';
import { notFound } from '../../errors.ts';
import { requirePermission } from '../auth/auth-require.ts';
import { readScope } from '../auth/auth-scope.ts';
import { boolParam, codeParam, enumParam, formatParam, intParam, rejectUnknown } from './analysis-params.ts';
import { TEXT_GEOMETRY_PIECE, TextGeometryWriter, type ResultCollection, type TextGeometryFeature } from './analysis-output.ts';
import { round } from './analysis-results.ts';
import { sendEncoded, sendResult } from './analysis-send.ts';
import { yieldToLoop } from '../../domain/time-slices.ts';
import type { Jobs } from './jobs.ts';

const COVERAGE_BATCH = 400;

/** Refreshes the camera coverage of a scope's grids in batches (progress per batch). */
export async function refreshScopeCoverage(db: Database, scope: string, report: (p: { phase: string; done: number; total: number }) => void = () => undefined) {
  const codes = await gridCodes(db, scope);
  for (let i = 0; i < codes.length; i += COVERAGE_BATCH) {
    await refreshCoverage(db, codes.slice(i, i + COVERAGE_BATCH));
    report({ phase: 'coverage', done: Math.min(codes.length, i + COVERAGE_BATCH), total: codes.length });
  }
  return { scope, grids: codes.length };
}

export function coverageRouter(deps: { db: Database; jobs: Jobs }): Router {
  const router = Router();
  router.get('/api/analysis/coverage/cameras', async (req, res, next) => {
    try {
      requirePermission(req, 'analysis:read');
      rejectUnknown(req.query, ['grid', 'refresh', 'format']);
      const scope = readScope(req);
      const grid = codeParam(req.query, 'grid', /^[0-9]{15}$/);
      const format = formatParam(req.query);
      if (boolParam(req.query, 'refresh', false)) {
        requirePermission(req, 'analysis:run');
        const { job, started } = deps.jobs.start('coverage', scope, (report) => refreshScopeCoverage(deps.db, scope, report));
        return void res.status(started ? 202 : 200).json({ job, started });
      }
      if (grid) {
        if (!(await gridCodes(deps.db, scope)).includes(grid)) throw notFound('NOT_FOUND', 'No such grid in your jurisdiction');
        await refreshCoverage(deps.db, [grid]);
      }
      let rows = await storedCoverage(deps.db, scope, grid);
      if (!rows.length && !grid) {
        await refreshScopeCoverage(deps.db, scope);
        rows = await storedCoverage(deps.db, scope);
      }
      const result: ResultCollection = {
        type: 'FeatureCollection',
        kind: 'camera-coverage',
        parameters: { modelVersion: MODEL_VERSION, scope, grid: grid ?? null, cameraRangeMetresByPtzType: CAMERA_RANGE_M, sectorSegmentsPerCircle: SECTOR_SEGMENTS_PER_CIRCLE, cameras: 'status ON; sector = position, direction_deg (compass), fov_deg; no direction/fov = full circle' },
        summary: {
          grids: rows.length,
          meanSeenShare: rows.length ? round(rows.reduce((s, r) => s + Number(r.seen_share), 0) / rows.length, 4) : null,
          gridsUnder20Percent: rows.filter((r) => Number(r.seen_share) < 0.2).length,
        },
        features: rows.map((r) => ({
          type: 'Feature',
          id: r.grid_code,
          geometry: r.blind,
          properties: { grid_code: r.grid_code, name: r.name, area_m2: Math.round(Number(r.area_m2)), seen_m2: Math.round(Number(r.seen_m2)), seen_share: round(Number(r.seen_share), 4), cameras: r.cameras, computed_at: new Date(r.computed_at).toISOString() },
        })),
      };
      await sendResult(req, res, format, result, `camera-coverage-${grid ?? scope}`);
    } catch (err) {
      next(err);
    }
  });

  router.get('/api/analysis/coverage/response', async (req, res, next) => {
    try {
      requirePermission(req, 'analysis:read');
      rejectUnknown(req.query, ['unitType', 'minutes', 'format']);
      const scope = readScope(req);
      const unitType = enumParam(req.query, 'unitType', Object.keys(UNIT_TYPE) as UnitType[], 'FIRE_RESCUE');
      const minutes = intParam(req.query, 'minutes', { ...LIMITS.response.minutes, default: RESPONSE_TARGET_MIN[unitType] });
      const format = formatParam(req.query);
      const [grids, units] = await Promise.all([gridPlaceColumns(deps.db, scope), unitPositions(deps.db, [unitType], AVAILABLE_STATUSES)]);
      const index = new NearestIndex(units);
      const byId = new Map(units.map((u) => [u.id, u]));
      const out = new TextGeometryWriter(format);
      let beyond = 0;
      let populationBeyond = 0;
      let population = 0;
      // A piece at a time, with a turn of the event loop between pieces: each piece's nearest-unit searches and its
      // features become bytes at once (6,249 searches and features at a time held the event loop for tens of ms).
      for (let start = 0; start < grids.codes.length; start += TEXT_GEOMETRY_PIECE) {
        if (start > 0) await yieldToLoop();
        const piece: TextGeometryFeature[] = [];
        for (let i = start; i < Math.min(start + TEXT_GEOMETRY_PIECE, grids.codes.length); i++) {
          const n = index.nearest(grids.lng[i]!, grids.lat[i]!);
          const m = minutesToNearest(n, TRAVEL_SPEED_KMH[unitType]);
          const isBeyond = m === null || m > minutes;
          population += grids.population[i]!;
          if (isBeyond) (beyond++, (populationBeyond += grids.population[i]!));
          const unit = n ? byId.get(n.id)! : null;
          const visible = unit && inJurisdiction(scope, { district_code: unit.districtCode, street_code: unit.streetCode, community_code: unit.communityCode });
          const code = grids.codes[i]!;
          piece.push({
            id: code,
            geometry: grids.outlines[i]!,
            properties: { grid_code: code, name: grids.names[i], population: grids.population[i], minutes: m === null ? null : round(m, 1), beyond: isBeyond, nearest_unit_id: visible ? unit.id : null },
          });
        }
        out.add(piece);
      }
      await sendEncoded(req, res, out.finish({
        type: 'FeatureCollection',
        kind: 'response-coverage',
        parameters: { modelVersion: MODEL_VERSION, scope, unitType, targetMinutes: minutes, unitStatuses: AVAILABLE_STATUSES, roadCircuity: ROAD_CIRCUITY, speedKmh: TRAVEL_SPEED_KMH[unitType], measuredFrom: 'a point inside each grid (ST_PointOnSurface)', units: units.length },
        summary: { grids: grids.codes.length, beyond, populationBeyond, population },
      }), `response-${unitType}-${minutes}min-${scope}`);
    } catch (err) {
      next(err);
    }
  });
  return router;
}
