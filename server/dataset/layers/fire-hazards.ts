/**
 * Fire hazards 火灾隐患 (Art. 33), GENERATED over the last year: found → REGISTERED → RECTIFYING →
 * RECHECK → CLOSED 销号, each step timed so that the status at load time follows from the dates;
 * rectification deadlines by grade (some missed: overdue and still open).
 */
import { FIRE_HAZARD_GRADE, FIRE_HAZARD_KIND, FIRE_HAZARD_STATUS, FIRE_PLACE_TYPE, labelOf } from '../../protocol/codes.ts';
import { addressOf, DAY_MS, HOUR_MS, iso, isoDate, placeColumns, scaled, type GenContext, type RowStream } from '../core/context.ts';
import { LAYER_COUNTS } from '../core/constants.ts';
import { stem } from '../core/names.ts';
import { createRng, type Rng } from '../core/prng.ts';

type PlaceType = keyof typeof FIRE_PLACE_TYPE;
const PLACE_WEIGHTS: Record<PlaceType, number> = {
  CROWDED: 12, RESIDENTIAL: 25, SCHOOL: 6, MARKET: 10, HOTEL: 7, ENTERTAINMENT: 6, FACTORY: 12, SMALL_VENUE: 17, HIGH_RISE: 5,
};
const KIND_WEIGHTS: Record<keyof typeof FIRE_HAZARD_KIND, number> = {
  BLOCKED_EXIT: 18, BLOCKED_FIRE_LANE: 14, ELECTRICAL: 22, FACILITY_FAILURE: 16, EBIKE_CHARGING: 15, FLAMMABLE_STORAGE: 8, LIVING_IN_WORKPLACE: 7,
};
const PLACE_SUFFIX: Record<PlaceType, readonly string[]> = {
  CROWDED: ['影城', '体育馆', '会展中心'], RESIDENTIAL: ['小区', '家园', '花园'], SCHOOL: ['小学', '中学'], MARKET: ['超市', '商场'],
  HOTEL: ['宾馆', '快捷酒店'], ENTERTAINMENT: ['KTV', '网吧', '洗浴中心'], FACTORY: ['厂房', '仓库'], SMALL_VENUE: ['餐馆', '小商店', '理发店'],
  HIGH_RISE: ['大厦', '写字楼'],
};

/** The lifecycle timeline of one hazard (ms since epoch); the status is where `now` falls in it. */
export function fireTimeline(rng: Rng, foundAt: number, major: boolean) {
  const deadlineDays = major ? rng.int(60, 90) : rng.int(15, 30);
  const registered = foundAt + rng.range(2, 72) * HOUR_MS;
  const rectified = registered + deadlineDays * DAY_MS * rng.range(0.3, 1.25);
  const rechecked = rectified + rng.range(1, 7) * DAY_MS;
  return { deadline: foundAt + deadlineDays * DAY_MS, registered, rectified, rechecked };
}

export function* fireHazardRows(ctx: GenContext): RowStream {
  const rng = createRng(ctx.seed, 'fire-hazards');
  const now = ctx.now.getTime();
  const nearPlaces = ctx.keyPlaces.filter((k) => ['CROWDED_PLACE', 'MARKET', 'SCHOOL', 'KINDERGARTEN', 'ELDERLY_CARE'].includes(k.type));
  for (let i = 0; i < scaled(ctx, LAYER_COUNTS.fireHazards); i++) {
    const placeType = rng.weighted(PLACE_WEIGHTS);
    const kind = rng.weighted(KIND_WEIGHTS);
    const nearKp = (placeType === 'SCHOOL' || placeType === 'CROWDED' || placeType === 'MARKET') && rng.chance(0.6);
    const near = nearKp ? rng.pick(nearPlaces).point : null;
    const point = near ? ctx.sampler.around(rng, [near.lng, near.lat], 120) : ctx.sampler.byPopulation(rng, 2.5);
    const major = rng.chance(placeType === 'HIGH_RISE' || placeType === 'CROWDED' ? 0.15 : 0.05);
    // Recent finds are more frequent (a campaign-style year): age skewed towards now.
    const foundAt = now - Math.pow(rng.next(), 1.6) * 365 * DAY_MS;
    const t = fireTimeline(rng, foundAt, major);
    const status = now < t.registered ? 'REGISTERED' : now < t.rectified ? 'RECTIFYING' : now < t.rechecked ? 'RECHECK' : 'CLOSED';
    const lastStep = { REGISTERED: foundAt, RECTIFYING: t.registered, RECHECK: t.rectified, CLOSED: t.rechecked }[status];
    const placeName = `${stem(ctx.names.get(point.place.communityCode) ?? '')}${rng.pick(PLACE_SUFFIX[placeType])}`;
    yield [
      'fire_hazards',
      {
        id: `FH${String(i + 1).padStart(7, '0')}`,
        place_name: placeName,
        place_type: placeType,
        place_type_label: labelOf(FIRE_PLACE_TYPE, placeType),
        hazard_kind: kind,
        hazard_kind_label: labelOf(FIRE_HAZARD_KIND, kind),
        grade: major ? 'MAJOR' : 'GENERAL',
        grade_label: labelOf(FIRE_HAZARD_GRADE, major ? 'MAJOR' : 'GENERAL'),
        status,
        status_label: labelOf(FIRE_HAZARD_STATUS, status),
        found_at: iso(foundAt),
        deadline: isoDate(t.deadline),
        closed_at: status === 'CLOSED' ? iso(t.rechecked) : null,
        address: addressOf(ctx, rng, point.place),
        ...placeColumns(point.place),
        lng: point.lng,
        lat: point.lat,
        updated_at: iso(lastStep),
      },
    ];
  }
}
