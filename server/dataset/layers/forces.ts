/**
 * People and stock, GENERATED: grid workers (one per comprehensive and dedicated grid, plus a 网格长
 * in communities of three grids or more; not scaled), emergency supply depots (city, county, township;
 * not scaled) with stock per category, and response units (scaled) with a status mix.
 */
import { DEPOT_LEVEL, GRID_WORKER_ROLE, labelOf, SUPPLY_CATEGORY, UNIT_STATUS, UNIT_TYPE } from '../../protocol/codes.ts';
import { CITY_CENTRE } from '../core/constants.ts';
import { iso, scaled, type GenContext, type Row } from '../core/context.ts';
import { dist2, METRES_PER_DEG_LAT, type LngLat } from '../core/geo.ts';
import { mobile } from '../core/identity.ts';
import { personName, stem } from '../core/names.ts';
import { createRng } from '../core/prng.ts';
import { LAYER_COUNTS } from '../core/constants.ts';

export interface WorkerRows {
  workers: Row[];
  personal: Row[];
}

export function gridWorkerRows(ctx: GenContext): WorkerRows {
  const rng = createRng(ctx.seed, 'grid-workers');
  const now = ctx.now.getTime();
  const workers: Row[] = [];
  const personal: Row[] = [];
  const perCommunity = new Map<string, number>();
  for (const g of ctx.grids) if (g.type === 'COMPREHENSIVE') perCommunity.set(g.communityCode, (perCommunity.get(g.communityCode) ?? 0) + 1);
  const headDone = new Set<string>();
  const add = (g: (typeof ctx.grids)[number], role: keyof typeof GRID_WORKER_ROLE) => {
    const id = `GW${String(workers.length + 1).padStart(6, '0')}`;
    const online = rng.chance(role === 'FULL_TIME' ? 0.65 : role === 'GRID_HEAD' ? 0.5 : 0.4);
    const at = ctx.sampler.around(rng, g.site, Math.max(30, g.radius * 0.4 * METRES_PER_DEG_LAT));
    workers.push({
      id,
      grid_code: g.code,
      name: personName(rng),
      role,
      role_label: labelOf(GRID_WORKER_ROLE, role),
      online,
      last_seen_at: iso(online ? now - rng.range(0, 60_000) : now - rng.range(1, 48) * 3_600_000),
      district_code: g.districtCode,
      lng: at.lng,
      lat: at.lat,
    });
    personal.push({ worker_id: id, phone: mobile(rng) });
  };
  for (const g of ctx.grids) {
    if (g.type === 'COMPREHENSIVE' && (perCommunity.get(g.communityCode) ?? 0) >= 3 && !headDone.has(g.communityCode)) {
      headDone.add(g.communityCode);
      add(g, 'GRID_HEAD');
    }
    add(g, g.type === 'COMPREHENSIVE' && g.urban ? 'FULL_TIME' : 'PART_TIME');
  }
  return { workers, personal };
}

const STOCK: Record<keyof typeof SUPPLY_CATEGORY, readonly [string, string, number][]> = {
  FLOOD: [['编织袋', '条', 20_000], ['救生衣', '件', 800], ['冲锋舟', '艘', 10], ['抽水泵', '台', 40], ['防汛沙袋', '袋', 10_000]],
  FIRE: [['灭火器', '具', 1_500], ['消防水带', '盘', 300], ['防火服', '套', 120], ['风力灭火机', '台', 60]],
  MEDICAL: [['急救包', '个', 600], ['担架', '副', 80], ['医用口罩', '只', 50_000], ['消毒液', '桶', 400]],
  LIVING: [['帐篷', '顶', 400], ['折叠床', '张', 800], ['棉被', '床', 2_000], ['矿泉水', '箱', 3_000], ['方便食品', '箱', 2_500]],
  COMMUNICATION: [['卫星电话', '部', 20], ['对讲机', '部', 200], ['应急通信车', '辆', 2]],
  LIGHTING: [['应急照明灯', '台', 150], ['移动照明灯塔', '台', 20], ['强光手电', '只', 600]],
  POWER: [['柴油发电机', '台', 30], ['移动电源', '台', 80]],
};
const LEVEL_FACTOR = { CITY: 1, COUNTY: 0.35, TOWNSHIP: 0.08 };

