/**
 * Incident history 事件 (Arts. 19, 21), GENERATED: 90 days ending at load time, ~1,500 a day × scale
 * with a weekly and a daily cycle, spatial hotspots, sources, categories, urgency (deadline = reported +
 * the urgency's time limit) and a status consistent with the age. Dispute parties and reporters go to
 * incident_parties (FAKE identities). The flow log is derived in SQL by the loader (flow-paths.ts).
 */
import { INCIDENT_CATEGORY, INCIDENT_SCALE, INCIDENT_SOURCE, INCIDENT_STATUS, INCIDENT_URGENCY, labelOf } from '../../protocol/codes.ts';
import { addressOf, DAY_MS, HOUR_MS, iso, placeColumns, type GenContext, type Row, type RowStream } from '../core/context.ts';
import { INCIDENT_HOTSPOTS, LAYER_COUNTS } from '../core/constants.ts';
import { idNumber, mobile } from '../core/identity.ts';
import { TITLES } from './incident-titles.ts';
import { lifecycle, type Urgency } from './incident-lifecycle.ts';
import { personName } from '../core/names.ts';
import { createRng, type Rng } from '../core/prng.ts';
import type { LocatedPoint } from '../core/sampling.ts';

const SOURCES = { GRID_WORKER: 35, HOTLINE_12345: 25, PUBLIC_APP: 12, VIDEO_AI: 8, IOT_SENSOR: 3, POLICE_110: 7, DEPT_TRANSFER: 5, SUPERIOR_ASSIGNED: 3, PETITION: 2 };
const CATEGORIES = { '01': 15, '02': 8, '03': 12, '04': 4, '05': 1, '06': 25, '07': 7, '08': 15, '09': 2, '10': 2, '11': 1, '12': 3, '13': 2, '14': 1, '15': 0.5, '99': 1.5 };
const RURAL_CATEGORIES = { ...CATEGORIES, '06': 10, '07': 16, '11': 2, '14': 2 };
const URGENCY: Record<Urgency, number> = { CRITICAL: 3, URGENT: 20, NORMAL: 77 };
const SCALES = { INDIVIDUAL: 70, GENERAL: 22, GROUP: 6, LARGE_GROUP: 1.5, MAJOR_GROUP: 0.5 };
/** Reports per hour of the day (China time), relative. */
const HOURLY = [1, 0.6, 0.4, 0.3, 0.3, 0.5, 1.2, 2.5, 4.5, 6, 6.2, 5.5, 4, 4.2, 5.4, 5.8, 5.6, 5, 4, 3.4, 3, 2.6, 2, 1.4];
/** Monday … Sunday. */
const WEEKLY = [1.08, 1.06, 1.04, 1.03, 1.02, 0.9, 0.87];
const CHINA_OFFSET_MS = 8 * HOUR_MS;
const HOURLY_SUM = HOURLY.reduce((a, b) => a + b, 0);

function hourOfDay(rng: Rng, maxHourExclusive: number): number {
  const weights = HOURLY.slice(0, maxHourExclusive);
  let r = rng.next() * weights.reduce((a, b) => a + b, 0);
  for (let h = 0; h < weights.length; h++) if ((r -= weights[h]!) < 0) return h;
  return weights.length - 1;
}

/** Reported times of one China-local day, ascending (the current day stops at now). */
function dayTimes(rng: Rng, dayStart: number, now: number, perDay: number): number[] {
  const weekday = (new Date(dayStart + CHINA_OFFSET_MS).getUTCDay() + 6) % 7;
  const hoursSoFar = Math.min(24, Math.ceil((now - dayStart) / HOUR_MS));
  const share = HOURLY.slice(0, hoursSoFar).reduce((a, b) => a + b, 0) / HOURLY_SUM;
  const count = Math.round(perDay * WEEKLY[weekday]! * rng.range(0.9, 1.1) * share);
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const t = dayStart + (hourOfDay(rng, hoursSoFar) + rng.next()) * HOUR_MS;
    times.push(Math.min(t, now - 1000));
  }
  return times.sort((a, b) => a - b);
}

