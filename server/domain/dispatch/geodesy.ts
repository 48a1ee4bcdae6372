/**
 * Distances and bearings on the sphere for dispatch (EPSG:4326, [lng, lat] in degrees, metres). Pure.
 * The haversine distance differs from PostGIS's spheroid distance by < 0.5 %, which the ranking never relies on:
 * the server ranks on the database's distance (ST_Distance on geography) and these are for the pure rules
 * (camera sight, coverage) where a few metres do not matter.
 */
export type LngLat = readonly [number, number];

export const EARTH_RADIUS_M = 6_371_008.8;
const RAD = Math.PI / 180;

/** Great-circle distance in metres. */
export function distanceMeters(a: LngLat, b: LngLat): number {
  const dLat = (b[1] - a[1]) * RAD;
  const dLng = (b[0] - a[0]) * RAD;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a[1] * RAD) * Math.cos(b[1] * RAD) * Math.sin(dLng / 2) ** 2;
  return metresOfHaversine(h);
}

/**
 * The haversine term h = sin²(Δφ/2) + cos φ1 cos φ2 sin²(Δλ/2) of two points given in radians with the cosines of
 * their latitudes (worked out once per point by callers that compare many pairs). It grows with the distance,
 * which is metresOfHaversine(h): comparing h spares the arcsine.
 */
export function haversineTerm(phi1: number, lambda1: number, cos1: number, phi2: number, lambda2: number, cos2: number): number {
  const s = Math.sin((phi2 - phi1) / 2);
  const t = Math.sin((lambda2 - lambda1) / 2);
  return s * s + cos1 * cos2 * t * t;
}

/** The great-circle distance (metres) of a haversine term. */
export const metresOfHaversine = (h: number): number => 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));

/** Initial bearing from a to b, degrees clockwise from north in [0, 360). */
export function bearingDeg(a: LngLat, b: LngLat): number {
  const φ1 = a[1] * RAD;
  const φ2 = b[1] * RAD;
  const Δλ = (b[0] - a[0]) * RAD;
  const y = Math.sin(Δλ) * Math.cos(φ2);
  const x = Math.cos(φ1) * Math.sin(φ2) - Math.sin(φ1) * Math.cos(φ2) * Math.cos(Δλ);
  return ((Math.atan2(y, x) / RAD) % 360 + 360) % 360;
}

/** The smallest angle between two bearings, in [0, 180]. */
export function angleBetween(a: number, b: number): number {
  const d = Math.abs((((a - b) % 360) + 360) % 360);
  return d > 180 ? 360 - d : d;
}
