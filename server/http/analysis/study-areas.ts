/**
 * The study areas of the lattice analyses, cached: the cells of a jurisdiction for a cell size change only when
 * admin boundaries do (never at run time), so each (scope, cellMeters) is computed once per process; at most
 * MAX_ENTRIES are kept (oldest dropped), a failed computation is not kept.
 */
import type { Database } from '../../db/core/database.ts';
import { studyAreaCellsPacked } from '../../db/analysis/hotspots-sql.ts';
import { LIMITS } from '../../domain/analysis/model-config.ts';
import { badRequest } from '../../errors.ts';

export interface StudyAreas {
  /** The cells as (q, r) pairs (hotspots-sql.ts studyAreaCellsPacked). */
  cells(scope: string, cellMeters: number): Promise<Int32Array>;
}

const MAX_ENTRIES = 48;

export function studyAreas(db: Database): StudyAreas {
  const cache = new Map<string, Promise<Int32Array>>();
  return {
    cells(scope, cellMeters) {
      const key = `${scope}|${cellMeters}`;
      const hit = cache.get(key);
      if (hit) return hit;
      const made = studyAreaCellsPacked(db, scope, cellMeters, LIMITS.hotspots.maxStudyCells).catch((err: unknown) => {
        cache.delete(key);
        if (err instanceof RangeError) {
          throw badRequest('STUDY_AREA_TOO_LARGE', `The area holds more than ${LIMITS.hotspots.maxStudyCells} cells of ${cellMeters} m: choose a larger cellMeters`, { cellMeters });
        }
        throw err;
      });
      cache.set(key, made);
      while (cache.size > MAX_ENTRIES) cache.delete(cache.keys().next().value as string);
      return made;
    },
  };
}
