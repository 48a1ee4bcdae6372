/**
 * THE configuration of the planners' analyses, versioned: the risk model (factors, weights, saturation points,
 * thresholds), camera ranges by type, travel speeds and response targets per unit type, the warning rules and the
 * parameter limits of every analysis. A result names the version that made it (`risk_model_version`,
 * `parameters.modelVersion`). Change a number here ⇒ bump MODEL_VERSION. Pure data; the client imports it for legends.
 *
 * Sources of the defaults: shared DOMAIN.md "Response targets" (fire 5 min travel after turn-out — 建标152-2017 /
 * GB 51080; 120 medical ≈ 12 min city average; police 110 ≈ 5 min urban; road circuity ≈ 1.6 over straight lines).
 * Camera ranges are typical usable identification distances by housing (our proposal; a city replaces them).
 */
import type { LevelThresholds } from '../risk/levels.ts';
import type { UNIT_TYPE } from '../../protocol/codes.ts';

export const MODEL_VERSION = 'risk-2026.12-a';

export type UnitType = keyof typeof UNIT_TYPE;

/** Usable range (metres) by GB/T 28181 PTZ type; the field of view is each camera's own `fov_deg`. */
export const CAMERA_RANGE_M: Readonly<Record<string, number>> = {
  '1': 120, // 球机 dome (PTZ): turns, so its sector is its whole fov (usually 360°)
  '2': 30, // 半球 hemisphere (entrances, indoors)
  '3': 60, // 固定枪机 fixed bullet
  '4': 100, // 遥控枪机 remote bullet (zoom)
  '5': 40, // 遥控半球
  '6': 80, // 多目全景 panoramic
  '7': 70, // 多目分割
};
/** Arc segments per full circle when a sector is drawn as a polygon. */
export const SECTOR_SEGMENTS_PER_CIRCLE = 32;

/** Straight-line distance × this = road distance (DOMAIN.md). */
export const ROAD_CIRCUITY = 1.6;

/** Average travel speed on the road, km/h, per unit type (our proposal). */
export const TRAVEL_SPEED_KMH: Readonly<Record<UnitType, number>> = {
  POLICE_PATROL: 35,
  FIRE_RESCUE: 40,
  MEDICAL: 40,
  GRID_WORKER: 12,
  RESCUE_TEAM: 40,
  SOCIAL_RESCUE: 35,
  VOLUNTEER: 12,
};

/** Target travel minutes to a grid per unit type (the default of /coverage/response?minutes=). */
export const RESPONSE_TARGET_MIN: Readonly<Record<UnitType, number>> = {
  POLICE_PATROL: 5,
  FIRE_RESCUE: 5,
  MEDICAL: 12,
  GRID_WORKER: 15,
  RESCUE_TEAM: 30,
  SOCIAL_RESCUE: 30,
  VOLUNTEER: 30,
};

/** Unit statuses a unit counts as reachable from: the response coverage reads "available now". */
export const AVAILABLE_STATUSES = ['AVAILABLE'] as const;
/** The risk model reads the standing capacity: every unit on duty, busy or not (grades must not flicker). */
export const ON_DUTY_STATUSES = ['AVAILABLE', 'DISPATCHED', 'EN_ROUTE', 'ON_SCENE'] as const;

/**
 * One factor: its raw value is turned into 0..1 by `saturation` (value / saturation, capped at 1, or the
 * response factors' own ramp) and contributes weight × that × 100 / Σ weights points to a 0..100 score.
 */
export interface RiskFactor {
  weight: number;
  /** The raw value at which the factor reaches its full weight. */
  saturation: number;
  zh: string;
  en: string;
  unit: string;
}

