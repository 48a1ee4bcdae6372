/**
 * The rows of a feature card: every registry property with its title in the current language; classified
 * fields as "label (code)"; booleans as 是/否; times formatted; personal data masked. Properties the
 * registry does not list are shown after, by name. Pure.
 */
import { COLLECTIONS, type CollectionId, type PropertyDef } from '../../../../server/protocol/collections.ts';
import type { Lang, Translate } from '../../i18n/index.ts';
import { formatDateTime } from '../../lib/format.ts';
import { maskValue, isPersonalField } from '../../lib/mask.ts';

export interface CardRow {
  name: string;
  title: string;
  value: string;
  masked: boolean;
}

const HIDDEN = new Set(['aggregated', 'count']);

function valueOf(def: PropertyDef | undefined, raw: unknown, props: Record<string, unknown>, lang: Lang, t: Translate): string {
  if (raw === null || raw === undefined || raw === '') return '—';
  if (def?.codes) {
    const label = def.codes[String(raw)]?.[lang] ?? (lang === 'zh' ? props[`${def.name}_label`] : undefined) ?? String(raw);
    return `${label} (${String(raw)})`;
  }
  if (def?.type === 'boolean' || typeof raw === 'boolean') return raw === true || raw === 'true' ? t('card.yes') : t('card.no');
  if (def?.type === 'date-time') return formatDateTime(raw);
  return String(raw);
}

export function cardRows(collection: CollectionId, props: Record<string, unknown>, lang: Lang, t: Translate): CardRow[] {
  const defs = COLLECTIONS[collection].properties;
  const known = new Set(defs.map((d) => d.name));
  const rows: CardRow[] = [];
  for (const def of defs) {
    if (def.name.endsWith('_label') && known.has(def.name.slice(0, -'_label'.length))) continue;
    if (!(def.name in props)) continue;
    rows.push(row(def.name, def.title[lang], valueOf(def, props[def.name], props, lang, t)));
  }
  for (const [name, raw] of Object.entries(props)) {
    if (known.has(name) || HIDDEN.has(name) || (name.endsWith('_label') && known.has(name.slice(0, -6)))) continue;
    rows.push(row(name, name, valueOf(undefined, raw, props, lang, t)));
  }
  return rows;
}

function row(name: string, title: string, value: string): CardRow {
  const masked = maskValue(name, value);
  return { name, title, value: masked, masked: masked !== value || isPersonalField(name) };
}

/** The card's heading: the feature's name-like property, else its id. */
export function cardTitle(props: Record<string, unknown>, id: string): string {
  return String(props.name ?? props.title ?? props.place_name ?? props.address ?? id);
}
