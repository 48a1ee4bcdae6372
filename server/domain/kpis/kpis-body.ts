/**
 * The answer of GET /api/kpis (docs/api.md "KPIs"): the big screen's figures for one admin unit, as the wall shows
 * them (client/src/features/wall) and tests read them. Counts are plain integers, rates are ratios 0..1 (null when
 * there is nothing to divide by), durations are hours. How the wall writes them: server/domain/kpis/format.ts.
 */
import type { IncidentBucket } from '../incidents/lifecycle.ts';

/** The open buckets operators know (待受理 · 待派遣 · 处置中 · 待核查 · 挂账). */
export type OpenBucket = Exclude<IncidentBucket, 'DONE' | 'ENDED'>;

export interface IncidentKpis {
  /** 今日上报: reported since local midnight (Asia/Shanghai). */
  reportedToday: number;
  /** 今日办结: reached 已办结 (CLOSED, EVALUATED, SELF_RESOLVED) since local midnight. */
  closedToday: number;
  /** 在办: open now (the lifecycle's OPEN_STATUSES, 挂账 included). */
  open: number;
  /** Open incidents per bucket. */
  buckets: Record<OpenBucket, number>;
  /** 超期: open with a RED timer light (past the deadline). */
  overdue: number;
  /** 临期: open with a YELLOW timer light (80-100 % of the time limit used). */
  nearlyDue: number;
  /** 督办: open and supervised. */
  supervised: number;
  /** 办结率: of the incidents reported in the rate window that were accepted (not 不予受理 / 作废), the share 已办结. */
  closedRate: number | null;
  /** 按期办结率: of those 已办结, the share closed by their deadline. */
  onTimeRate: number | null;
  /** 平均办结时长 in hours: reported → 已办结, over those 已办结. */
  avgCloseHours: number | null;
  /** The rate window: incidents reported since `from` (the last `days` local days, today included). */
  rateWindow: { days: number; from: string };
}

export interface TrendKpis {
  /** Local dates, oldest first; the last is today. */
  dates: string[];
  reported: number[];
  closed: number[];
}

export interface CategoryCount {
  code: string;
  label: { zh: string; en: string };
  count: number;
}

export interface KpisBody {
  /** The admin unit the figures are for. */
  scope: string;
  scopeName: string;
  /** When the figures were computed (ISO). */
  at: string;
  timeZone: string;
  /** Today's local date, "YYYY-MM-DD". */
  today: string;
  incidents: IncidentKpis;
  /** 7-day trend: reported and 已办结 per local day. */
  trend: TrendKpis;
  /** Category top-N of the incidents reported in the trend's days, biggest first. */
  categories: CategoryCount[];
  /** 视频: 接入总数, online, 在线率. */
  cameras: { total: number; online: number; onlineRate: number | null };
  /** 火灾隐患 per grade (FIRE_HAZARD_GRADE): found, rectified (销号); 重大隐患整改率. */
  fireHazards: { byGrade: Record<string, { total: number; rectified: number }>; majorRectifiedRate: number | null };
  /** 风险等级 of the grids by colour (RISK_LEVEL without NONE), and the grids not graded yet. */
  risk: { byLevel: Record<string, number>; ungraded: number };
  /** Warnings in force (not 已解除) per level 1-4, and how many of them nobody has acknowledged yet. */
  warnings: { active: number; byLevel: Record<string, number>; unacknowledged: number };
  /** Units per type (UNIT_TYPE): available (待命) and all. */
  units: { available: number; byType: Record<string, { available: number; total: number }> };
}
