/**
 * THE dispatch configuration: every number and table the dispatch rules use, in one place (a city replaces them
 * here; README "Dispatch configuration" mirrors this file). Pure data.
 *
 *   capability   which unit types may handle an incident category, in order of preference
 *   speedKmh     the average road speed of a unit type (urban, with lights where it has them)
 *   circuity     road distance ÷ straight-line distance (planning studies use ≈ 1.6; shared DOMAIN.md)
 *   targetMinutes the response target per unit type (DOMAIN.md "Response targets"): a grid is covered by a type
 *                when an available unit of it reaches the grid's centre within this time
 *   cameraRangeMeters how far a camera of a GB/T 28181 PTZ type sees usefully (identification range)
 *   timeLimits   incident time limits per category × urgency (hours; the lifecycle's deadline rule reads them)
 *   context      the radii of the incident's surroundings
 */
import type { INCIDENT_CATEGORY, UNIT_TYPE } from '../../protocol/codes.ts';
import { DEFAULT_TIME_LIMITS, type TimeLimits } from '../incidents/lifecycle.ts';

export type UnitType = keyof typeof UNIT_TYPE;
export type IncidentCategory = keyof typeof INCIDENT_CATEGORY;

export interface DispatchConfig {
  capability: Readonly<Record<IncidentCategory, readonly UnitType[]>>;
  speedKmh: Readonly<Record<UnitType, number>>;
  circuity: number;
  targetMinutes: Readonly<Record<UnitType, number>>;
  cameraRangeMeters: Readonly<Record<string, number>>;
  timeLimits: TimeLimits;
  context: {
    /** Cameras are looked for up to this distance; those that see the point are the ones within their own range. */
    camerasWithinMeters: number;
    /** Checkpoints and e-gates on the ring around the scene (interception): inner and outer radius. */
    checkpointRing: { innerMeters: number; outerMeters: number };
    hazardsWithinMeters: number;
    rentalsWithinMeters: number;
    keyPlacesWithinMeters: number;
    depotsWithinMeters: number;
    /** At most this many entries per list. */
    maxPerList: number;
  };
  recommendation: {
    defaultLimit: number;
    maxLimit: number;
  };
}

const capability: DispatchConfig['capability'] = Object.freeze({
  '01': ['GRID_WORKER', 'POLICE_PATROL', 'VOLUNTEER'], // 矛盾纠纷: the grid worker mediates, police when it escalates
  '02': ['POLICE_PATROL', 'GRID_WORKER'], // 治安隐患
  '03': ['FIRE_RESCUE', 'RESCUE_TEAM', 'POLICE_PATROL', 'GRID_WORKER'], // 安全隐患 (消防/燃气/危化/房屋/道路交通)
  '04': ['GRID_WORKER', 'POLICE_PATROL'], // 特殊人群服务管理
  '05': ['GRID_WORKER', 'POLICE_PATROL', 'VOLUNTEER'], // 重点青少年
  '06': ['GRID_WORKER', 'VOLUNTEER'], // 城市管理
  '07': ['GRID_WORKER', 'RESCUE_TEAM'], // 生态环境
  '08': ['GRID_WORKER', 'VOLUNTEER'], // 民生服务
  '09': ['POLICE_PATROL', 'GRID_WORKER'], // 信访稳定/群体性事件
  '10': ['MEDICAL', 'GRID_WORKER'], // 公共卫生
  '11': ['FIRE_RESCUE', 'RESCUE_TEAM', 'SOCIAL_RESCUE', 'MEDICAL', 'VOLUNTEER'], // 自然灾害
  '12': ['POLICE_PATROL', 'GRID_WORKER'], // 电信网络诈骗
  '13': ['POLICE_PATROL', 'GRID_WORKER'], // 校园及周边安全
  '14': ['POLICE_PATROL', 'GRID_WORKER'], // 护路护线
  '15': ['POLICE_PATROL', 'MEDICAL', 'VOLUNTEER'], // 大型活动安全
  '99': ['GRID_WORKER', 'POLICE_PATROL'], // 其他
});

export const DISPATCH_CONFIG: DispatchConfig = Object.freeze({
  capability,
  speedKmh: Object.freeze({
    POLICE_PATROL: 40,
    FIRE_RESCUE: 45,
    MEDICAL: 45,
    GRID_WORKER: 15, // on foot or e-bike
    RESCUE_TEAM: 35,
    SOCIAL_RESCUE: 30,
    VOLUNTEER: 12,
  }),
  circuity: 1.6,
  targetMinutes: Object.freeze({
    FIRE_RESCUE: 5, // 建标152-2017: the crew reaches its area's edge within 5 min
    MEDICAL: 12, // big cities' average response ≈ 12 min
    POLICE_PATROL: 5, // 110: ≈ 5 min urban
    GRID_WORKER: 15, // their own grid
    RESCUE_TEAM: 20,
    SOCIAL_RESCUE: 30,
    VOLUNTEER: 20,
  }),
  cameraRangeMeters: Object.freeze({
    '1': 150, // 球机 (PTZ dome: zoom)
    '2': 30, // 半球
    '3': 60, // 固定枪机
    '4': 100, // 遥控枪机 (zoom)
    '5': 40, // 遥控半球
    '6': 120, // 多目全景
    '7': 100, // 多目分割
  }),
  timeLimits: Object.freeze({
    byUrgency: DEFAULT_TIME_LIMITS.byUrgency, // 特急 2 h, 紧急 24 h, 一般 72 h
    byCategory: Object.freeze({
      '03': { CRITICAL: 1, URGENT: 12 }, // 安全隐患: fire, gas, hazardous chemicals cannot wait
      '09': { CRITICAL: 1, URGENT: 12 }, // 群体性事件
      '10': { CRITICAL: 1, URGENT: 12 }, // 公共卫生
      '11': { CRITICAL: 1, URGENT: 12 }, // 自然灾害
      '06': { NORMAL: 120 }, // 城市管理: 5 days
      '08': { NORMAL: 120 }, // 民生服务: 5 days
    }),
  }),
  context: Object.freeze({
    camerasWithinMeters: 250,
    checkpointRing: Object.freeze({ innerMeters: 300, outerMeters: 3000 }),
    hazardsWithinMeters: 500,
    rentalsWithinMeters: 300,
    keyPlacesWithinMeters: 1000,
    depotsWithinMeters: 15_000,
    maxPerList: 30,
  }),
  recommendation: Object.freeze({ defaultLimit: 5, maxLimit: 20 }),
});

/** The unit types that may handle a category (unknown categories: those of 99 其他). */
export function capableTypes(category: string, config: DispatchConfig = DISPATCH_CONFIG): readonly UnitType[] {
  return Object.hasOwn(config.capability, category) ? config.capability[category as IncidentCategory] : config.capability['99'];
}

/** The straight-line radius a unit type covers within its target minutes (metres). */
export function coverageRadiusMeters(type: UnitType, config: DispatchConfig = DISPATCH_CONFIG): number {
  return (config.targetMinutes[type] * 60 * config.speedKmh[type] * 1000) / 3600 / config.circuity;
}

/** A camera's useful range by PTZ type (unknown types: the smallest range listed). */
export function cameraRangeMeters(ptzType: string | number, config: DispatchConfig = DISPATCH_CONFIG): number {
  const key = String(ptzType);
  return Object.hasOwn(config.cameraRangeMeters, key) ? config.cameraRangeMeters[key]! : Math.min(...Object.values(config.cameraRangeMeters));
}
