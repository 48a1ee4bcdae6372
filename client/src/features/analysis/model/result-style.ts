/**
 * How a result is drawn and explained: the colour of each feature and the legend that says what the colours
 * mean, made from one scale so they cannot disagree. Categorical results (risk levels, Gi* classes,
 * emerging patterns, warning levels) list their classes with counts; numeric ones (density, coverage share,
 * response minutes) list each colour with its value range (the breaks). Pure.
 */
import { RISK_MODEL } from '../../../../../server/domain/analysis/model-config.ts';
import { RISK_LEVEL, WARNING_LEVEL, type CodeList } from '../../../../../server/protocol/codes.ts';
import type { Lang, Translate } from '../../../i18n/index.ts';
import { withAlpha, type RGB, type RGBA } from '../../../lib/colors.ts';
import type { AnalysisResult } from '../../../state/analysis-slice.ts';
import { numericValue, patternOf, type FeatureLike } from './result-values.ts';
import {
  classify,
  classRanges,
  colourAt,
  EMERGING_COLOURS,
  EMERGING_PATTERNS,
  HOTSPOT_CLASSES,
  HOTSPOT_COLOURS,
  hotspotConfidence,
  quantileScale,
  RAMPS,
  RISK_COLOURS,
  RISK_LEVELS,
  stepScale,
  WARNING_COLOURS,
  type RiskLevel,
  type StepScale,
} from './scales.ts';

export interface LegendItem {
  key: string;
  colour: RGB;
  label: string;
  /** The value range of a numeric class: [from, to). */
  range?: [number, number];
  /** How many features of the result fall in it. */
  count: number;
}

export interface LegendSpec {
  title: string;
  /** What the colours are (e.g. "significance after FDR", "density, not significance"). */
  note: string;
  kind: 'classes' | 'steps';
  items: LegendItem[];
  /** The unit of a numeric scale's breaks. */
  unit?: string;
}

export interface ResultStyle {
  fill(f: FeatureLike): RGBA;
  legend: LegendSpec;
}

const GREY: RGB = [160, 160, 160];

function counted(features: readonly FeatureLike[], keyOf: (f: FeatureLike) => string): Map<string, number> {
  const n = new Map<string, number>();
  for (const f of features) n.set(keyOf(f), (n.get(keyOf(f)) ?? 0) + 1);
  return n;
}

/** A categorical style: a colour per code, a legend row per code (in the given order). */
function classStyle(features: readonly FeatureLike[], keyOf: (f: FeatureLike) => string, order: readonly string[], colours: Readonly<Record<string, RGB>>, label: (k: string) => string, alpha: (k: string) => number): Omit<LegendSpec, 'title' | 'note'> & { fill(f: FeatureLike): RGBA } {
  const n = counted(features, keyOf);
  return {
    kind: 'classes',
    items: order.map((k) => ({ key: k, colour: colours[k] ?? GREY, label: label(k), count: n.get(k) ?? 0 })),
    fill: (f) => {
      const k = keyOf(f);
      return withAlpha(colours[k] ?? GREY, alpha(k));
    },
  };
}

/** A numeric style from a step scale: a legend row per class with its range. */
function stepStyle(features: readonly FeatureLike[], value: (f: FeatureLike) => number, scale: StepScale, label: (lo: number, hi: number, i: number) => string, alpha = 170): Omit<LegendSpec, 'title' | 'note'> & { fill(f: FeatureLike): RGBA } {
  const ranges = classRanges(scale);
  const n = new Map<number, number>();
  for (const f of features) {
    const v = value(f);
    if (!Number.isFinite(v)) continue;
    const i = Math.min(scale.colours.length - 1, classify(v, scale.breaks));
    n.set(i, (n.get(i) ?? 0) + 1);
  }
  return {
    kind: 'steps',
    items: scale.colours.map((colour, i) => ({ key: String(i), colour, range: ranges[i], label: label(ranges[i]![0], ranges[i]![1], i), count: n.get(i) ?? 0 })),
    fill: (f) => {
      const v = value(f);
      return Number.isFinite(v) ? withAlpha(colourAt(scale, v), alpha) : [0, 0, 0, 0];
    },
  };
}

/** A number for a legend: up to 3 significant digits, locale grouping. */
export function fmt(v: number, lang: Lang): string {
  if (!Number.isFinite(v)) return '–';
  const r = Math.abs(v) >= 100 ? Math.round(v) : Number(v.toPrecision(3));
  return r.toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-US');
}

const rangeLabel = (lang: Lang, unit = '') => (lo: number, hi: number) => `${fmt(lo, lang)}–${fmt(hi, lang)}${unit}`;

/** The FDR-corrected critical p-value per confidence level, from a hotspot answer's parameters (the Gi* legend's breaks). */
export function criticalPOf(parameters: Record<string, unknown>): Partial<Record<number, number>> {
  const raw = (parameters.fdr as { criticalP?: Record<string, unknown> } | undefined)?.criticalP ?? {};
  const out: Partial<Record<number, number>> = {};
  for (const [k, v] of Object.entries(raw)) if (Number.isFinite(Number(k)) && typeof v === 'number') out[Number(k)] = v;
  return out;
}

