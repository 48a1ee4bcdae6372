/**
 * The grading pass of one run, streamed: the measurements of the scope's grids arrive a chunk at a time
 * (measureGridsInChunks in risk-sql.ts); each chunk gets its travel times to the nearest on-duty fire and police
 * unit (in memory), is graded by the pure model, and leaves behind only the level counts and the grades that must
 * be written (needsWrite). Everything else of a chunk is garbage before the next one is fetched, so the young
 * generation never holds the whole city's grids at once (6,249 rows and their grades alive together cost a 30-60 ms
 * scavenge on the server's thread). A chunk's CPU work runs in ~8 ms slices (server/domain/time-slices.ts).
 */
import type { Database } from '../core/database.ts';
import { measureGridsInChunks, unitPositions, type GridMeasure } from './risk-sql.ts';
import { forEachInSlices } from '../../domain/time-slices.ts';
import { gradeGrid, type Grade, type RawFactors } from '../../domain/analysis/risk-model.ts';
import { minutesToNearest, NearestIndex } from '../../domain/analysis/nearest.ts';
import { ON_DUTY_STATUSES, RISK_MODEL, TRAVEL_SPEED_KMH } from '../../domain/analysis/model-config.ts';
import { GRADED_LEVELS } from '../../domain/risk/levels.ts';

/** Grids per FETCH: small enough that a chunk's objects die young, large enough that round trips stay few (13). */
export const GRADE_CHUNK = 500;

/** Minimum score movement that rewrites an unchanged level. */
const SCORE_STEP = 1;

/** A grade is rewritten when its level, its model version or its score (by ≥ 1 point) changed. */
export function needsWrite(m: GridMeasure, g: Grade): boolean {
  return m.oldLevel !== g.level || m.oldVersion !== RISK_MODEL.version || m.oldScore === null || Math.abs(m.oldScore - g.score) >= SCORE_STEP;
}

/** What a changed grade's write and its RISK_RISE warning need of the grid's measure (nothing more is kept). */
export type GradeWriteMeasure = Pick<GridMeasure, 'code' | 'oldLevel' | 'oldScore'>;

export interface GradeWriteItem {
  m: GradeWriteMeasure;
  g: Grade;
}

export interface GradePass {
  grids: number;
  /** Grids per graded level. */
  levels: Record<string, number>;
  /** The grades that changed, in order of grid code. */
  writes: GradeWriteItem[];
}

/** The raw factors of a grid: its measures and its travel minutes from its inner point to the nearest on-duty fire
 * and police unit (null: none on duty). One object per grid, no copy of the whole measure. */
async function rawFactorsOf(db: Database): Promise<(m: GridMeasure) => RawFactors> {
  const { fire, police } = RISK_MODEL.response;
  const units = await unitPositions(db, [fire, police], ON_DUTY_STATUSES);
  const fireIndex = new NearestIndex(units.filter((u) => u.type === fire));
  const policeIndex = new NearestIndex(units.filter((u) => u.type === police));
  const minutes = (idx: NearestIndex, m: GridMeasure, speed: number) => minutesToNearest(idx.nearest(m.lng, m.lat), speed);
  return (m) => ({
    incidents: m.incidents,
    fireHazards: m.fireHazards,
    rentalPerKm2: m.rentalPerKm2,
    floatingPerKm2: m.floatingPerKm2,
    unseenShare: m.unseenShare,
    fireMinutes: minutes(fireIndex, m, TRAVEL_SPEED_KMH[fire]),
    policeMinutes: minutes(policeIndex, m, TRAVEL_SPEED_KMH[police]),
  });
}

/** Grades every grid of `scope` at `now`; `onChunk` hears how many are graded of how many. */
export async function gradeScope(
  db: Database,
  scope: string,
  now: Date,
  onChunk: (done: number, total: number) => void = () => undefined,
  chunkSize = GRADE_CHUNK,
): Promise<GradePass> {
  const rawFactors = await rawFactorsOf(db);
  const levels = Object.fromEntries(GRADED_LEVELS.map((l) => [l, 0])) as Record<string, number>;
  const writes: GradeWriteItem[] = [];
  let done = 0;
  const grids = await measureGridsInChunks(db, scope, now, chunkSize, async (chunk, total) => {
    await forEachInSlices(chunk, (m) => {
      const g = gradeGrid(rawFactors(m));
      levels[g.level]! += 1;
      // Only the three fields of the measure: a first grading keeps all 6,249 grades until they are written, and
      // every byte of them is copied by the scavenges they survive (the whole measure is ~2.5× as much).
      if (needsWrite(m, g)) writes.push({ m: { code: m.code, oldLevel: m.oldLevel, oldScore: m.oldScore }, g });
    });
    done += chunk.length;
    onChunk(done, total);
  });
  return { grids, levels, writes };
}
