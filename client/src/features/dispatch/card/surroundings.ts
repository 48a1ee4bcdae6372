/**
 * What stands around the scene besides the cameras (GET /api/incidents/{id}/context), as the card's rows, pure:
 * checkpoints and e-gates for interception, open fire hazards, rental housing, key places and depots with their
 * stock. Each row says what it is, the figures a dispatcher acts on, how far, and whether it needs attention
 * (a checkpoint offline, a major hazard, unregistered or hazardous rental housing, a school, hospital or fuel store).
 */
import {
  CHECKPOINT_TYPE, DEVICE_STATUS, FIRE_HAZARD_GRADE, FIRE_HAZARD_KIND, FIRE_PLACE_TYPE, KEY_PLACE_TYPE, DEPOT_LEVEL,
  RENTAL_REGISTRATION, RENTAL_USE, RISK_LEVEL, SUPPLY_CATEGORY, labelOf, type CodeList,
} from '../../../../../server/protocol/codes.ts';
import type { Lang, Translate } from '../../../i18n/index.ts';
import type { IncidentContext } from '../../../net/dispatch-api.ts';

export const SURROUNDING_KINDS = ['checkpoints', 'hazards', 'rentals', 'keyPlaces', 'depots'] as const;
export type SurroundingKind = (typeof SURROUNDING_KINDS)[number];

export interface SurroundingRow {
  id: string;
  title: string;
  /** The facts after the title, joined by " · ". */
  facts: string[];
  distanceMeters: number;
  /** Needs the dispatcher's eye (drawn in the warning colour). */
  attention: boolean;
}

/** Key places a dispatcher must know are near: the vulnerable (schools, hospitals, elderly care) and what burns or explodes. */
const SENSITIVE_PLACES = new Set(['SCHOOL', 'KINDERGARTEN', 'HOSPITAL', 'ELDERLY_CARE', 'HAZMAT', 'GAS_STATION']);
/** How many stock categories a depot row names (largest quantity first). */
const STOCK_SHOWN = 3;

type Raw = Record<string, unknown>;

const str = (v: unknown) => (v === null || v === undefined ? '' : String(v));
const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : Number(v));

/** A coded value's label in the language; the server's Chinese label when the code is unknown. */
function coded(list: CodeList, code: unknown, lang: Lang, zhLabel?: unknown): string {
  if (code === null || code === undefined || code === '') return str(zhLabel);
  const key = String(code);
  return key in list ? labelOf(list, key, lang) : str(zhLabel) || key;
}

function checkpointRow(r: Raw, lang: Lang, t: Translate): SurroundingRow {
  const on = str(r.status) === 'ON';
  return {
    id: str(r.id),
    title: str(r.name) || str(r.id),
    facts: [
      coded(CHECKPOINT_TYPE, r.type, lang, r.type_label),
      t(r.staffed === true ? 'dispatch.around.staffed' : 'dispatch.around.unstaffed'),
      ...(on ? [] : [coded(DEVICE_STATUS, r.status, lang)]),
    ].filter(Boolean),
    distanceMeters: num(r.distanceMeters),
    attention: !on,
  };
}

function hazardRow(r: Raw, lang: Lang, t: Translate): SurroundingRow {
  return {
    id: str(r.id),
    title: str(r.place_name) || str(r.id),
    facts: [coded(FIRE_PLACE_TYPE, r.place_type, lang, r.place_type_label), coded(FIRE_HAZARD_KIND, r.hazard_kind, lang, r.hazard_kind_label), coded(FIRE_HAZARD_GRADE, r.grade, lang, r.grade_label)].filter(Boolean),
    distanceMeters: num(r.distanceMeters),
    attention: str(r.grade) === 'MAJOR',
  };
}

function rentalRow(r: Raw, lang: Lang, t: Translate): SurroundingRow {
  const hazard = str(r.hazard_level);
  const unregistered = str(r.registration) === 'UNREGISTERED';
  return {
    id: str(r.id),
    title: str(r.address) || str(r.id),
    facts: [
      coded(RENTAL_USE, r.use, lang, r.use_label),
      t('dispatch.around.tenants', { n: num(r.tenant_count) || 0, f: num(r.floating_count) || 0 }),
      ...(unregistered ? [coded(RENTAL_REGISTRATION, r.registration, lang, r.registration_label)] : []),
      ...(hazard && hazard !== 'NONE' ? [coded(RISK_LEVEL, hazard, lang, r.hazard_level_label)] : []),
    ].filter(Boolean),
    distanceMeters: num(r.distanceMeters),
    attention: unregistered || (hazard !== '' && hazard !== 'NONE'),
  };
}

function keyPlaceRow(r: Raw, lang: Lang, t: Translate): SurroundingRow {
  return {
    id: str(r.id),
    title: str(r.name) || str(r.id),
    facts: [coded(KEY_PLACE_TYPE, r.type, lang, r.type_label)].filter(Boolean),
    distanceMeters: num(r.distanceMeters),
    attention: SENSITIVE_PLACES.has(str(r.type)),
  };
}

function depotRow(r: Raw, lang: Lang, t: Translate): SurroundingRow {
  const stock = (Array.isArray(r.stock) ? (r.stock as Raw[]) : [])
    .filter((s) => num(s.quantity) > 0)
    .sort((a, b) => num(b.quantity) - num(a.quantity) || str(a.category).localeCompare(str(b.category)));
  const named = stock.slice(0, STOCK_SHOWN).map((s) => `${coded(SUPPLY_CATEGORY, s.category, lang, s.label)} ${num(s.quantity).toLocaleString(lang === 'zh' ? 'zh-CN' : 'en')}`);
  if (stock.length > STOCK_SHOWN) named.push(t('dispatch.around.moreKinds', { n: stock.length }));
  return {
    id: str(r.id),
    title: str(r.name) || str(r.id),
    facts: [coded(DEPOT_LEVEL, r.level, lang, r.level_label), ...(named.length ? named : [t('dispatch.around.noStock')])].filter(Boolean),
    distanceMeters: num(r.distanceMeters),
    attention: false,
  };
}

const ROW_OF: Record<SurroundingKind, (r: Raw, lang: Lang, t: Translate) => SurroundingRow> = {
  checkpoints: checkpointRow,
  hazards: hazardRow,
  rentals: rentalRow,
  keyPlaces: keyPlaceRow,
  depots: depotRow,
};

/** One kind's rows, nearest first (ties by id). */
export function surroundingRows(context: Pick<IncidentContext, SurroundingKind>, kind: SurroundingKind, lang: Lang, t: Translate): SurroundingRow[] {
  const items = (context[kind] ?? []) as Raw[];
  return items.map((r) => ROW_OF[kind](r, lang, t)).sort((a, b) => a.distanceMeters - b.distanceMeters || a.id.localeCompare(b.id));
}
