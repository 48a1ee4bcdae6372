/**
 * Rental housing 出租房屋 (Art. 27), GENERATED: concentrated in the urban districts and county towns;
 * lessor type, use, tenants and floating population, registration, hazard level, last check.
 * Personal data (lessor and tenant identities) goes to rental_housing_personal: FAKE but well-formed
 * names, mobile numbers and 18-digit ID numbers with valid check digits.
 */
import { labelOf, LESSOR_TYPE, RENTAL_REGISTRATION, RENTAL_USE, RISK_LEVEL } from '../../protocol/codes.ts';
import { DAY_MS, isoDate, placeColumns, scaled, type GenContext, type RowStream } from '../core/context.ts';
import { LAYER_COUNTS } from '../core/constants.ts';
import { idNumber, mobile } from '../core/identity.ts';
import { personName, ROADS, stem } from '../core/names.ts';
import { createRng, type Rng } from '../core/prng.ts';
import type { Place } from '../core/locator.ts';

type Use = keyof typeof RENTAL_USE;
const USE: Record<Use, number> = { RESIDENTIAL: 80, BUSINESS: 10, STORAGE: 4, GROUP_RENTAL: 6 };
const LESSOR: Record<keyof typeof LESSOR_TYPE, number> = { PERSON: 85, ORGANISATION: 8, AGENCY: 7 };
const TENANTS: Record<Use, readonly [number, number]> = { RESIDENTIAL: [1, 4], BUSINESS: [1, 5], STORAGE: [0, 1], GROUP_RENTAL: [6, 15] };
const HAZARD_BASE = { NONE: 70, LOW: 15, GENERAL: 10, LARGER: 4, MAJOR: 1 };
const HAZARD_GROUP = { NONE: 30, LOW: 25, GENERAL: 25, LARGER: 15, MAJOR: 5 };
/** Birth-registration regions of the floating population: other Henan counties and nearby provinces. */
const ELSEWHERE = ['410102', '410202', '410305', '410411', '410621', '410702', '410825', '410922', '411081', '411421', '130402', '140402', '370502', '342201'];
const ANYANG = ['410502', '410503', '410505', '410506', '410522', '410523', '410526', '410527', '410581'];

function rentalAddress(ctx: GenContext, rng: Rng, place: Place): string {
  const d = ctx.names.get(place.districtCode) ?? '';
  if (!ctx.urbanCommunities.has(place.communityCode)) {
    return `${d}${ctx.names.get(place.streetCode) ?? ''}${stem(ctx.names.get(place.communityCode) ?? '')}村${rng.int(1, 300)}号`;
  }
  return `${d}${rng.pick(ROADS)}${rng.int(1, 400)}号${rng.int(1, 24)}号楼${rng.int(1, 4)}单元${rng.int(1, 18)}0${rng.int(1, 4)}室`;
}

const person = (rng: Rng, region: string) => ({ name: personName(rng), phone: mobile(rng), idNumber: idNumber(rng, region) });

export function* rentalRows(ctx: GenContext): RowStream {
  const rng = createRng(ctx.seed, 'rental-housing');
  const now = ctx.now.getTime();
  for (let i = 0; i < scaled(ctx, LAYER_COUNTS.rentalHousing); i++) {
    const point = ctx.sampler.byPopulation(rng, 3);
    const use = rng.weighted(USE);
    const lessor = rng.weighted(LESSOR);
    const tenantCount = rng.int(...TENANTS[use]);
    const tenants = Array.from({ length: tenantCount }, () => person(rng, rng.chance(0.55) ? rng.pick(ELSEWHERE) : rng.pick(ANYANG)));
    const floating = tenants.filter((t) => !ANYANG.includes(t.idNumber.slice(0, 6))).length;
    const registered = rng.chance(use === 'GROUP_RENTAL' ? 0.6 : 0.87);
    const hazard = rng.weighted(use === 'GROUP_RENTAL' ? HAZARD_GROUP : HAZARD_BASE);
    const id = `RH${String(i + 1).padStart(8, '0')}`;
    const owner = person(rng, rng.pick(ANYANG));
    yield [
      'rental_housing',
      {
        id,
        address: rentalAddress(ctx, rng, point.place),
        lessor_type: lessor,
        lessor_type_label: labelOf(LESSOR_TYPE, lessor),
        use,
        use_label: labelOf(RENTAL_USE, use),
        tenant_count: tenantCount,
        floating_count: floating,
        registration: registered ? 'REGISTERED' : 'UNREGISTERED',
        registration_label: labelOf(RENTAL_REGISTRATION, registered ? 'REGISTERED' : 'UNREGISTERED'),
        hazard_level: hazard,
        hazard_level_label: labelOf(RISK_LEVEL, hazard),
        last_checked_on: rng.chance(0.95) ? isoDate(now - rng.range(0, 180) * DAY_MS) : null,
        ...placeColumns(point.place),
        lng: point.lng,
        lat: point.lat,
      },
    ];
    yield [
      'rental_housing_personal',
      {
        housing_id: id,
        lessor_name: lessor === 'PERSON' ? owner.name : `安阳${stem(ctx.names.get(point.place.streetCode) ?? '')}${lessor === 'AGENCY' ? '房产中介' : '置业'}有限公司`,
        lessor_phone: owner.phone,
        lessor_id_number: owner.idNumber,
        tenants,
      },
    ];
  }
}