function parties(rng: Rng, incidentId: string, category: string, source: string, region: string): Row[] {
  const rows: Row[] = [];
  if (['HOTLINE_12345', 'PUBLIC_APP', 'PETITION', 'POLICE_110'].includes(source)) {
    rows.push({ incident_id: incidentId, role: 'REPORTER', name: personName(rng), phone: mobile(rng), id_number: null });
  }
  if (category === '01') {
    for (let k = 0; k < 2; k++) rows.push({ incident_id: incidentId, role: 'PARTY', name: personName(rng), phone: mobile(rng), id_number: idNumber(rng, region) });
  }
  return rows;
}

/** The planted incident hotspots (a fifth of all incidents scatter around them; the hotspot analysis must find them). */
export function incidentHotspots(ctx: GenContext): LocatedPoint[] {
  const hotRng = createRng(ctx.seed, 'incident-hotspots');
  return Array.from({ length: INCIDENT_HOTSPOTS }, () => ctx.sampler.byPopulation(hotRng, 6));
}

export function* incidentRows(ctx: GenContext): RowStream {
  const rng = createRng(ctx.seed, 'incidents');
  const hotspots = incidentHotspots(ctx);
  const now = ctx.now.getTime();
  const today = Math.floor((now + CHINA_OFFSET_MS) / DAY_MS) * DAY_MS - CHINA_OFFSET_MS;
  const perDay = LAYER_COUNTS.incidentsPerDay * ctx.scale;
  let serial = 0;
  for (let d = LAYER_COUNTS.incidentDays - 1; d >= 0; d--) {
    const dayStart = today - d * DAY_MS;
    const ymd = new Date(dayStart + CHINA_OFFSET_MS).toISOString().slice(0, 10).replaceAll('-', '');
    const times = dayTimes(rng, dayStart, now, perDay);
    for (let k = 0; k < times.length; k++) {
      const reportedAt = times[k]!;
      const hotspot = rng.chance(0.2) ? rng.pick(hotspots) : null;
      const point: LocatedPoint = hotspot ? ctx.sampler.around(rng, [hotspot.lng, hotspot.lat], 350) : ctx.sampler.byPopulation(rng, 2);
      const urbanPlace = ctx.urbanCommunities.has(point.place.communityCode);
      const source = rng.weighted(SOURCES);
      const category = rng.weighted(urbanPlace ? CATEGORIES : RURAL_CATEGORIES);
      const urgency = rng.weighted(URGENCY);
      const scale = rng.weighted(SCALES);
      const life = lifecycle(rng, reportedAt, now, urgency, source);
      const id = `IN${String(++serial).padStart(9, '0')}`;
      const title = rng.pick(TITLES[category] ?? TITLES['99']!);
      const address = addressOf(ctx, rng, point.place);
      yield [
        'incidents',
        {
          id,
          event_no: `AY${ymd}${String(k + 1).padStart(5, '0')}`,
          title,
          description: `${address}，${title}，${labelOf(INCIDENT_SOURCE, source)}。`,
          source, source_label: labelOf(INCIDENT_SOURCE, source),
          category, category_label: labelOf(INCIDENT_CATEGORY, category),
          urgency, urgency_label: labelOf(INCIDENT_URGENCY, urgency),
          scale, scale_label: labelOf(INCIDENT_SCALE, scale),
          status: life.status, status_label: labelOf(INCIDENT_STATUS, life.status),
          supervised: life.supervised,
          escalated: (urgency === 'CRITICAL' || scale === 'LARGE_GROUP' || scale === 'MAJOR_GROUP') && rng.chance(0.3),
          rework_count: life.reworkCount,
          reported_at: iso(reportedAt),
          deadline: iso(life.deadline),
          closed_at: life.closedAt === null ? null : iso(life.closedAt),
          address,
          ...placeColumns(point.place),
          lng: point.lng, lat: point.lat,
          updated_at: iso(life.lastStepAt),
        },
      ];
      for (const p of parties(rng, id, category, source, point.place.districtCode === '410571' ? '410502' : point.place.districtCode)) yield ['incident_parties', p];
    }
  }
}
