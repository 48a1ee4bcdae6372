/**
 * The shared rules of risk grades and warnings (Art. 19), imported by the analysis, the wall's KPIs and the client:
 * the order of the four levels, score → level under a model's thresholds, a level's warning level, and what counts
 * as a rise. The code lists and labels are server/protocol/codes.ts (RISK_LEVEL, WARNING_LEVEL); the colours are
 * the client's (client/src/lib/colors.ts RISK: red, orange, yellow, blue). Pure.
 */
import type { RISK_LEVEL } from '../../protocol/codes.ts';

/** A grade a grid can carry (RISK_LEVEL without NONE), most severe first. */
export const GRADED_LEVELS = ['MAJOR', 'LARGER', 'GENERAL', 'LOW'] as const satisfies readonly (keyof typeof RISK_LEVEL)[];
export type GradedLevel = (typeof GRADED_LEVELS)[number];

/** Score thresholds of a model version: a score ≥ major is MAJOR, ≥ larger LARGER, ≥ general GENERAL, else LOW. */
export interface LevelThresholds {
  major: number;
  larger: number;
  general: number;
}

export function levelOfScore(score: number, t: LevelThresholds): GradedLevel {
  if (score >= t.major) return 'MAJOR';
  if (score >= t.larger) return 'LARGER';
  if (score >= t.general) return 'GENERAL';
  return 'LOW';
}

/** Severity rank: MAJOR 4 … LOW 1, anything else (null, NONE) 0. */
export function severity(level: string | null | undefined): number {
  const i = (GRADED_LEVELS as readonly string[]).indexOf(level ?? '');
  return i < 0 ? 0 : GRADED_LEVELS.length - i;
}

/** A grade rose when it is more severe than before; a first grading (no previous grade) is not a rise. */
export function isRise(before: string | null | undefined, after: string): boolean {
  return severity(before) > 0 && severity(after) > severity(before);
}

/** The warning level (WARNING_LEVEL '1' red … '4' blue) of a risk level: the same four colours, in order. */
export function warningLevelOf(level: GradedLevel): 1 | 2 | 3 | 4 {
  return (GRADED_LEVELS.indexOf(level) + 1) as 1 | 2 | 3 | 4;
}
