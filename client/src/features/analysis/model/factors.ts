/**
 * A graded grid's factor breakdown ("why is this grid red?"): its factor → contribution map as rows,
 * largest first, with the factor's name. Pure.
 */
import type { Lang } from '../../../i18n/index.ts';

export interface FactorRow {
  factor: string;
  label: string;
  contribution: number;
  /** The most points the factor can give (its weight's share of 100). */
  maxPoints?: number;
  /** The factor's raw value when the server gives one. */
  value?: number;
}

export interface Breakdown {
  code: string;
  name: string | null;
  level: string | null;
  score: number | null;
  version: string | null;
  computedAt: string | null;
  factors: FactorRow[];
}

export type FactorNames = Readonly<Record<string, { zh: string; en: string }>>;

/** A contribution: a number, or an object with `contribution` (and maybe `value`). */
function contributionOf(v: unknown): { contribution: number; value?: number } | null {
  if (typeof v === 'number' && Number.isFinite(v)) return { contribution: v };
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return { contribution: Number(v) };
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    const c = Number(o.contribution ?? o.points ?? o.score);
    if (Number.isFinite(c)) return { contribution: c, ...(Number.isFinite(Number(o.value)) ? { value: Number(o.value) } : {}) };
  }
  return null;
}

/** The factors of a `risk_factors` value (object, or its JSON text), largest contribution first. */
export function factorRows(raw: unknown, names: FactorNames, lang: Lang): FactorRow[] {
  let obj = raw;
  if (typeof raw === 'string') {
    try {
      obj = JSON.parse(raw);
    } catch {
      return [];
    }
  }
  if (!obj || typeof obj !== 'object' || Array.isArray(obj)) return [];
  const rows: FactorRow[] = [];
  for (const [factor, v] of Object.entries(obj as Record<string, unknown>)) {
    const c = contributionOf(v);
    if (c) rows.push({ factor, label: names[factor]?.[lang] ?? factor, ...c });
  }
  return rows.sort((a, b) => b.contribution - a.contribution || a.factor.localeCompare(b.factor));
}

const num = (v: unknown): number | null => (v === null || v === undefined || v === '' || !Number.isFinite(Number(v)) ? null : Number(v));
const str = (v: unknown): string | null => (typeof v === 'string' && v ? v : null);

export function breakdownOf(props: Record<string, unknown>, names: FactorNames, lang: Lang): Breakdown {
  return {
    code: String(props.code ?? ''),
    name: str(props.name),
    level: str(props.risk_level),
    score: num(props.risk_score),
    version: str(props.risk_model_version),
    computedAt: str(props.risk_computed_at),
    factors: factorRows(props.risk_factors, names, lang),
  };
}

/** A grade as GET /api/analysis/risk/grids/{code} answers it: factors with their points and maximum. */
export interface GradeAnswer {
  code: string;
  name?: string | null;
  risk_level: string | null;
  risk_score: number | null;
  risk_model_version: string | null;
  risk_computed_at?: string | null;
  factors: readonly { factor: string; zh: string; en: string; points: number; maxPoints: number }[];
}

export function breakdownOfGrade(g: GradeAnswer, lang: Lang): Breakdown {
  const factors = g.factors
    .map((f) => ({ factor: f.factor, label: f[lang], contribution: Number(f.points), maxPoints: Number(f.maxPoints) }))
    .sort((a, b) => b.contribution - a.contribution || a.factor.localeCompare(b.factor));
  return {
    code: g.code,
    name: g.name ?? null,
    level: g.risk_level,
    score: g.risk_score,
    version: g.risk_model_version,
    computedAt: g.risk_computed_at ? String(g.risk_computed_at) : null,
    factors,
  };
}
