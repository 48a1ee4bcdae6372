/**
 * Which cameras can SEE a point (issue 11 "Context around an incident"): the point lies inside the camera's
 * viewing sector — within its useful range for its PTZ type (dispatch-config.ts cameraRangeMeters) and within
 * half its field of view either side of the direction it faces. A camera without a direction, or with a field of
 * view of 360°, sees all round (a dome turned by the operator). An offline camera sees nothing now but is still
 * reported, with why. Pure.
 */
import { angleBetween, bearingDeg, distanceMeters, type LngLat } from './geodesy.ts';
import { cameraRangeMeters, DISPATCH_CONFIG, type DispatchConfig } from './dispatch-config.ts';

export interface CameraView {
  position: LngLat;
  ptzType: number | string;
  directionDeg: number | null;
  fovDeg: number | null;
  online: boolean;
}

export type SightReason = 'SEES' | 'OUT_OF_RANGE' | 'FACING_AWAY' | 'OFFLINE';

export interface Sight {
  sees: boolean;
  reason: SightReason;
  distanceMeters: number;
  /** Bearing from the camera to the point (degrees from north). */
  bearingDeg: number;
  rangeMeters: number;
}

/** Whether the point is inside the sector [direction − fov/2, direction + fov/2] up to `rangeMeters`. */
export function inSector(view: Pick<CameraView, 'position' | 'directionDeg' | 'fovDeg'>, point: LngLat, rangeMeters: number): boolean {
  if (distanceMeters(view.position, point) > rangeMeters) return false;
  if (view.directionDeg === null || view.fovDeg === null || view.fovDeg >= 360) return true;
  return angleBetween(bearingDeg(view.position, point), view.directionDeg) <= view.fovDeg / 2;
}

/** What a camera makes of a point: whether it sees it and, if not, why. */
export function cameraSight(view: CameraView, point: LngLat, config: DispatchConfig = DISPATCH_CONFIG): Sight {
  const rangeMeters = cameraRangeMeters(view.ptzType, config);
  const d = distanceMeters(view.position, point);
  const bearing = bearingDeg(view.position, point);
  const base = { distanceMeters: d, bearingDeg: bearing, rangeMeters };
  if (d > rangeMeters) return { ...base, sees: false, reason: 'OUT_OF_RANGE' };
  if (!inSector(view, point, rangeMeters)) return { ...base, sees: false, reason: 'FACING_AWAY' };
  if (!view.online) return { ...base, sees: false, reason: 'OFFLINE' };
  return { ...base, sees: true, reason: 'SEES' };
}
