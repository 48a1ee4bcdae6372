/**
 * The warning scans that run after a grading (RISK_RISE warnings are raised by the grading itself, risk-run.ts):
 *   HOTSPOT   cells of the latest period that are NEW or INTENSIFYING hotspots and hot at 99 % (WARNING_RULES.hotspot)
 *   COVERAGE  per street: its populated grids with no available unit of the type within the target minutes
 *             ("no fire unit within 8 minutes"); level 2 when half its population or more is beyond, else 3
 * Causes are keyed (HOTSPOT:<size>:<cell>, COVERAGE:<type>:<street>) so a still-open warning is never raised twice.
 */
import type { Database } from '../core/database.ts';
import { cellCountsByPeriodPacked, studyAreaCellsPacked } from './hotspots-sql.ts';
import { gridPlaceColumns } from './coverage-sql.ts';
import { unitPositions } from './risk-sql.ts';
import { raiseWarnings, type NewWarning } from './warnings-repository.ts';
import type { EmergingCell } from '../../domain/analysis/emerging.ts';
import type { HotspotWarningInput } from '../../domain/analysis/hotspot-warnings.ts';
import { cellKey, cellRing } from '../../domain/analysis/hex-lattice.ts';
import { minutesToNearest, NearestIndex } from '../../domain/analysis/nearest.ts';
import { AVAILABLE_STATUSES, LIMITS, TRAVEL_SPEED_KMH, WARNING_RULES } from '../../domain/analysis/model-config.ts';
import { forEachInSlices } from '../../domain/time-slices.ts';
import { UNIT_TYPE } from '../../protocol/codes.ts';

const DAY_MS = 86_400_000;
const MAX_HOTSPOT_WARNINGS = 20;

/**
 * Finds the cells of a hotspot scan (domain/analysis/hotspot-warnings.ts over the packed input): handed in by the
 * caller, the server's analysis worker, because for the city it is ~50 ms of CPU that must not hold the event loop.
 */
export type HotspotCellFinder = (input: HotspotWarningInput) => Promise<EmergingCell[]>;

export async function hotspotWarnings(db: Database, scope: string, now: Date, findCells: HotspotCellFinder): Promise<NewWarning[]> {
  const { cellMeters, periodDays, periods, trends, level } = WARNING_RULES.hotspot;
  const to = now;
  const from = new Date(to.getTime() - periodDays * periods * DAY_MS);
  // One after the other: the counts take two connections at once, and a third busy database process on two cores
  // would keep the server's thread waiting for a core (server/http/analysis/hotspots.ts does the same).
  const area = await studyAreaCellsPacked(db, scope, cellMeters, LIMITS.hotspots.maxStudyCells);
  const counts = await cellCountsByPeriodPacked(db, { scope, categories: [], from, to }, cellMeters, periodDays * DAY_MS);
  const cells = await findCells({ area, counts, periods, trends, limit: MAX_HOTSPOT_WARNINGS });
  return cells.map((c) => ({
    kind: 'HOTSPOT' as const,
    level,
    title: `事件热点${c.trend === 'NEW' ? '新出现' : '加剧'}`,
    reason: `近${periodDays}天事件${c.counts[c.counts.length - 1]}起，Gi* z=${c.z[c.z.length - 1]!.toFixed(2)}（99%显著，FDR校正），趋势：${c.trend === 'NEW' ? '新热点' : '加剧'}`,
    evidence: { cell: cellKey(c.q, c.r), cellMeters, trend: c.trend, counts: c.counts, z: c.z.map((z) => Math.round(z * 100) / 100), periodDays, periods, mannKendall: { z: c.mkZ, p: c.mkP } },
    causeKey: `HOTSPOT:${cellMeters}:${cellKey(c.q, c.r)}`,
    area: { geometry: { type: 'Polygon' as const, coordinates: [cellRing(c.q, c.r, cellMeters)] } },
  }));
}

export async function coverageWarnings(db: Database, scope: string): Promise<NewWarning[]> {
  const { unitType, minutes, majorShare } = WARNING_RULES.coverage;
  const [grids, units] = await Promise.all([gridPlaceColumns(db, scope, { outlines: false }), unitPositions(db, [unitType], AVAILABLE_STATUSES)]);
  const index = new NearestIndex(units);
  const streets = new Map<string, { population: number; beyond: { code: string; minutes: number | null; population: number }[] }>();
  // The city's 6,249 nearest-unit searches in slices, the event loop turning between them.
  await forEachInSlices(grids.codes, (code, i) => {
    const population = grids.population[i]!;
    if (population <= 0) return;
    const street = code.slice(0, 9);
    const s = streets.get(street) ?? { population: 0, beyond: [] };
    s.population += population;
    const n = index.nearest(grids.lng[i]!, grids.lat[i]!);
    const m = minutesToNearest(n, TRAVEL_SPEED_KMH[unitType]);
    if (m === null || m > minutes) s.beyond.push({ code, minutes: m === null ? null : Math.round(m * 10) / 10, population });
    streets.set(street, s);
  });
  const out: NewWarning[] = [];
  for (const [street, s] of streets) {
    if (!s.beyond.length) continue;
    const pop = s.beyond.reduce((a, b) => a + b.population, 0);
    const share = pop / s.population;
    out.push({
      kind: 'COVERAGE',
      level: share >= majorShare ? 2 : WARNING_RULES.coverage.level,
      title: `${minutes}分钟内无可用${UNIT_TYPE[unitType].zh}力量`,
      reason: `${s.beyond.length}个网格（${pop}人，占${(share * 100).toFixed(1)}%）${minutes}分钟内无可用${UNIT_TYPE[unitType].zh}力量`,
      evidence: { street, unitType, targetMinutes: minutes, grids: s.beyond.slice(0, 200), populationBeyond: pop, population: s.population, units: units.length },
      causeKey: `COVERAGE:${unitType}:${street}`,
      area: { gridCodes: s.beyond.map((b) => b.code) },
    });
  }
  return out;
}

/** Runs both scans and raises their warnings; returns how many were newly raised. */
export async function scanWarnings(db: Database, scope: string, findCells: HotspotCellFinder, now = new Date()): Promise<{ hotspot: number; coverage: number }> {
  const hot = await hotspotWarnings(db, scope, now, findCells);
  const cov = await coverageWarnings(db, scope);
  const hotspot = await db.transaction((tx) => raiseWarnings(tx, hot, now));
  const coverage = await db.transaction((tx) => raiseWarnings(tx, cov, now));
  return { hotspot, coverage };
}
