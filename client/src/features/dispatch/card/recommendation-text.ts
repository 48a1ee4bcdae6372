/**
 * Recommendation figures as a dispatcher reads them, pure: distance (m / km), ETA (min:s), a reason (the server
 * sends a sentence, a { zh, en } label or a coded object), and the coverage cost of sending the unit.
 */
import type { Lang, Translate } from '../../../i18n/index.ts';

export function formatDistance(meters: number, lang: Lang): string {
  if (!Number.isFinite(meters)) return '—';
  if (meters < 1000) return `${Math.round(meters)} ${lang === 'zh' ? '米' : 'm'}`;
  return `${(meters / 1000).toFixed(1)} ${lang === 'zh' ? '公里' : 'km'}`;
}

/** ETA in whole minutes with seconds below 10 min ("约 3分20秒" / "≈ 3 min 20 s"). */
export function formatEta(seconds: number, lang: Lang): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '—';
  const m = Math.floor(seconds / 60);
  const s = Math.round(seconds % 60);
  if (m >= 10) return lang === 'zh' ? `约 ${Math.round(seconds / 60)} 分钟` : `≈ ${Math.round(seconds / 60)} min`;
  return lang === 'zh' ? `约 ${m}分${s}秒` : `≈ ${m} min ${s} s`;
}

type Labelled = { zh?: unknown; en?: unknown; label?: unknown; text?: unknown; message?: unknown; code?: unknown };

/** One reason in the operator's language. */
export function reasonText(reason: unknown, lang: Lang): string {
  if (typeof reason === 'string') return reason;
  if (!reason || typeof reason !== 'object') return String(reason ?? '');
  const r = reason as Labelled;
  const label = (r.label && typeof r.label === 'object' ? (r.label as Labelled) : r) as Labelled;
  const own = label[lang];
  if (typeof own === 'string') return own;
  if (typeof label.text === 'string') return label.text;
  if (typeof r.message === 'string') return r.message;
  return typeof r.code === 'string' ? r.code : JSON.stringify(reason);
}

/** The coverage cost: the grids its departure leaves without a unit of its type within the target minutes. */
export function coverageText(cost: Record<string, unknown> | null | undefined, lang: Lang, t: Translate): string {
  if (!cost) return t('dispatch.recs.costUnknown');
  const grids = firstNumber(cost, ['gridsUncovered', 'uncoveredGrids', 'gridsLeftUncovered', 'grids', 'uncovered']);
  const minutes = firstNumber(cost, ['targetMinutes', 'minutes']);
  if (grids === null) return reasonText(cost, lang);
  if (grids === 0) return t('dispatch.recs.costNone');
  return minutes === null ? t('dispatch.recs.cost', { n: grids }) : t('dispatch.recs.costMinutes', { n: grids, min: minutes });
}

function firstNumber(o: Record<string, unknown>, keys: readonly string[]): number | null {
  for (const k of keys) {
    const v = o[k];
    if (typeof v === 'number' && Number.isFinite(v)) return v;
    if (Array.isArray(v)) return v.length;
  }
  return null;
}
