/**
 * The colours of every analysis result and the breaks that tie them to numbers. Pure: the map layers and
 * the legends read the same scale objects, so a legend always says what the map draws.
 *   risk levels      the four official colours (lib/colors.ts RISK, shared with the hazard layers)
 *   Gi* classes      a diverging red/blue scheme: 热点 (hot) and 冷点 (cold) at 99 / 95 / 90 % confidence
 *   emerging trends  new / intensifying / persistent / diminishing hot spots
 *   numeric values   a sequential ramp split at explicit breaks (density, coverage share, response minutes)
 */
import { RISK, WARNING_LEVEL_COLOURS, type RGB } from '../../../lib/colors.ts';

/** A colour per class: `breaks[i]` is the lower bound of class i+1 (k classes have k-1 breaks). */
export interface StepScale {
  breaks: readonly number[];
  colours: readonly RGB[];
  /** The smallest and largest value seen (the outer edges of the first and last class). */
  min: number;
  max: number;
}

export const RISK_LEVELS = ['MAJOR', 'LARGER', 'GENERAL', 'LOW'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];
export const RISK_COLOURS: Readonly<Record<RiskLevel, RGB>> = { MAJOR: RISK.MAJOR!, LARGER: RISK.LARGER!, GENERAL: RISK.GENERAL!, LOW: RISK.LOW! };

/** Warning levels 1..4 wear the risk colours (red, orange, yellow, blue): the map's warnings layer uses the same. */
export const WARNING_COLOURS = WARNING_LEVEL_COLOURS;

export const HOTSPOT_CLASSES = ['HOT_99', 'HOT_95', 'HOT_90', 'NONE', 'COLD_90', 'COLD_95', 'COLD_99'] as const;
export type HotspotClass = (typeof HOTSPOT_CLASSES)[number];
/** ColorBrewer RdYlBu (7), the field's convention for Gi* maps: red hot, blue cold, pale for "not significant". */
export const HOTSPOT_COLOURS: Readonly<Record<HotspotClass, RGB>> = {
  HOT_99: [215, 48, 39],
  HOT_95: [252, 141, 89],
  HOT_90: [254, 224, 144],
  NONE: [200, 200, 200],
  COLD_90: [224, 243, 248],
  COLD_95: [145, 191, 219],
  COLD_99: [69, 117, 180],
};
/** The confidence a class states (null for NONE). */
export function hotspotConfidence(c: string): number | null {
  const m = /^(HOT|COLD)_(\d\d)$/.exec(c);
  return m ? Number(m[2]) : null;
}
export function isHot(c: string): boolean {
  return c.startsWith('HOT_');
}

/** Emerging hot-spot patterns (this period against the previous ones). */
export const EMERGING_PATTERNS = ['NEW', 'INTENSIFYING', 'PERSISTENT', 'DIMINISHING', 'SPORADIC'] as const;
export const EMERGING_COLOURS: Readonly<Record<string, RGB>> = {
  NEW: [255, 0, 110],
  INTENSIFYING: [215, 48, 39],
  PERSISTENT: [252, 141, 89],
  DIMINISHING: [171, 217, 233],
  SPORADIC: [186, 104, 200],
  NONE: [200, 200, 200],
};

/** Sequential ramps, light to dark. Density is purple (never a status colour, never the Gi* red/blue). */
export const RAMPS = {
  density: [[242, 240, 247], [203, 201, 226], [158, 154, 200], [117, 107, 177], [84, 39, 143]],
  /** Camera coverage: share of a grid seen, dark (blind) to bright green (seen). */
  coverage: [[38, 38, 38], [84, 48, 5], [191, 129, 45], [128, 205, 193], [1, 133, 113]],
  /** Response time: short (green) to long (dark red). */
  minutes: [[26, 152, 80], [145, 207, 96], [254, 224, 139], [252, 141, 89], [215, 48, 39]],
} as const satisfies Record<string, readonly RGB[]>;

const finite = (values: Iterable<number>): number[] => [...values].filter((v) => Number.isFinite(v)).sort((a, b) => a - b);

/** The value at quantile q (0..1) of sorted values, linear between order statistics. */
export function quantile(sorted: readonly number[], q: number): number {
  if (!sorted.length) return NaN;
  const pos = (sorted.length - 1) * Math.max(0, Math.min(1, q));
  const lo = Math.floor(pos);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

/** Rounds a break to 2 significant digits (a legend reads "12-25", not "12.3418-24.9921"). */
export function niceNumber(v: number): number {
  if (v === 0 || !Number.isFinite(v)) return v;
  const mag = 10 ** (Math.floor(Math.log10(Math.abs(v))) - 1);
  return Math.round(v / mag) * mag;
}

/**
 * Quantile breaks for k classes (each class holds about as many values), rounded, strictly increasing:
 * ties collapse classes (many zeros give fewer classes, never an empty one in between).
 */
export function quantileBreaks(values: Iterable<number>, k: number): number[] {
  const sorted = finite(values);
  if (sorted.length < 2 || k < 2) return [];
  const out: number[] = [];
  for (let i = 1; i < k; i++) {
    const b = niceNumber(quantile(sorted, i / k));
    if (b > sorted[0]! && b <= sorted[sorted.length - 1]! && (!out.length || b > out[out.length - 1]!)) out.push(b);
  }
  return out;
}

/** Equal-interval breaks over [min, max] for k classes. */
export function equalBreaks(min: number, max: number, k: number): number[] {
  if (!(max > min) || k < 2) return [];
  return Array.from({ length: k - 1 }, (_, i) => niceNumber(min + ((max - min) * (i + 1)) / k));
}

/** The class index of a value: the number of breaks at or below it. */
export function classify(v: number, breaks: readonly number[]): number {
  let i = 0;
  while (i < breaks.length && v >= breaks[i]!) i++;
  return i;
}

/** Picks `n` colours spread over a ramp (n ≤ ramp length: evenly spaced stops). */
export function rampColours(ramp: readonly RGB[], n: number): RGB[] {
  if (n <= 1) return [ramp[ramp.length - 1]!];
  return Array.from({ length: n }, (_, i) => ramp[Math.round((i * (ramp.length - 1)) / (n - 1))]!);
}

/** A step scale over values from explicit breaks. */
export function stepScale(values: Iterable<number>, breaks: readonly number[], ramp: readonly RGB[]): StepScale {
  const sorted = finite(values);
  return { breaks, colours: rampColours(ramp, breaks.length + 1), min: sorted[0] ?? 0, max: sorted[sorted.length - 1] ?? 0 };
}

/** A quantile step scale (k classes at most) over the values. */
export function quantileScale(values: Iterable<number>, ramp: readonly RGB[], k = 5): StepScale {
  const list = [...values];
  return stepScale(list, quantileBreaks(list, k), ramp);
}

export function colourAt(scale: StepScale, v: number): RGB {
  return scale.colours[Math.min(scale.colours.length - 1, classify(v, scale.breaks))]!;
}

/** The value range of each class: [lower, upper) with the scale's min/max at the ends. */
export function classRanges(scale: StepScale): [number, number][] {
  const edges = [scale.min, ...scale.breaks, scale.max];
  return scale.colours.map((_, i) => [edges[i]!, edges[i + 1]!]);
}