/** A p-value for a legend: 3 significant digits, exponent form below 0.001. */
export function fmtP(p: number): string {
  return p < 0.001 && p > 0 ? p.toExponential(2) : String(Number(p.toPrecision(3)));
}

/** The score range of each level under a model's thresholds (the risk legend's breaks). */
export function riskScoreRanges(th: { major: number; larger: number; general: number }): Record<RiskLevel, string> {
  return { MAJOR: `≥${th.major}`, LARGER: `${th.larger}–${th.major}`, GENERAL: `${th.general}–${th.larger}`, LOW: `<${th.general}` };
}

/** Fixed response-time breaks around the target: half, the target, 1.5× and 2× (minutes). */
export function responseBreaks(target: number): number[] {
  return [target / 2, target, target * 1.5, target * 2].map((v) => Math.round(v * 10) / 10);
}

export const COVERAGE_BREAKS = [0.2, 0.4, 0.6, 0.8] as const;

export function styleOf(r: AnalysisResult, t: Translate, lang: Lang): ResultStyle {
  const fs = r.features.features as readonly FeatureLike[];
  const prop = (name: string) => (f: FeatureLike) => String(f.properties?.[name] ?? 'NONE');
  switch (r.kind) {
    case 'risk': {
      const ranges = riskScoreRanges(RISK_MODEL.thresholds);
      const label = (k: string) => `${(RISK_LEVEL as CodeList)[k]?.[lang] ?? k} · ${ranges[k as RiskLevel]}`;
      const s = classStyle(fs, prop('risk_level'), RISK_LEVELS, RISK_COLOURS, label, () => 150);
      return { fill: s.fill, legend: { ...s, title: t('analysis.legend.risk'), note: t('analysis.legend.riskNote', { version: RISK_MODEL.version }) } };
    }
    case 'hotspots': {
      const crit = criticalPOf(r.parameters);
      const label = (k: string) => {
        const c = hotspotConfidence(k);
        if (c === null) return crit[90] !== undefined ? `${t('analysis.class.none')} · p > ${fmtP(crit[90])}` : t('analysis.class.none');
        const name = t(k.startsWith('HOT') ? 'analysis.class.hot' : 'analysis.class.cold', { p: c });
        const p = crit[c];
        return p === undefined ? name : p > 0 ? `${name} · p ≤ ${fmtP(p)}` : `${name} · ${t('analysis.class.noneSignificant')}`;
      };
      const s = classStyle(fs, prop('class'), HOTSPOT_CLASSES, HOTSPOT_COLOURS, label, (k) => (k === 'NONE' ? 22 : 200));
      return { fill: s.fill, legend: { ...s, title: t('analysis.legend.hotspots'), note: t('analysis.legend.hotspotsNote') } };
    }
    case 'emerging': {
      const order = [...EMERGING_PATTERNS, 'NONE'];
      const s = classStyle(fs, patternOf, order, EMERGING_COLOURS, (k) => t(`analysis.pattern.${k}` as Parameters<Translate>[0]), (k) => (k === 'NONE' ? 30 : 200));
      return { fill: s.fill, legend: { ...s, title: t('analysis.legend.emerging'), note: t('analysis.legend.emergingNote') } };
    }
    case 'density': {
      const value = numericValue('density');
      const scale = quantileScale(fs.map(value), RAMPS.density, 5);
      const unit = t('analysis.unit.perKm2');
      const s = stepStyle(fs, value, scale, rangeLabel(lang), 160);
      return { fill: s.fill, legend: { ...s, unit, title: t('analysis.legend.density'), note: t('analysis.legend.densityNote') } };
    }
    case 'camera-coverage': {
      const value = numericValue('camera-coverage');
      const scale = { ...stepScale(fs.map(value), COVERAGE_BREAKS, RAMPS.coverage), min: 0, max: 1 };
      const s = stepStyle(fs, value, scale, (lo, hi) => `${Math.round(lo * 100)}–${Math.round(hi * 100)}%`);
      return { fill: s.fill, legend: { ...s, title: t('analysis.legend.cameraCoverage'), note: t('analysis.legend.cameraCoverageNote') } };
    }
    case 'response-coverage': {
      const value = numericValue('response-coverage');
      const target = r.params.minutes;
      const scale = stepScale(fs.map(value), responseBreaks(target), RAMPS.minutes);
      const unit = t('analysis.unit.minutes');
      const s = stepStyle(fs, value, scale, (lo, hi, i) => `${rangeLabel(lang, unit)(lo, hi)}${i >= 2 ? ` · ${t('analysis.legend.beyondTarget')}` : ''}`);
      return { fill: s.fill, legend: { ...s, unit, title: t('analysis.legend.response', { minutes: target }), note: t('analysis.legend.responseNote', { minutes: target }) } };
    }
    case 'warnings': {
      const s = classStyle(fs, prop('level'), ['1', '2', '3', '4'], WARNING_COLOURS, (k) => (WARNING_LEVEL as CodeList)[k]?.[lang] ?? k, () => 170);
      return { fill: s.fill, legend: { ...s, title: t('analysis.legend.warnings'), note: t('analysis.legend.warningsNote') } };
    }
  }
}
