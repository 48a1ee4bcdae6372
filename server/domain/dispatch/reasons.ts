/**
 * Why a unit is suggested, in the operators' words (zh first, en second): what it can handle, how far it is, when it
 * arrives (and whether that is the road router's figure or the estimate), its status, whether it crosses a district
 * border (跨区增援), and what its departure leaves uncovered. Pure.
 */
import { INCIDENT_CATEGORY, UNIT_STATUS, UNIT_TYPE } from '../../protocol/codes.ts';
import type { CoverageCost } from './coverage.ts';
import type { RouteLeg } from './router.ts';
import type { UnitType } from './dispatch-config.ts';

export type ReasonCode = 'CAPABILITY' | 'DISTANCE' | 'ETA' | 'STATUS' | 'REINFORCEMENT' | 'COVERAGE';

export interface Reason {
  code: ReasonCode;
  zh: string;
  en: string;
  value?: number | string;
}

const km = (m: number) => (m / 1000).toFixed(1);
const minutes = (s: number) => Math.max(1, Math.round(s / 60));
const label = (list: Record<string, { zh: string; en: string }>, code: string) => list[code] ?? { zh: code, en: code };

export function recommendationReasons(args: {
  category: string;
  unitType: UnitType;
  status: string;
  straightMeters: number;
  leg: RouteLeg;
  /** The unit's own district when it crosses into the incident's (跨区增援): its code and its name. */
  reinforcementFrom: { code: string; name: string | null } | null;
  coverage: CoverageCost;
}): Reason[] {
  const cat = label(INCIDENT_CATEGORY, args.category);
  const type = label(UNIT_TYPE, args.unitType);
  const status = label(UNIT_STATUS, args.status);
  const how = args.leg.source === 'router' ? { zh: '路网', en: 'road network' } : { zh: '估算', en: 'estimate' };
  const reasons: Reason[] = [
    { code: 'CAPABILITY', zh: `${type.zh}可处置“${cat.zh}”类事件`, en: `${type.en} handles ${cat.en}`, value: args.unitType },
    { code: 'DISTANCE', zh: `直线距离 ${km(args.straightMeters)} 公里`, en: `${km(args.straightMeters)} km away`, value: Math.round(args.straightMeters) },
    { code: 'ETA', zh: `预计 ${minutes(args.leg.etaSeconds)} 分钟到达（${how.zh}）`, en: `ETA ${minutes(args.leg.etaSeconds)} min (${how.en})`, value: Math.round(args.leg.etaSeconds) },
    { code: 'STATUS', zh: `状态：${status.zh}`, en: `Status: ${status.en}`, value: args.status },
  ];
  if (args.reinforcementFrom) {
    const from = args.reinforcementFrom;
    const name = from.name ?? from.code;
    reasons.push({ code: 'REINFORCEMENT', zh: `跨区增援（来自${name}）`, en: `Reinforcement from ${name}`, value: from.code });
  }
  const c = args.coverage;
  reasons.push(
    c.gridsUncovered
      ? { code: 'COVERAGE', zh: `派出后 ${c.gridsUncovered} 个网格 ${c.targetMinutes} 分钟内无${type.zh}可达`, en: `Leaves ${c.gridsUncovered} grids without ${type.en} within ${c.targetMinutes} min`, value: c.gridsUncovered }
      : { code: 'COVERAGE', zh: `派出后周边网格仍有${type.zh}覆盖`, en: `Nearby grids stay covered by ${type.en}`, value: 0 },
  );
  return reasons;
}
