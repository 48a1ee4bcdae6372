/**
 * The dispatcher's queue, as data: one incident of the queue (read from the server's queue answer or from a
 * live change of the incidents layer), its priority order, and whether it still belongs to the queue under the
 * chosen filters. Pure: the rules (open statuses, buckets, timer light) come from the shared lifecycle.
 *
 * Priority (most pressing first): urgency (特急 before 紧急 before 一般), then the timer light (超期 red before
 * 临期 yellow before green, an ended incident last), then 督办 before the rest, then age (the oldest report first),
 * then the id (a stable order).
 */
import { INCIDENT_URGENCY } from '../../../../server/protocol/codes.ts';
import { statusBucket, timerLight, type IncidentBucket, type TimerLight } from '../../lib/incident-rules.ts';

/** One row of the queue. Times are ms since epoch (NaN when absent). */
export interface QueueItem {
  id: string;
  eventNo: string;
  title: string;
  status: string;
  category: string;
  urgency: string;
  source: string;
  reportedAt: number;
  deadline: number;
  supervised: boolean;
  escalated: boolean;
  /** [lng, lat] in EPSG:4326, null when the row carries no point. */
  position: [number, number] | null;
  /** The most specific admin code the incident lies in ('' when unknown). */
  adminCode: string;
  version: number;
}

type Props = Record<string, unknown>;

const str = (v: unknown): string => (v === undefined || v === null ? '' : String(v));
const time = (v: unknown): number => (typeof v === 'number' ? v : typeof v === 'string' && v ? Date.parse(v) : Number.NaN);

/**
 * A queue row from what the server sends: a GeoJSON Feature (properties + point) or a flat object in
 * camelCase or snake_case. Null when it has no id.
 */
export function toQueueItem(raw: unknown): QueueItem | null {
  if (!raw || typeof raw !== 'object') return null;
  const r = raw as { type?: string; id?: unknown; properties?: Props; geometry?: { type?: string; coordinates?: unknown } } & Props;
  const p: Props = r.type === 'Feature' ? { ...(r.properties ?? {}) } : r;
  const id = str(p.id ?? r.id);
  if (!id) return null;
  const coords = r.type === 'Feature' ? r.geometry?.coordinates : (p.position ?? p.coordinates ?? (p.lon !== undefined ? [p.lon, p.lat] : p.lng !== undefined ? [p.lng, p.lat] : null));
  const position = Array.isArray(coords) && coords.length >= 2 && coords.every((c) => typeof c === 'number') ? ([coords[0], coords[1]] as [number, number]) : null;
  return {
    id,
    eventNo: str(p.event_no ?? p.eventNo),
    title: str(p.title),
    status: str(p.status),
    category: str(p.category),
    urgency: str(p.urgency),
    source: str(p.source),
    reportedAt: time(p.reported_at ?? p.reportedAt),
    deadline: time(p.deadline),
    supervised: p.supervised === true,
    escalated: p.escalated === true,
    position,
    adminCode: str(p.grid_code ?? p.gridCode ?? p.community_code ?? p.communityCode ?? p.street_code ?? p.streetCode ?? p.district_code ?? p.districtCode ?? p.admin_code ?? p.adminCode),
    version: Number(p.version ?? 0) || 0,
  };
}

const URGENCY_ORDER = Object.keys(INCIDENT_URGENCY);
const LIGHT_ORDER: readonly (TimerLight | null)[] = ['RED', 'YELLOW', 'GREEN', null];

export function lightOf(item: Pick<QueueItem, 'status' | 'reportedAt' | 'deadline'>, now: number): TimerLight | null {
  return timerLight(item.status, item.reportedAt, item.deadline, now);
}

export function bucketOf(item: Pick<QueueItem, 'status'>): IncidentBucket {
  return statusBucket(item.status);
}

const rank = (list: readonly unknown[], v: unknown) => {
  const i = list.indexOf(v);
  return i < 0 ? list.length : i;
};

/** Compares two rows by priority at `now` (negative: a comes first). */
export function comparePriority(a: QueueItem, b: QueueItem, now: number): number {
  return (
    rank(URGENCY_ORDER, a.urgency) - rank(URGENCY_ORDER, b.urgency) ||
    rank(LIGHT_ORDER, lightOf(a, now)) - rank(LIGHT_ORDER, lightOf(b, now)) ||
    Number(b.supervised) - Number(a.supervised) ||
    (Number.isFinite(a.reportedAt) ? a.reportedAt : Infinity) - (Number.isFinite(b.reportedAt) ? b.reportedAt : Infinity) ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}

/** The rows in priority order at `now` (a new array; the input is not changed). */
export function sortQueue(items: readonly QueueItem[], now: number): QueueItem[] {
  return [...items].sort((a, b) => comparePriority(a, b, now));
}

/** What a row must match to stay in the queue (the client-side mirror of the server's filter). */
export interface QueueMatch {
  statuses: readonly string[];
  category: string;
  urgency: string;
  /** The org-tree area (admin or grid code prefix), '' for the whole jurisdiction. */
  area: string;
  /** Reported at or after / before (ms), null when open-ended. */
  from: number | null;
  to: number | null;
}

/** Whether a row belongs to the queue under these filters (used to fold live changes in). */
export function inQueue(item: QueueItem, m: QueueMatch): boolean {
  if (m.statuses.length && !m.statuses.includes(item.status)) return false;
  if (m.category && item.category !== m.category) return false;
  if (m.urgency && item.urgency !== m.urgency) return false;
  if (m.area && item.adminCode && !item.adminCode.startsWith(m.area)) return false;
  if (m.from !== null && !(item.reportedAt >= m.from)) return false;
  if (m.to !== null && !(item.reportedAt < m.to)) return false;
  return true;
}