export function depotRows(ctx: GenContext): { depots: Row[]; stock: Row[] } {
  const rng = createRng(ctx.seed, 'depots');
  const depots: Row[] = [];
  const stock: Row[] = [];
  const add = (level: keyof typeof LEVEL_FACTOR, name: string, at: LngLat) => {
    const p = ctx.sampler.around(rng, at, 500);
    const id = `DP${String(depots.length + 1).padStart(4, '0')}`;
    depots.push({
      id, name, level, level_label: labelOf(DEPOT_LEVEL, level), address: `${ctx.names.get(p.place.districtCode)}${ctx.names.get(p.place.streetCode)}`,
      district_code: p.place.districtCode, street_code: p.place.streetCode, lng: p.lng, lat: p.lat,
    });
    for (const [category, items] of Object.entries(STOCK) as [keyof typeof SUPPLY_CATEGORY, (typeof STOCK)['FLOOD']][]) {
      for (const [item, unit, base] of items) {
        if (level === 'TOWNSHIP' && rng.chance(0.35)) continue;
        const quantity = Math.max(level === 'TOWNSHIP' ? 1 : 2, Math.round(base * LEVEL_FACTOR[level] * rng.range(0.5, 1.5)));
        stock.push({ depot_id: id, category, category_label: labelOf(SUPPLY_CATEGORY, category), item, quantity, unit });
      }
    }
  };
  add('CITY', '安阳市应急物资储备库', CITY_CENTRE);
  for (const d of ctx.admin.districts) add('COUNTY', `${d.name}应急物资储备库`, d.centre);
  const rural = ctx.admin.streets.filter((s) => !s.urban);
  for (const s of rural.filter(() => rng.chance(0.55))) add('TOWNSHIP', `${s.name}应急物资储备点`, s.site);
  return { depots, stock };
}

const UNIT_MIX: Record<keyof typeof UNIT_TYPE, { share: number; head: readonly [number, number]; boost: number }> = {
  POLICE_PATROL: { share: 0.27, head: [2, 4], boost: 4 },
  FIRE_RESCUE: { share: 0.08, head: [5, 8], boost: 2 },
  MEDICAL: { share: 0.1, head: [3, 4], boost: 3 },
  GRID_WORKER: { share: 0.27, head: [1, 1], boost: 2 },
  RESCUE_TEAM: { share: 0.05, head: [10, 40], boost: 1 },
  SOCIAL_RESCUE: { share: 0.06, head: [8, 30], boost: 1 },
  VOLUNTEER: { share: 0.17, head: [1, 10], boost: 2 },
};
const STATUS = { AVAILABLE: 55, DISPATCHED: 5, EN_ROUTE: 7, ON_SCENE: 8, OFF_DUTY: 25 };
const CALL = { POLICE_PATROL: '巡', FIRE_RESCUE: '消', MEDICAL: '急', GRID_WORKER: '格', RESCUE_TEAM: '救', SOCIAL_RESCUE: '援', VOLUNTEER: '志' };

export function unitRows(ctx: GenContext, workers: readonly Row[], depots: readonly Row[]): Row[] {
  const rng = createRng(ctx.seed, 'units');
  const now = ctx.now.getTime();
  const total = scaled(ctx, LAYER_COUNTS.units);
  const rows: Row[] = [];
  const perDistrict = new Map<string, number>();
  for (const [type, mix] of Object.entries(UNIT_MIX) as [keyof typeof UNIT_TYPE, (typeof UNIT_MIX)['VOLUNTEER']][]) {
    const count = type === 'GRID_WORKER' ? Math.min(workers.length, Math.round(total * mix.share)) : Math.max(1, Math.round(total * mix.share));
    for (let i = 0; i < count; i++) {
      const worker = type === 'GRID_WORKER' ? workers[Math.floor((i * workers.length) / count)]! : null;
      const p = worker ? ctx.sampler.around(rng, [worker.lng as number, worker.lat as number], 80) : ctx.sampler.byPopulation(rng, mix.boost);
      const status = rng.weighted(STATUS);
      const moving = status === 'EN_ROUTE' || status === 'DISPATCHED';
      const n = (perDistrict.get(`${type}${p.place.districtCode}`) ?? 0) + 1;
      perDistrict.set(`${type}${p.place.districtCode}`, n);
      const nearestDepot = type === 'RESCUE_TEAM' || type === 'FIRE_RESCUE' ? nearest(depots, [p.lng, p.lat]) : null;
      const district = stem(ctx.names.get(p.place.districtCode) ?? '').replace(/[区县市]$/, '');
      rows.push({
        id: `U${String(rows.length + 1).padStart(6, '0')}`,
        name: worker ? `网格员${worker.name}` : `${district}${labelOf(UNIT_TYPE, type)}${n}组`,
        callsign: `${district.slice(0, 2)}${CALL[type]}${String(n).padStart(2, '0')}`,
        type, type_label: labelOf(UNIT_TYPE, type),
        status, status_label: labelOf(UNIT_STATUS, status),
        headcount: rng.int(...mix.head),
        grid_worker_id: worker ? (worker.id as string) : null,
        home_depot_id: nearestDepot,
        heading_deg: moving ? rng.int(0, 359) : null,
        speed_kmh: moving ? Math.round(rng.range(15, 60)) : status === 'OFF_DUTY' ? null : 0,
        position_at: iso(now - rng.range(0, status === 'OFF_DUTY' ? 8 * 3_600_000 : 60_000)),
        district_code: p.place.districtCode,
        street_code: p.place.streetCode,
        community_code: p.place.communityCode,
        lng: p.lng, lat: p.lat,
      });
    }
  }
  return rows;
}

function nearest(depots: readonly Row[], p: LngLat): string | null {
  let best: string | null = null;
  let bestD = Infinity;
  for (const d of depots) {
    const dd = dist2(p, [d.lng as number, d.lat as number]);
    if (dd < bestD) { bestD = dd; best = d.id as string; }
  }
  return best;
}
