/**
 * The risk grade of a grid: a transparent weighted sum. Each factor's raw value becomes 0..1 (its "intensity"),
 * contributes weight / Σ weights × 100 × intensity points, and the 0..100 score maps to a level by the model's
 * thresholds (server/domain/risk/levels.ts). `risk_factors` of a grid = factor → contribution (points), so the
 * contributions add up to the score: "why is this grid red?" is answered by the largest ones. Pure.
 */
import { levelOfScore, type GradedLevel } from '../risk/levels.ts';
import { RESPONSE_TARGET_MIN, RISK_MODEL, type RiskFactorName } from './model-config.ts';

/** What the database measures for one grid (server/db/analysis/risk-sql.ts). */
export interface RawFactors {
  /** Σ category weight × 2^(−age / half-life) over the incidents of the window. */
  incidents: number;
  /** Σ grade weight (× overdue factor) over open fire hazards. */
  fireHazards: number;
  rentalPerKm2: number;
  floatingPerKm2: number;
  /** Share of the grid no working camera sees (null: coverage not computed yet → counts as unseen). */
  unseenShare: number | null;
  /** Travel minutes to the nearest on-duty unit (null: none at all → full intensity). */
  fireMinutes: number | null;
  policeMinutes: number | null;
}

export interface Grade {
  score: number;
  level: GradedLevel;
  factors: Record<RiskFactorName, number>;
}

export type Model = typeof RISK_MODEL;

const clamp01 = (v: number) => (Number.isFinite(v) ? Math.min(1, Math.max(0, v)) : 1);
const round1 = (v: number) => Math.round(v * 10) / 10;

/** 0 at or below the target, 1 at target × (1 + saturation) and beyond; no unit at all = 1. */
export function responseIntensity(minutes: number | null, target: number, saturation: number): number {
  if (minutes === null) return 1;
  return clamp01((minutes - target) / (target * saturation));
}

/** Each factor's intensity 0..1. */
export function intensities(raw: RawFactors, model: Model = RISK_MODEL): Record<RiskFactorName, number> {
  const f = model.factors;
  return {
    incidents: clamp01(raw.incidents / f.incidents.saturation),
    fireHazards: clamp01(raw.fireHazards / f.fireHazards.saturation),
    rental: clamp01(raw.rentalPerKm2 / f.rental.saturation),
    floating: clamp01(raw.floatingPerKm2 / f.floating.saturation),
    cameraGap: clamp01((raw.unseenShare ?? 1) / f.cameraGap.saturation),
    fireResponse: responseIntensity(raw.fireMinutes, RESPONSE_TARGET_MIN[model.response.fire], f.fireResponse.saturation),
    policeResponse: responseIntensity(raw.policeMinutes, RESPONSE_TARGET_MIN[model.response.police], f.policeResponse.saturation),
  };
}

/** A model's factor names and Σ weights, worked out once per model (gradeGrid runs for every grid of a grading). */
const weightsOf = new WeakMap<Model, { names: RiskFactorName[]; total: number }>();
function weights(model: Model): { names: RiskFactorName[]; total: number } {
  let w = weightsOf.get(model);
  if (!w) {
    const names = Object.keys(model.factors) as RiskFactorName[];
    w = { names, total: names.reduce((s, n) => s + model.factors[n].weight, 0) };
    weightsOf.set(model, w);
  }
  return w;
}

export function gradeGrid(raw: RawFactors, model: Model = RISK_MODEL): Grade {
  const { names, total } = weights(model);
  const x = intensities(raw, model);
  const factors = {} as Record<RiskFactorName, number>;
  let score = 0;
  for (const n of names) {
    const points = (model.factors[n].weight / total) * 100 * x[n];
    factors[n] = round1(points);
    score += points;
  }
  const rounded = round1(score);
  return { score: rounded, level: levelOfScore(rounded, model.thresholds), factors };
}

/** Time-decay weight of an incident `ageDays` old (the SQL computes the same: 2^(−age / half-life)). */
export const decay = (ageDays: number, halfLifeDays: number = RISK_MODEL.incidents.halfLifeDays): number => 2 ** (-ageDays / halfLifeDays);
