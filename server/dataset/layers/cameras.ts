/**
 * Cameras 视频点位 (Art. 11), GENERATED: dense in the urban districts, at key places and along the
 * main corridors; GB/T 28181 ids (centre 41050000 + industry + type + serial), PTZ type, point class,
 * ~4 % offline, direction and field of view.
 */
import { CAMERA_POINT_CLASS, CAMERA_PTZ_TYPE, DEVICE_STATUS, labelOf } from '../../protocol/codes.ts';
import { addressOf, DAY_MS, isoDate, placeColumns, scaled, type GenContext, type RowStream } from '../core/context.ts';
import { LAYER_COUNTS } from '../core/constants.ts';
import { cameraId } from '../core/identity.ts';
import { intersectionName, stem } from '../core/names.ts';
import { createRng, type Rng } from '../core/prng.ts';
import type { LocatedPoint } from '../core/sampling.ts';

type Mode = 'urban' | 'keyPlace' | 'corridor' | 'rural';
const MODES: Record<Mode, number> = { urban: 45, keyPlace: 20, corridor: 25, rural: 10 };
const PTZ: Record<Mode, Record<string, number>> = {
  urban: { '1': 25, '2': 20, '3': 35, '4': 5, '5': 5, '6': 5, '7': 5 },
  keyPlace: { '1': 15, '2': 35, '3': 35, '5': 10, '6': 5 },
  corridor: { '1': 30, '3': 45, '4': 10, '6': 10, '7': 5 },
  rural: { '1': 30, '2': 10, '3': 55, '6': 5 },
};
const CLASS: Record<Mode, Record<string, number>> = {
  urban: { '1': 35, '2': 15, '3': 45, '9': 5 },
  keyPlace: { '1': 15, '2': 70, '3': 10, '9': 5 },
  corridor: { '1': 85, '2': 5, '3': 5, '9': 5 },
  rural: { '1': 10, '2': 10, '3': 75, '9': 5 },
};
const FOV: Record<string, readonly [number, number]> = {
  '1': [360, 360], '2': [90, 120], '3': [60, 100], '4': [50, 90], '5': [90, 120], '6': [180, 360], '7': [120, 200],
};
const SPOTS = ['大门', '出入口', '周界', '停车场', '广场', '主楼前'];
const VILLAGE_SPOTS = ['村口', '主街', '文化广场', '村委会门口', '十字路口'];
const DIRECTIONS = ['东向西', '西向东', '南向北', '北向南'];

interface Placed {
  mode: Mode;
  point: LocatedPoint;
  name: string;
  unit: string;
}

function place(ctx: GenContext, rng: Rng, mode: Mode): Placed {
  const n = (code: string) => ctx.names.get(code) ?? '';
  if (mode === 'keyPlace') {
    const kp = rng.pick(ctx.keyPlaces);
    const point = ctx.sampler.around(rng, [kp.point.lng, kp.point.lat], 60);
    return { mode, point, name: `${kp.name}${rng.pick(SPOTS)}`, unit: kp.name };
  }
  if (mode === 'corridor') {
    const point = ctx.sampler.alongCorridor(rng, 30);
    const name = `${point.corridor}${stem(n(point.place.streetCode))}段${rng.int(1, 300)}号杆`;
    return { mode, point, name, unit: `${n(point.place.districtCode)}公安局交警大队` };
  }
  const point = ctx.sampler.byPopulation(rng, mode === 'urban' ? 4 : 1);
  const name =
    mode === 'urban'
      ? `${intersectionName(rng)}${rng.pick(DIRECTIONS)}`
      : `${stem(n(point.place.communityCode))}村${rng.pick(VILLAGE_SPOTS)}`;
  return { mode, point, name, unit: `${stem(n(point.place.streetCode))}派出所` };
}

const industryOf = (rng: Rng, mode: Mode) =>
  mode === 'corridor' ? rng.pick(['04', '04', '00']) : mode === 'keyPlace' ? '02' : mode === 'rural' ? '01' : rng.pick(['00', '00', '01']);

export function* cameraRows(ctx: GenContext): RowStream {
  const rng = createRng(ctx.seed, 'cameras');
  const count = scaled(ctx, LAYER_COUNTS.cameras);
  const since = Date.UTC(2015, 0, 1);
  const until = ctx.now.getTime() - 30 * DAY_MS;
  for (let i = 0; i < count; i++) {
    const p = place(ctx, rng, rng.weighted(MODES));
    const ptz = rng.weighted(PTZ[p.mode]);
    const pointClass = rng.weighted(CLASS[p.mode]);
    const off = rng.chance(p.mode === 'rural' ? 0.07 : 0.035);
    const [fovMin, fovMax] = FOV[ptz]!;
    yield [
      'cameras',
      {
        id: cameraId(industryOf(rng, p.mode), rng.chance(0.7) ? '132' : '131', i + 1),
        name: p.name,
        ptz_type: Number(ptz),
        ptz_type_label: labelOf(CAMERA_PTZ_TYPE, ptz),
        point_class: Number(pointClass),
        point_class_label: labelOf(CAMERA_POINT_CLASS, pointClass),
        status: off ? 'OFF' : 'ON',
        status_label: labelOf(DEVICE_STATUS, off ? 'OFF' : 'ON'),
        direction_deg: rng.int(0, 359),
        fov_deg: rng.int(fovMin, fovMax),
        management_unit: p.unit,
        address: addressOf(ctx, rng, p.point.place),
        installed_on: isoDate(rng.range(since, until)),
        ...placeColumns(p.point.place),
        lng: p.point.lng,
        lat: p.point.lat,
      },
    ];
  }
}
