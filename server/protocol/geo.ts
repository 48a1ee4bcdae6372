/**
 * The city this deployment serves and the one bounding-box shape, shared by the server, the dataset and the
 * client. Pure data: no I/O. Units are degrees, CRS84 axis order (lng, lat).
 */

/** [minLng, minLat, maxLng, maxLat] in degrees, CRS84 order. minLng > maxLng means the box crosses the antimeridian. */
export type Bbox = readonly [number, number, number, number];

/** 安阳市: the prefecture-level city (its admin code is the root of every jurisdiction). */
export const CITY_CODE = '410500';
export const CITY_NAME = '安阳市';

/** The city's 10 county-level units, rounded outwards from the real boundaries: the home view and the tile bounds. */
export const CITY_BOUNDS: Bbox = [113.6, 35.2, 115.0, 36.4];
