/**
 * The coverage cost of sending a unit (domain/dispatch/coverage.ts), remembered per unit of the units index while
 * nothing it is computed from changes: the unit itself (the set's record of it, replaced by every change of the
 * unit), the AVAILABLE units of its type (UnitSet.versionOf: one arrives, leaves or moves), and the grid centres
 * (the index of one grid_centres version). Any of them changing makes the next question compute it again, so a
 * remembered cost is always the one computing it now would give. The cost was about a third of a recommendation's
 * work in memory (the grids around each of five units, each checked for another unit that reaches it), and the same
 * units are asked about again and again: by every dispatcher looking at incidents near each other, and by each
 * refresh of an incident card. One memo per unit set (a reload of the index starts afresh); at most one entry per unit.
 */
import type { CoverageCost } from '../../../domain/dispatch/coverage.ts';
import type { GridCentreIndex } from '../grid-centres.ts';
import type { IndexedUnit, UnitSet } from './unit-set.ts';

interface Entry {
  unit: IndexedUnit;
  typeVersion: number;
  centres: GridCentreIndex;
  cost: CoverageCost;
}

const memos = new WeakMap<UnitSet, Map<string, Entry>>();

/**
 * The coverage cost of sending `candidate` from `compute`, or remembered from an earlier call of the same unit record,
 * type version and grid centres. Only a candidate the set holds as it is (same type and position) is remembered.
 */
export function rememberedCoverageCost(
  set: UnitSet,
  candidate: Pick<IndexedUnit, 'id' | 'type' | 'lon' | 'lat'>,
  centres: GridCentreIndex,
  compute: () => CoverageCost,
): CoverageCost {
  const unit = set.get(candidate.id);
  if (!unit || unit.type !== candidate.type || unit.lon !== candidate.lon || unit.lat !== candidate.lat) return compute();
  let memo = memos.get(set);
  if (!memo) memos.set(set, (memo = new Map()));
  const typeVersion = set.versionOf(unit.type);
  const hit = memo.get(unit.id);
  if (hit && hit.unit === unit && hit.typeVersion === typeVersion && hit.centres === centres) return hit.cost;
  const cost = compute();
  memo.set(unit.id, { unit, typeVersion, centres, cost });
  return cost;
}
