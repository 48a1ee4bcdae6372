/**
 * The rows of a feature card, in the users' words: every registry property with its title in the current
 * language; classified fields by their label (the code on hover); admin areas by name (the code on hover) when
 * the names are known; booleans as 是/否; times formatted; personal data masked. Internal bookkeeping (generated
 * data, row version, boundary source) is not shown. Properties the registry does not list follow, by name.
 * Pure.
 */
import { COLLECTIONS, type CollectionId, type PropertyDef } from '../../../../server/protocol/collections.ts';
import type { Lang, Translate } from '../../i18n/index.ts';
import { formatDateTime } from '../../lib/format.ts';
import { maskValue, isPersonalField } from '../../lib/mask.ts';

export interface CardRow {
  name: string;
  title: string;
  value: string;
  /** What the value stands for, on hover (a label's code, an area's code). */
  hint?: string;
  masked: boolean;
}

/** Tile bookkeeping and internal fields: never shown. */
const HIDDEN = new Set(['aggregated', 'count', 'generated', 'version', 'geom_source']);
/** Properties holding an admin area's (or grid's) code: shown by the area's name. */
export const AREA_FIELDS: ReadonlySet<string> = new Set(['district_code', 'street_code', 'community_code', 'grid_code', 'parent_code']);

/** Names of admin areas and grids by code (from the org tree), for AREA_FIELDS. */
export type AreaNames = Readonly<Record<string, string>>;

interface Shown {
  value: string;
  hint?: string;
}

function valueOf(def: PropertyDef | undefined, raw: unknown, props: Record<string, unknown>, lang: Lang, t: Translate, names: AreaNames): Shown {
  if (raw === null || raw === undefined || raw === '') return { value: '—' };
  const name = def?.name ?? '';
  const label = props[`${name}_label`];
  if (def?.codes) {
    const text = def.codes[String(raw)]?.[lang] ?? (lang === 'zh' && typeof label === 'string' ? label : undefined) ?? String(raw);
    return { value: text, hint: t('desk.card.code', { code: String(raw) }) };
  }
  if (typeof label === 'string' && label && lang === 'zh') return { value: label, hint: t('desk.card.code', { code: String(raw) }) };
  if (AREA_FIELDS.has(name) && names[String(raw)]) return { value: names[String(raw)]!, hint: t('desk.card.code', { code: String(raw) }) };
  if (def?.type === 'boolean' || typeof raw === 'boolean') return { value: raw === true || raw === 'true' ? t('card.yes') : t('card.no') };
  if (def?.type === 'date-time') return { value: formatDateTime(raw) };
  return { value: String(raw) };
}

export function cardRows(collection: CollectionId, props: Record<string, unknown>, lang: Lang, t: Translate, names: AreaNames = {}): CardRow[] {
  const defs = COLLECTIONS[collection].properties;
  const known = new Set(defs.map((d) => d.name));
  const rows: CardRow[] = [];
  for (const def of defs) {
    if (HIDDEN.has(def.name)) continue;
    if (def.name.endsWith('_label') && known.has(def.name.slice(0, -'_label'.length))) continue;
    if (!(def.name in props)) continue;
    rows.push(row(def.name, def.title[lang], valueOf(def, props[def.name], props, lang, t, names)));
  }
  for (const [name, raw] of Object.entries(props)) {
    if (known.has(name) || HIDDEN.has(name) || (name.endsWith('_label') && known.has(name.slice(0, -6)))) continue;
    rows.push(row(name, name, valueOf(undefined, raw, props, lang, t, names)));
  }
  return rows;
}

/** The finest area code of a feature (grid, community, street, district): its org-tree branch names them all. */
export function finestAreaCode(props: Record<string, unknown>): string | null {
  for (const name of ['grid_code', 'community_code', 'street_code', 'district_code', 'parent_code']) {
    const v = props[name];
    if (typeof v === 'string' && /^[0-9]{6,15}$/.test(v)) return v;
  }
  return null;
}

function row(name: string, title: string, shown: Shown): CardRow {
  const masked = maskValue(name, shown.value);
  return { name, title, value: masked, masked: masked !== shown.value || isPersonalField(name), ...(shown.hint && masked === shown.value ? { hint: shown.hint } : {}) };
}

/** The card's heading: the feature's name-like property, else its id. */
export function cardTitle(props: Record<string, unknown>, id: string): string {
  return String(props.name ?? props.title ?? props.place_name ?? props.address ?? id);
}