export const RISK_FACTORS = {
  incidents: { weight: 30, saturation: 25, zh: '近期事件（时间衰减、按类别加权）', en: 'Recent incidents (time-decayed, weighted by category)', unit: 'weighted incidents' },
  fireHazards: { weight: 20, saturation: 6, zh: '未销号火灾隐患（按等级加权）', en: 'Open fire hazards (weighted by grade)', unit: 'weighted hazards' },
  rental: { weight: 10, saturation: 400, zh: '出租房屋密度', en: 'Rental housing density', unit: 'units per km²' },
  floating: { weight: 10, saturation: 1500, zh: '流动人口密度', en: 'Floating population density', unit: 'persons per km²' },
  cameraGap: { weight: 10, saturation: 1, zh: '视频覆盖缺口', en: 'Camera coverage gap', unit: 'share of the grid unseen' },
  fireResponse: { weight: 10, saturation: 2, zh: '最近消防力量到达时间', en: 'Time to the nearest fire unit', unit: 'minutes beyond target ÷ target' },
  policeResponse: { weight: 10, saturation: 2, zh: '最近巡逻警力到达时间', en: 'Time to the nearest police patrol', unit: 'minutes beyond target ÷ target' },
} as const satisfies Record<string, RiskFactor>;
export type RiskFactorName = keyof typeof RISK_FACTORS;

export const RISK_MODEL = {
  version: MODEL_VERSION,
  factors: RISK_FACTORS,
  thresholds: { major: 55, larger: 35, general: 18 } satisfies LevelThresholds,
  incidents: {
    /** Incidents older than this do not count. */
    windowDays: 90,
    /** Weight halves every halfLifeDays. */
    halfLifeDays: 21,
    /** Category weights (INCIDENT_CATEGORY codes); others weigh `otherWeight`. */
    categoryWeights: { '01': 1.2, '02': 1.5, '03': 1.5, '09': 2, '11': 1.5, '12': 1, '13': 1.5, '15': 1.5 } as Readonly<Record<string, number>>,
    otherWeight: 0.6,
  },
  fireHazards: { gradeWeights: { MAJOR: 3, GENERAL: 1 } as Readonly<Record<string, number>>, overdueFactor: 1.5 },
  /** Response factors: 0 at or below the target, rising linearly to 1 at target × (1 + saturation). */
  response: { fire: 'FIRE_RESCUE', police: 'POLICE_PATROL' } as const satisfies Record<string, UnitType>,
  /**
   * Changed grades are written in batches of this many (each batch one UPDATE in its own transaction; the change feed
   * carries the changed rows). 250, not 1,000: each commit is a burst the live feed reads and hands on, and the
   * write's parameters are built on the server's thread — a first grading (6,249 grades) held it 20-36 ms at p99 in
   * batches of 1,000, 12-17 ms in batches of 250 (docs/operations.md, analysis).
   */
  batchSize: 250,
  /** Scheduled recompute interval (RISK_RECOMPUTE_MINUTES overrides; 0 switches the schedule off). */
  scheduleMinutes: 60,
} as const;

export const WARNING_RULES = {
  /** A grid whose grade rises to one of these raises a RISK_RISE warning (level = the grade's warning level). */
  riskRiseTo: ['MAJOR', 'LARGER'] as const,
  /** An emerging-hotspot scan raises HOTSPOT warnings for cells of these trends that are hot at 99 %. */
  hotspot: { trends: ['NEW', 'INTENSIFYING'] as const, level: 2 as const, cellMeters: 500, periodDays: 7, periods: 8 },
  /** "No fire unit within 8 minutes": one COVERAGE warning per street over its populated grids beyond the target. */
  coverage: { unitType: 'FIRE_RESCUE' as UnitType, minutes: 8, level: 3 as const, majorShare: 0.5 },
};

/** Parameter limits of the analyses (400 outside them). */
export const LIMITS = {
  hotspots: { cellMeters: { min: 200, max: 5000, default: 500 }, defaultWindowDays: 90, maxWindowDays: 400, maxStudyCells: 120_000 },
  emerging: { periodDays: { min: 1, max: 90, default: 7 }, periods: { min: 3, max: 26, default: 8 } },
  density: { cellMeters: { min: 100, max: 2000, default: 250 }, bandwidthMeters: { min: 200, max: 10_000, default: 1000 }, maxCells: 600_000 },
  response: { minutes: { min: 1, max: 120 } },
};
