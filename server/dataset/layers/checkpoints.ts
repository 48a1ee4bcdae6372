/**
 * Public-security facilities (Art. 12), GENERATED: police checkpoints where the main corridors cross a
 * county border or leave the city, one police station per street, electronic gates (卡口) on corridors
 * and urban junctions, security checkpoints, street police posts and alarm posts in crowded areas.
 * Police checkpoints and stations are structural (not scaled); the rest scale.
 */
import { CHECKPOINT_FUNCTION, CHECKPOINT_TYPE, DEVICE_STATUS, labelOf } from '../../protocol/codes.ts';
import { addressOf, placeColumns, scaled, type GenContext, type Row, type RowStream } from '../core/context.ts';
import { LAYER_COUNTS } from '../core/constants.ts';
import { intersectionName, stem } from '../core/names.ts';
import { createRng, type Rng } from '../core/prng.ts';
import type { LocatedPoint } from '../core/sampling.ts';

type CheckpointType = keyof typeof CHECKPOINT_TYPE;
const FUNCTION_SETS = [['03'], ['03'], ['01', '02'], ['01', '02', '03'], ['03', '04'], ['01', '02', '03', '04'], ['01', '02', '03', '05']];
const CROWDED = new Set(['CROWDED_PLACE', 'SCHOOL', 'PARK', 'STATION', 'MARKET', 'HOSPITAL']);

function row(ctx: GenContext, rng: Rng, id: number, type: CheckpointType, point: LocatedPoint, name: string, staffed: boolean): Row {
  const functions = type === 'ELECTRONIC_CHECKPOINT' ? rng.pick(FUNCTION_SETS) : null;
  const off = rng.chance(type === 'ELECTRONIC_CHECKPOINT' || type === 'ALARM_POST' ? 0.04 : 0.01);
  return {
    id: `CK${String(id).padStart(7, '0')}`,
    name,
    type,
    type_label: labelOf(CHECKPOINT_TYPE, type),
    functions: functions ? functions.join(',') : null,
    function_labels: functions ? functions.map((f) => labelOf(CHECKPOINT_FUNCTION, f)).join(',') : null,
    staffed,
    status: off ? 'OFF' : 'ON',
    status_label: labelOf(DEVICE_STATUS, off ? 'OFF' : 'ON'),
    address: addressOf(ctx, rng, point.place),
    ...placeColumns(point.place),
    lng: point.lng,
    lat: point.lat,
  };
}

export function* checkpointRows(ctx: GenContext): RowStream {
  const rng = createRng(ctx.seed, 'checkpoints');
  const n = (code: string | null) => (code ? (ctx.names.get(code) ?? '') : '');
  let id = 0;
  for (const x of ctx.sampler.corridorCrossings()) {
    const name = `${x.corridor}${n(x.point.place.districtCode)}${x.to === null || x.from === null ? '市界' : '县界'}公安检查站`;
    yield ['checkpoints', row(ctx, rng, ++id, 'POLICE_CHECKPOINT', x.point, name, true)];
  }
  for (const s of ctx.admin.streets) {
    const p = ctx.sampler.around(rng, s.site, 250);
    yield ['checkpoints', row(ctx, rng, ++id, 'POLICE_STATION', p, `${stem(s.name)}派出所`, true)];
  }
  for (let i = 0; i < scaled(ctx, LAYER_COUNTS.electronicCheckpoints); i++) {
    const c = rng.chance(0.5) ? ctx.sampler.alongCorridor(rng, 20) : null;
    const p = c ?? ctx.sampler.byPopulation(rng, 6);
    const name = c ? `${c.corridor}${stem(n(p.place.streetCode))}电子卡口` : `${intersectionName(rng)}电子卡口`;
    yield ['checkpoints', row(ctx, rng, ++id, 'ELECTRONIC_CHECKPOINT', p, name, false)];
  }
  const crowded = ctx.keyPlaces.filter((k) => CROWDED.has(k.type));
  const nearCrowded = (sigma: number) => {
    const k = rng.pick(crowded);
    return { p: ctx.sampler.around(rng, [k.point.lng, k.point.lat], sigma), near: k.name };
  };
  for (let i = 0; i < scaled(ctx, LAYER_COUNTS.securityCheckpoints); i++) {
    const { p, near } = nearCrowded(150);
    yield ['checkpoints', row(ctx, rng, ++id, 'SECURITY_CHECKPOINT', p, `${near}治安卡点`, rng.chance(0.8))];
  }
  for (let i = 0; i < scaled(ctx, LAYER_COUNTS.streetPolicePosts); i++) {
    const p = ctx.sampler.byPopulation(rng, 12);
    yield ['checkpoints', row(ctx, rng, ++id, 'STREET_POLICE_STATION', p, `${stem(n(p.place.streetCode))}${rng.pick(['', '中心', '广场'])}街面警务站${i + 1}号`, true)];
  }
  for (let i = 0; i < scaled(ctx, LAYER_COUNTS.alarmPosts); i++) {
    const { p, near } = rng.chance(0.6) ? nearCrowded(80) : { p: ctx.sampler.byPopulation(rng, 6), near: intersectionName(rng) };
    yield ['checkpoints', row(ctx, rng, ++id, 'ALARM_POST', p, `${near}一键报警柱`, false)];
  }
}
