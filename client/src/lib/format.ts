/**
 * Display formatting as the big screen wants it (DOMAIN.md "Display"). Pure. The rules (one decimal, 万 from
 * 10,000) live in server/domain/kpis/format.ts, shared with the wall's KPIs; this adds the language.
 */
import { formatCount as countZh, formatPercent as percent, NO_VALUE } from '../../../server/domain/kpis/format.ts';

/** Counts ≥ 10,000 in 万 with one decimal (32.1万) in Chinese; thousands separators otherwise. */
export function formatCount(n: number, lang: 'zh' | 'en'): string {
  if (!Number.isFinite(n)) return NO_VALUE;
  if (lang === 'zh' && Math.abs(n) >= 10_000) return countZh(n);
  return n.toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-US');
}

/** Percentages to one decimal: 97.4%. */
export function formatPercent(fraction: number): string {
  return percent(fraction);
}

/** How old data is, in words: "12 s", "3 min", "2 h". */
export function formatAge(ms: number, lang: 'zh' | 'en'): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return lang === 'zh' ? `${s} 秒` : `${s} s`;
  const m = Math.round(s / 60);
  if (m < 60) return lang === 'zh' ? `${m} 分钟` : `${m} min`;
  return lang === 'zh' ? `${Math.round(m / 60)} 小时` : `${Math.round(m / 60)} h`;
}

/** A date-time property for the card, in local time (yyyy-mm-dd hh:mm). */
export function formatDateTime(value: unknown): string {
  const t = typeof value === 'string' || typeof value === 'number' ? new Date(value) : null;
  if (!t || Number.isNaN(t.getTime())) return String(value ?? '');
  const p = (n: number) => String(n).padStart(2, '0');
  return `${t.getFullYear()}-${p(t.getMonth() + 1)}-${p(t.getDate())} ${p(t.getHours())}:${p(t.getMinutes())}`;
}
