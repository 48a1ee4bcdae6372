/**
 * Key places (Arts. 26, 28, 29): GENERATED schools, hospitals, stations, ... Not scaled: dedicated
 * grids are drawn around some of them and grids are structural. Government offices sit at the street
 * sites, township health centres in every rural township.
 */
import type { GenContext } from '../core/context.ts';
import { KEY_PLACE_TYPE } from '../../protocol/codes.ts';
import type { LngLat } from '../core/geo.ts';
import { BRANDS, stem } from '../core/names.ts';
import { createRng, type Rng } from '../core/prng.ts';
import type { LocatedPoint, PointSampler } from '../core/sampling.ts';
import type { AdminPlan } from './admin.ts';

export type KeyPlaceType = keyof typeof KEY_PLACE_TYPE;

export interface KeyPlace {
  id: string;
  name: string;
  type: KeyPlaceType;
  point: LocatedPoint;
  /** Radius (m) of its dedicated grid, if it gets one. */
  dedicatedMetres?: number;
}

interface Spec {
  type: KeyPlaceType;
  count: number;
  /** Urban boost for population-weighted placement; 'corridor' places half of them on main roads. */
  urbanBoost: number;
  corridor?: boolean;
  dedicated: number;
  bufferMetres: number;
  name(rng: Rng, p: LocatedPoint, i: number, names: ReadonlyMap<string, string>): string;
}

const commStem = (p: LocatedPoint, names: ReadonlyMap<string, string>) => stem(names.get(p.place.communityCode) ?? '');
const streetStem = (p: LocatedPoint, names: ReadonlyMap<string, string>) => stem(names.get(p.place.streetCode) ?? '');
const CN_NUM = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

const SPECS: Spec[] = [
  { type: 'SCHOOL', count: 900, urbanBoost: 2, dedicated: 0.3, bufferMetres: 180,
    name: (r, p, i, n) => (i % 3 === 0 ? `${streetStem(p, n)}第${r.pick(CN_NUM)}初级中学` : `${commStem(p, n)}小学`) },
  { type: 'KINDERGARTEN', count: 700, urbanBoost: 3, dedicated: 0, bufferMetres: 0, name: (r, p, _i, n) => `${commStem(p, n)}${r.pick(['', '阳光', '育才', '金太阳'])}幼儿园` },
  { type: 'HOSPITAL', count: 60, urbanBoost: 8, dedicated: 1, bufferMetres: 200, name: (r, p, _i, n) => `${streetStem(p, n)}${r.pick(['人民医院', '中医院', '骨科医院', '妇幼保健院', '中心医院'])}` },
  { type: 'ELDERLY_CARE', count: 150, urbanBoost: 1.5, dedicated: 0, bufferMetres: 0, name: (r, p, _i, n) => `${streetStem(p, n)}${r.pick(['敬老院', '颐养中心', '养老服务中心'])}` },
  { type: 'CROWDED_PLACE', count: 120, urbanBoost: 10, dedicated: 0.8, bufferMetres: 200, name: (r, p, _i, n) => `${r.pick(BRANDS.mall)}(${streetStem(p, n)}店)` },
  { type: 'GAS_STATION', count: 260, urbanBoost: 1, corridor: true, dedicated: 0, bufferMetres: 0, name: (r, p, i, n) => `${r.pick(BRANDS.gas)}${streetStem(p, n)}加油站${i % 4 === 0 ? '二站' : ''}` },
  { type: 'HAZMAT', count: 60, urbanBoost: 0.3, corridor: true, dedicated: 0.5, bufferMetres: 350, name: (r, p, _i, n) => `安阳${streetStem(p, n)}${r.pick(['化工', '燃气', '化学', '气体'])}有限公司` },
  { type: 'LOGISTICS', count: 350, urbanBoost: 3, dedicated: 0, bufferMetres: 0, name: (r, p, _i, n) => `${r.pick(BRANDS.logistics)}${streetStem(p, n)}网点` },
  { type: 'MARKET', count: 180, urbanBoost: 2, dedicated: 0.3, bufferMetres: 150, name: (_r, p, _i, n) => `${commStem(p, n)}农贸市场` },
  { type: 'PARK', count: 80, urbanBoost: 6, dedicated: 0.6, bufferMetres: 250, name: (r, p, _i, n) => `${streetStem(p, n)}${r.pick(['公园', '广场', '游园'])}` },
  { type: 'ENTERPRISE', count: 150, urbanBoost: 0.5, corridor: true, dedicated: 0.5, bufferMetres: 300,
    name: (r, p, _i, n) => `安阳${streetStem(p, n)}${r.pick(BRANDS.industry)}有限公司` },
];

const STATIONS: { name: string; at: LngLat }[] = [
  { name: '安阳站', at: [114.3805, 36.0985] },
  { name: '安阳东站', at: [114.4685, 36.0915] },
  { name: '安阳汽车站', at: [114.3742, 36.0962] },
  { name: '安阳汽车西站', at: [114.3125, 36.0999] },
  { name: '林州汽车站', at: [113.8245, 36.0822] },
  { name: '汤阴站', at: [114.3612, 35.9244] },
  { name: '滑县汽车站', at: [114.5225, 35.5782] },
  { name: '内黄汽车站', at: [114.9035, 35.9688] },
  { name: '安阳红旗渠机场', at: [114.4875, 36.0205] },
];

function governmentOffices(admin: AdminPlan, sampler: PointSampler, rng: Rng): Omit<KeyPlace, 'id'>[] {
  const offices: Omit<KeyPlace, 'id'>[] = [];
  for (const d of admin.districts) {
    offices.push({ name: `${d.name}${d.code === '410571' ? '管委会' : '人民政府'}`, type: 'GOVERNMENT', point: sampler.around(rng, d.centre, 300), dedicatedMetres: 150 });
  }
  for (const s of admin.streets) {
    offices.push({ name: `${s.name}${s.urban ? '办事处' : '人民政府'}`, type: 'GOVERNMENT', point: sampler.around(rng, s.site, 150) });
    if (!s.urban) offices.push({ name: `${stem(s.name)}${s.name.endsWith('乡') ? '乡' : '镇'}卫生院`, type: 'HOSPITAL', point: sampler.around(rng, s.site, 400) });
  }
  return offices;
}

export function generateKeyPlaces(ctx: Pick<GenContext, 'seed' | 'admin' | 'sampler' | 'names'>): KeyPlace[] {
  const rng = createRng(ctx.seed, 'key-places');
  const places: Omit<KeyPlace, 'id'>[] = [];
  for (const s of STATIONS) places.push({ name: s.name, type: 'STATION', point: ctx.sampler.around(rng, s.at, 30), dedicatedMetres: 300 });
  places.push(...governmentOffices(ctx.admin, ctx.sampler, rng));
  for (const spec of SPECS) {
    for (let i = 0; i < spec.count; i++) {
      const point = spec.corridor && rng.chance(0.5) ? ctx.sampler.alongCorridor(rng, 150) : ctx.sampler.byPopulation(rng, spec.urbanBoost);
      const dedicated = rng.chance(spec.dedicated) ? spec.bufferMetres : undefined;
      places.push({ name: spec.name(rng, point, i, ctx.names), type: spec.type, point, dedicatedMetres: dedicated });
    }
  }
  return places.map((p, i) => ({ ...p, id: `KP${String(i + 1).padStart(6, '0')}` }));
}
